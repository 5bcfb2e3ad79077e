// A wide table sits in a box that scrolls sideways (Material wraps every table in
// .md-typeset__scrollwrap). A keyboard user must be able to reach that box to scroll it
// (axe: scrollable-region-focusable; WCAG 2.1.1), so boxes that do overflow take the focus.
(function () {
  function makeFocusable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
      }
    });
  }
  // document$ is Material's page observable: it also fires after instant navigation.
  if (window.document$) {
    window.document$.subscribe(makeFocusable);
  } else {
    document.addEventListener("DOMContentLoaded", makeFocusable);
  }
  window.addEventListener("resize", makeFocusable);
})();
