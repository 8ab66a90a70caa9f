// A courtesy, not the guard (the server spends each form's one-time token once): after the first click a form's
// submit buttons show that the form is on its way, and further clicks are ignored until the page changes.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
      button.setAttribute("aria-disabled", "true");
      button.classList.add("app-btn--busy");
    });
  });
  // Coming back with the browser's back button shows the page from its cache: the form may be sent again (the
  // server answers with the first result).
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("[aria-disabled=true]").forEach(function (button) {
        button.removeAttribute("aria-disabled");
        button.classList.remove("app-btn--busy");
      });
    });
  });
})();
