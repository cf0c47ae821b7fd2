// The stations table: search, filters and sorting. Without JavaScript the table is simply shown
// whole; nothing here is needed to read the data.
(function () {
  "use strict";
  var table = document.getElementById("station-table");
  var form = document.getElementById("station-filters");
  if (!table || !form) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById("station-search");
  var count = document.getElementById("station-count");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  form.hidden = false;

  function words(text) {
    return text.toLowerCase().split(/\s+/).filter(function (w) { return w.length > 0; });
  }

  function apply() {
    var terms = words(search.value);
    var shown = 0;
    var visible = [];
    rows.forEach(function (row) {
      var text = row.getAttribute("data-search") || "";
      var match = terms.every(function (t) { return text.indexOf(t) !== -1; });
      selects.forEach(function (select) {
        var key = select.getAttribute("data-filter");
        if (select.value !== "" && row.getAttribute("data-" + key) !== select.value) { match = false; }
      });
      row.hidden = !match;
      if (match) { shown += 1; visible.push(row.getAttribute("data-office-id")); }
    });
    count.textContent = shown + " of " + rows.length + " stations shown";
    document.dispatchEvent(new CustomEvent("stations-filtered", { detail: { visible: visible } }));
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });

  // Sorting: each heading becomes a button (keyboard-usable); aria-sort says the order.
  var headings = Array.prototype.slice.call(table.tHead.rows[0].cells);
  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var value = cell.getAttribute("data-sort-value");
    if (value === null) { value = cell.textContent.trim(); }
    return numeric ? parseFloat(value) || 0 : value.toLowerCase();
  }
  function sortBy(heading) {
    var index = heading.cellIndex;
    var numeric = heading.getAttribute("data-sort") === "number";
    var ascending = heading.getAttribute("aria-sort") !== "ascending";
    headings.forEach(function (h) { h.removeAttribute("aria-sort"); });
    heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric);
      var y = cellValue(b, index, numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      if (order === 0) {
        order = a.getAttribute("data-office-id") < b.getAttribute("data-office-id") ? -1 : 1;
        return order;
      }
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  headings.forEach(function (heading) {
    if (!heading.hasAttribute("data-sort")) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = heading.textContent;
    heading.textContent = "";
    heading.appendChild(button);
    button.addEventListener("click", function () { sortBy(heading); });
  });

  // A search can be linked to: index.html#q=rotterdam
  var match = /^#q=(.*)$/.exec(window.location.hash);
  if (match) { search.value = decodeURIComponent(match[1]); }
  apply();
})();
