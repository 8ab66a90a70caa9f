// A cell of the attendance grid saves when its value is committed, once per value (WCAG 3.2.2 On Input). Chrome fires
// `change` on every arrow key in a closed select, and each save of a recorded day writes a correction, so a value
// reached by keys (arrows, Home/End, Page keys, type-ahead letters) is saved on Enter or when the focus leaves the
// select. A pick from the open list, with the pointer or the keyboard, saves at once. The select's `data-saved` holds
// the value the server has; htmx posts the cell on the `attendance-commit` event (see _attendance_cell.html).
(function () {
  "use strict";
  var CELL = "select[data-saved]";
  var NAVIGATION_KEYS = ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"];
  var keyed = new WeakSet(); // selects whose next `change` comes from a key that changes the value in place
  var before = new WeakMap(); // select -> the value saved before the request on its way

  function cellOf(event) {
    var target = event.target;
    return target instanceof HTMLSelectElement && target.matches(CELL) ? target : null;
  }

  // Keys that change the value of a closed select without opening its list (Alt+ArrowDown and Space open it).
  function changesInPlace(event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return false;
    return NAVIGATION_KEYS.indexOf(event.key) !== -1 || (event.key.length === 1 && event.key !== " ");
  }

  // A value committed while the cell's previous save is on its way waits for that answer: the answer replaces the
  // cell, and htmx drops a request queued on the select it replaced.
  var pending = new Map(); // select id -> the value to save once the answer is in; null: a save on its way

  function commit(select) {
    if (pending.has(select.id)) {
      pending.set(select.id, select.value);
      return;
    }
    if (select.value === select.dataset.saved) return;
    pending.set(select.id, null);
    before.set(select, select.dataset.saved);
    select.dataset.saved = select.value; // the answer replaces the cell; until then, no second save of this value
    htmx.trigger(select, "attendance-commit");
  }

  document.addEventListener("keydown", function (event) {
    var select = cellOf(event);
    if (!select) return;
    if (changesInPlace(event)) keyed.add(select);
    else keyed.delete(select);
    if (event.key === "Enter") commit(select);
  });
  document.addEventListener("pointerdown", function (event) {
    var select = cellOf(event);
    if (select) keyed.delete(select);
  });
  document.addEventListener("change", function (event) {
    var select = cellOf(event);
    if (!select) return;
    if (keyed.has(select)) {
      keyed.delete(select); // saved on Enter or when the focus leaves
      return;
    }
    commit(select);
  });
  document.addEventListener("focusout", function (event) {
    var select = cellOf(event);
    if (select) commit(select);
  });
  // A request that failed (no answer, or an error page) saved nothing: Enter or leaving the select tries again.
  document.addEventListener("htmx:afterRequest", function (event) {
    var select = cellOf(event);
    if (!select || event.detail.successful) return;
    if (before.has(select)) select.dataset.saved = before.get(select);
    pending.delete(select.id);
  });
  // The answer's cell is in place: a value chosen meanwhile is saved now.
  document.addEventListener("htmx:load", function (event) {
    var select = event.target.querySelector && event.target.querySelector(CELL);
    if (!select || !pending.has(select.id)) return;
    var waiting = pending.get(select.id);
    pending.delete(select.id);
    if (waiting !== null && waiting !== select.dataset.saved) {
      select.value = waiting;
      commit(select);
    }
  });
})();
