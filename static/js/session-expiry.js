// The end of the session, announced (WCAG 2.1 SC 2.2.1): the server ends a session a fixed time after its last
// request (the idle timeout), and at the latest a fixed time after signing in (the absolute lifetime, which this page
// is told as the time left of it). Every answer from the server starts the idle time again: this page's own load, its
// htmx requests, and those of the other tabs of this browser (shared through localStorage, so that one busy tab keeps
// the others from warning). Shortly before the end a dialog offers to extend the session in place, or, when the
// absolute lifetime ends it, says that it cannot be extended and asks to save the work; at the end the page goes to
// the sign-in page, which says why and leads back here (`next`). Typed long texts are kept meanwhile (drafts.js).
(function () {
  "use strict";

  function meta(name) {
    var element = document.querySelector('meta[name="' + name + '"]');
    return element ? element.content : null;
  }

  var idleSeconds = Number(meta("ewg-session-idle-seconds"));
  var template = document.getElementById("session-expiry-warning");
  if (!idleSeconds || !template) return; // not signed in

  var idleMs = idleSeconds * 1000;
  var lifetimeSeconds = parseInt(meta("ewg-session-lifetime-seconds"), 10);
  var lifetimeEnd = isNaN(lifetimeSeconds) ? Infinity : Date.now() + lifetimeSeconds * 1000;
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
  var variants = null; // the dialog's parts for a session that can be extended, and for one that cannot
  var shownFinal = null;
  var returnFocus = null;
  var dismissed = false; // until the next answer from the server
  var finalDismissed = false; // the absolute end does not move: closed once, the warning stays closed
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

  // When the session ends without another request, and whether that is the absolute lifetime (final: no extending).
  function deadline() {
    var idleEnd = Math.max(lastContact, sharedContact()) + idleMs;
    return lifetimeEnd <= idleEnd ? { end: lifetimeEnd, final: true } : { end: idleEnd, final: false };
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
    variants.ends.forEach(function (time) {
      time.textContent = timeFormat.format(new Date(end));
      time.setAttribute("datetime", new Date(end).toISOString());
    });
    // Shown, not announced: the dialog's description names the time of the end once, when it opens.
    dialog.querySelector("[data-slot=left]").textContent = minutesAndSeconds(left);
  }

  // The parts of one variant, each with a place to return to: only the variant shown is in the dialog (the
  // buttons' display would override the `hidden` attribute).
  function parts(selector) {
    return Array.prototype.map.call(dialog.querySelectorAll(selector), function (element) {
      var place = document.createComment("");
      element.parentNode.insertBefore(place, element);
      return { element: element, place: place };
    });
  }

  function present(list, shown) {
    list.forEach(function (part) {
      if (shown && !part.element.parentNode) part.place.after(part.element);
      if (!shown && part.element.parentNode) part.element.remove();
    });
  }

  function useVariant(final) {
    if (shownFinal === final) return;
    var hadFocus = dialog.contains(document.activeElement);
    shownFinal = final;
    present(variants.extendable, !final);
    present(variants.final, final);
    if (hadFocus || (dialog.open && !dialog.contains(document.activeElement))) focusAction();
  }

  function focusAction() {
    dialog.querySelector(shownFinal ? "[data-continue]" : "[data-extend]").focus();
  }

  function build() {
    dialog = template.content.firstElementChild.cloneNode(true);
    variants = {
      ends: Array.prototype.slice.call(dialog.querySelectorAll("[data-slot=end]")),
      extendable: parts("[data-extendable]"),
      final: parts("[data-final]"),
    };
    dialog.querySelector("[data-extend]").addEventListener("click", extend);
    dialog.querySelector("[data-continue]").addEventListener("click", function () {
      finalDismissed = true;
      hide();
    });
    // Escape closes the warning without extending; the page still goes to the sign-in page at the end.
    dialog.addEventListener("cancel", function () {
      if (shownFinal) finalDismissed = true;
      else dismissed = true;
    });
    dialog.addEventListener("close", function () {
      if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
      returnFocus = null;
    });
    document.body.appendChild(dialog);
  }

  function show(state, left) {
    if (!dialog) build();
    useVariant(state.final);
    fill(state.end, left);
    if (dialog.open) return;
    returnFocus = document.activeElement;
    dialog.showModal();
    focusAction();
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
    var state = deadline();
    var left = state.end - Date.now();
    if (left <= -GRACE_MS) {
      expire();
    } else if (left <= warningMs && !(state.final ? finalDismissed : dismissed)) {
      show(state, left);
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
        return response.json().then(function (answer) {
          // The session runs for the idle time again, or less when the absolute lifetime ends it first.
          var expiresIn = Number(answer.expires_in);
          if (expiresIn < idleSeconds) lifetimeEnd = Math.min(lifetimeEnd, Date.now() + expiresIn * 1000);
          contact();
        });
      })
      .catch(function () {
        // No answer (the network): the session may still run; the button can be tried again.
      })
      .then(function () {
        button.removeAttribute("aria-disabled");
      });
  }

  function isSignIn(address) {
    try {
      return new URL(address, location.href).pathname === loginUrl;
    } catch (error) {
      return false;
    }
  }

  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    if (!xhr || xhr.status === 0 || xhr.status >= 500) return; // the server saves no session with an error page
    var redirect = xhr.getResponseHeader("HX-Redirect");
    if (redirect) {
      // The session had ended (htmx goes to the sign-in page): no contact, which would postpone other tabs' ends.
      if (isSignIn(redirect)) return;
    } else if (xhr.responseURL && isSignIn(xhr.responseURL)) {
      expire(); // a redirect to the sign-in page, followed inside the request: the whole page goes there
      return;
    }
    contact();
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
