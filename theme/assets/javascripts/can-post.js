/*
 * "Can I post this?" (can-i-post.html): the verdict from the answers to the charter's questions.
 *
 * Each question's fieldset says what a "yes" means (data-on-yes): "stop" (a confidentiality or
 * legal rule, the bad-buzz trigger), "ask" (a discouraged practice, a moderation rule) or
 * "follows" (an encouraged practice: a "no" only adds a reminder). "Not sure" means: ask first.
 * The verdict is the most serious one reached: don't post, ask first, go with reminders, go.
 * It is written in a live region (role=status), so a screen reader announces it.
 *
 * Nothing leaves the page and nothing is kept: no request, no storage, no dependency; it works
 * offline and from files opened directly (file://). The verdict's contacts are copies of what
 * the page already shows, cloned as nodes: no text is ever parsed as HTML here.
 */
(function () {
  "use strict";

  function setUp(form) {
    var questions = Array.prototype.slice.call(form.querySelectorAll(".hb-cp-question"));
    var region = document.querySelector("[data-hb-cp-verdict]");
    var fallback = document.querySelector("[data-hb-cp-fallback]");

    function answer(question) {
      var checked = question.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    }

    function outcome(verdict, reasons) {
      var template = document.querySelector('[data-hb-cp-outcome="' + verdict + '"]');
      var shown = template.cloneNode(true);
      var list = shown.querySelector("ul");
      reasons.forEach(function (question) {
        var item = document.createElement("li");
        var detail = question.querySelector(".hb-cp-detail").cloneNode(true);
        while (detail.firstChild) {
          item.appendChild(detail.firstChild);
        }
        list.appendChild(item);
      });
      return shown;
    }

    function update() {
      var stop = [], ask = [], reminders = [], pending = 0;
      questions.forEach(function (question) {
        var value = answer(question);
        var onYes = question.getAttribute("data-on-yes");
        if (onYes === "follows") {
          if (value !== "yes") {
            reminders.push(question);
          }
        } else if (value === "") {
          pending += 1;
        } else if (value === "unsure" || (value === "yes" && onYes === "ask")) {
          ask.push(question);
        } else if (value === "yes") {
          stop.push(question);
        }
      });
      var shown = null;
      if (stop.length) {
        shown = outcome("stop", stop);
      } else if (ask.length) {
        shown = outcome("ask", ask);
      } else if (pending === 0) {
        shown = reminders.length ? outcome("reminders", reminders) : outcome("go", []);
      }
      while (region.firstChild) {
        region.removeChild(region.firstChild);
      }
      if (shown) {
        region.setAttribute("data-verdict", shown.getAttribute("data-hb-cp-outcome"));
        region.appendChild(shown);
      } else {
        region.removeAttribute("data-verdict");
        var waiting = document.createElement("p");
        waiting.textContent = pending === 1
          ? region.getAttribute("data-pending-one")
          : region.getAttribute("data-pending").replace("{n}", String(pending));
        region.appendChild(waiting);
      }
    }

    form.addEventListener("change", update);
    // A reset clears the radios after the event: read them once it is done.
    form.addEventListener("reset", function () {
      window.setTimeout(update, 0);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    // Coming back to the page may restore the answers: show their verdict.
    window.addEventListener("pageshow", update);
    form.hidden = false;
    if (fallback) {
      fallback.hidden = true;
    }
    update();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-hb-can-post]"), setUp);
})();
