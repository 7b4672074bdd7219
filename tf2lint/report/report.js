"use strict";
// Sortable tables: a click on a column heading sorts the rows by that column (numbers by value), again to
// reverse. Before printing, every finding list is opened.
(function () {
  function key(row, column, kind) {
    var cell = row.cells[column];
    var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
    return kind === "number" ? Number(value) : value.toLowerCase();
  }
  function sort(table, heading) {
    var column = heading.cellIndex;
    var kind = heading.getAttribute("data-kind");
    var current = heading.getAttribute("aria-sort");  // first click: numbers largest first, text A to Z
    var descending = current === "none" ? kind === "number" : current === "ascending";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column, kind), y = key(b, column, kind);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return descending ? -order : order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      if (cell.hasAttribute("aria-sort")) { cell.setAttribute("aria-sort", "none"); }
    });
    heading.setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.querySelectorAll("th button.sort"), function (button) {
      button.addEventListener("click", function () { sort(table, button.parentNode); });
    });
  });
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details"), function (details) { details.open = true; });
  });
})();
