// A form sent with errors comes back with an error summary (templates/forms/error_summary.html). It takes the focus
// when the page loads, so that keyboard and screen-reader users hear at once what to correct, and its links move the
// focus to the field, opening the <details> that holds it. Without this script the links still scroll to the field.
(function () {
  "use strict";
  var CONTROLS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

  function openAround(element) {
    for (var node = element; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  }

  // The field's own control, or the first one a group's fieldset holds that can take the focus.
  function controlOf(target) {
    if (target.matches(CONTROLS)) return target;
    return target.querySelector(CONTROLS);
  }

  // What names the field: a group's legend, a control's label; scrolled into view above the control.
  function captionOf(target, control) {
    if (target.tagName === "FIELDSET") return target.querySelector("legend") || target;
    return (control.labels && control.labels[0]) || control;
  }

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    openAround(summary);
    summary.focus();
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    var control = target && controlOf(target);
    if (!control) return;
    event.preventDefault();
    openAround(target);
    captionOf(target, control).scrollIntoView();
    control.focus({ preventScroll: true });
  });
})();
