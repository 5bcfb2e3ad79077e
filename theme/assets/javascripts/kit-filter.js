/*
 * Filter of the kits index (kits/index.html): by track, persona, pillar and format.
 *
 * The page lists every kit in a table whose rows carry their values (data-track="employee",
 * data-persona="reporter supporter"...); the form's selects are named after the same facets.
 * No request and no dependency: it works offline and from files opened directly (file://).
 * Without JavaScript the form stays hidden and every kit stays listed. A link such as
 * index.html?track=employee opens the index already filtered.
 */
(function () {
  "use strict";

  function setUp(form) {
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-track]"));
    var count = form.querySelector(".hb-filter__count");

    function matches(row) {
      return selects.every(function (select) {
        var values = (row.getAttribute("data-" + select.name) || "").split(" ");
        return select.value === "" || values.indexOf(select.value) !== -1;
      });
    }

    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        row.hidden = !matches(row);
        if (!row.hidden) {
          shown += 1;
        }
      });
      count.textContent = shown === 0
        ? count.getAttribute("data-none")
        : count.getAttribute("data-shown")
            .replace("{n}", String(shown)).replace("{total}", String(rows.length));
    }

    var query = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = query.get(select.name);
      var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === wanted;
      });
      if (wanted !== null && known) {
        select.value = wanted;
      }
      select.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
    // Coming back to the page restores the selects: show the rows they select.
    window.addEventListener("pageshow", apply);
    form.hidden = false;
    apply();
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-hb-filter]"), setUp);
})();
