// The idle timeout, announced (WCAG 2.1 SC 2.2.1): the server ends a session a fixed time after its last request.
// Every answer from the server starts that time again: this page's own load, its htmx requests, and those of the
// other tabs of this browser (shared through localStorage, so that one busy tab keeps the others from warning).
// Shortly before the end a dialog offers to extend the session in place; at the end the page goes to the sign-in
// page, which says why and leads back here (`next`). Typed long texts are kept meanwhile (drafts.js).
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.content : null;
  }

  var idleSeconds = Number(meta("ewg-session-idle-seconds"));
  var template = document.getElementById("session-expiry-warning");
  if (!idleSeconds || !template) return; // not signed in

  var warningMs = Number(meta("ewg-session-warning-seconds")) * 1000;
  var extendUrl = meta("ewg-session-extend-url");
  var loginUrl = meta("ewg-login-url");
  var csrfToken = meta("ewg-csrf-token");
  var ACTIVITY_KEY = "ewg-session-activity";
  // The server's time ran from before this page's answer arrived, so it ends the session first; waiting a moment
  // longer makes sure the sign-in page finds it ended.
  var GRACE_MS = 2000;
  var lastContact = Date.now();
  var dialog = null;
  var returnFocus = null;
  var dismissed = false;
  var expiring = false;
  var timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
    hour: "2-digit",
    minute: "2-digit",
  });

  function sharedContact() {
    try {
      var value = Number(localStorage.getItem(ACTIVITY_KEY)) || 0;
      return value > Date.now() + GRACE_MS ? 0 : value; // a clock set back must not postpone the warning
    } catch (error) {
      return 0;
    }
  }

  function deadline() {
    return Math.max(lastContact, sharedContact()) + idleSeconds * 1000;
  }

  // An answer from the server: the session runs for the whole idle time again, in every tab.
  function contact() {
    lastContact = Date.now();
    try {
      localStorage.setItem(ACTIVITY_KEY, String(lastContact));
    } catch (error) {
      // Storage refused (private mode, full): this tab still keeps its own time.
    }
    dismissed = false;
    tick();
  }

  function minutesAndSeconds(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var rest = seconds % 60;
    return Math.floor(seconds / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function fill(end, left) {
    var time = dialog.querySelector("[data-slot=end]");
    time.textContent = timeFormat.format(new Date(end));
    time.setAttribute("datetime", new Date(end).toISOString());
    // Shown, not announced: the dialog's description names the time of the end once, when it opens.
    dialog.querySelector("[data-slot=left]").textContent = minutesAndSeconds(left);
  }

  function build() {
    dialog = template.content.firstElementChild.cloneNode(true);
    dialog.querySelector("[data-extend]").addEventListener("click", extend);
    // Escape closes the warning without extending; the page still goes to the sign-in page at the end.
    dialog.addEventListener("cancel", function () {
      dismissed = true;
    });
    dialog.addEventListener("close", function () {
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
      returnFocus = null;
    });
    document.body.appendChild(dialog);
  }

  function show(end, left) {
    if (!dialog) build();
    fill(end, left);
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
    dialog.querySelector("[data-extend]").focus();
  }

  function hide() {
    if (dialog && dialog.open) dialog.close();
  }

  function expire() {
    if (expiring) return;
    expiring = true;
    window.clearInterval(timer);
    var here = location.pathname + location.search;
    location.assign(loginUrl + "?" + new URLSearchParams({ next: here }).toString());
  }

  function tick() {
    if (expiring) return;
    var end = deadline();
    var left = end - Date.now();
    if (left <= -GRACE_MS) {
      expire();
    } else if (left <= warningMs && !dismissed) {
      show(end, left);
    } else if (left > warningMs) {
      hide();
    }
  }

  function extend() {
    var button = dialog.querySelector("[data-extend]");
    if (button.getAttribute("aria-disabled") === "true") return;
    button.setAttribute("aria-disabled", "true");
    fetch(extendUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken, Accept: "application/json" },
    })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (!response.ok || response.redirected || !json) {
          expire(); // the session had already ended: the sign-in page says so
          return;
        }
        contact();
      })
      .catch(function () {
        // No answer (the network): the session may still run; the button can be tried again.
      })
      .then(function () {
        button.removeAttribute("aria-disabled");
      });
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (xhr && xhr.status > 0 && xhr.status < 500) contact(); // the server saves no session with an error page
  });
  window.addEventListener("storage", function (event) {
    if (event.key === ACTIVITY_KEY) {
      dismissed = false;
      tick();
    }
  });

  var timer = window.setInterval(tick, 1000);
  contact(); // this page's own load
})();
