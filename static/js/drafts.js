// Long texts being typed are kept in this browser until their form is saved, so that a form sent into an expired
// session, or a page left at the idle timeout, loses nothing: every <textarea> of a POST form, encrypted with
// AES-GCM under the signed-in account's key (a <meta> tag of its pages, agencies.drafts) before it is written to
// localStorage. Nothing readable is stored: the entry's name is an HMAC of the page, the form and the field under
// the same key, and its text is ciphertext; only when it was saved and when it expires are plain. Without the key
// (signed out, before the second factor) nothing is read or written.
//
// Back on the same page after signing in, the user is offered the text. A draft is removed once its form was saved,
// and only on the server's word: sending marks the draft with the form's one-time token (agencies.submissions), and
// the server names the tokens of the forms it saved on the next page it shows (<meta name="ewg-saved-forms">). A
// marked draft no page confirms (an error page, a proxy's or the network's error, the sign-in page, a form sent back
// with errors) stays, and is offered again when its form is shown with a different text.
(function () {
  "use strict";

  var PREFIX = "ewg-draft:";
  var KEPT_MS = 24 * 3600 * 1000;
  var FIELDS = "form[method=post] textarea[name]:not([readonly]):not([disabled]):not([data-draft=off])";
  var TOKEN = "submission"; // the form's one-time token (agencies.submissions.SUBMISSION_FIELD)
  // A form sent back with errors, or a refusal shown as an error message: what was sent was not saved.
  var ERRORS =
    "[data-error-summary], .kern-form-input--error, .kern-fieldset--error, .kern-form-check--error, .kern-alert--danger";
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage refused: no drafts
    }
  }

  function read(store, name) {
    try {
      var entry = JSON.parse(store.getItem(name));
      return entry && entry.v === 1 ? entry : null;
    } catch (error) {
      return null;
    }
  }

  function draftNames(store) {
    var names = [];
    for (var index = 0; index < store.length; index++) {
      var name = store.key(index);
      if (name && name.indexOf(PREFIX) === 0) names.push(name);
    }
    return names;
  }

  function hasFormErrors() {
    var navigation = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    if (navigation && navigation.responseStatus >= 400) return true;
    return document.querySelector(ERRORS) !== null;
  }

  function savedForms() {
    var tag = document.querySelector('meta[name="ewg-saved-forms"]');
    return tag ? tag.content.split(/\s+/).filter(Boolean) : [];
  }

  // What every page does first, with or without the key: drafts past their time go, and so do the drafts of the
  // forms this page says were saved (in whichever tab they were sent: the storage is shared).
  function settle(store) {
    var saved = savedForms();
    draftNames(store).forEach(function (name) {
      var entry = read(store, name);
      var confirmed = entry && typeof entry.submitted === "string" && saved.indexOf(entry.submitted) !== -1;
      if (!entry || entry.expires < Date.now() || confirmed) store.removeItem(name);
    });
  }

  function bytes(base64) {
    return Uint8Array.from(atob(base64), function (character) {
      return character.charCodeAt(0);
    });
  }

  function base64(buffer) {
    var all = new Uint8Array(buffer);
    var binary = "";
    for (var start = 0; start < all.length; start += 0x8000) {
      binary += String.fromCharCode.apply(null, all.subarray(start, start + 0x8000)); // long texts: in slices
    }
    return btoa(binary);
  }

  function base64url(buffer) {
    return base64(buffer).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  // Two keys from the account's key: one encrypts, the other names the entries.
  function deriveKeys(raw) {
    var subtle = crypto.subtle;
    function info(text) {
      return { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(text) };
    }
    return subtle.importKey("raw", bytes(raw), "HKDF", false, ["deriveKey"]).then(function (base) {
      return Promise.all([
        subtle.deriveKey(info("ewg drafts: text"), base, { name: "AES-GCM", length: 256 }, false, [
          "encrypt",
          "decrypt",
        ]),
        subtle.deriveKey(info("ewg drafts: names"), base, { name: "HMAC", hash: "SHA-256", length: 256 }, false, [
          "sign",
        ]),
      ]).then(function (keys) {
        return { text: keys[0], names: keys[1] };
      });
    });
  }

  function start(store, keys, offerTemplate) {
    var fields = new WeakMap(); // textarea -> its state

    function nameOf(textarea) {
      var action = new URL(textarea.form.action, location.href).pathname;
      // The page with its query (which may choose what the form is for, such as the parent of a new goal).
      var identity = JSON.stringify([location.pathname + location.search, action, textarea.name]);
      return crypto.subtle.sign("HMAC", keys.names, encoder.encode(identity)).then(function (signature) {
        return PREFIX + base64url(signature);
      });
    }

    function encrypt(state, text) {
      var iv = crypto.getRandomValues(new Uint8Array(12));
      var algorithm = { name: "AES-GCM", iv: iv, additionalData: encoder.encode(state.name) };
      return crypto.subtle.encrypt(algorithm, keys.text, encoder.encode(text)).then(function (sealed) {
        var saved = Date.now();
        var entry = { v: 1, iv: base64(iv), text: base64(sealed), saved: saved, expires: saved + KEPT_MS };
        entry.submitted = state.submitted; // the token of the sending it was marked by, or null
        return entry;
      });
    }

    function decrypt(name, entry) {
      var algorithm = { name: "AES-GCM", iv: bytes(entry.iv), additionalData: encoder.encode(name) };
      return crypto.subtle.decrypt(algorithm, keys.text, bytes(entry.text)).then(function (plain) {
        return decoder.decode(plain);
      });
    }

    // One write at a time per field; typing during a write is written right after it.
    function save(state) {
      if (state.offer) return; // the kept text waits for the user's choice
      if (state.writing) {
        state.dirty = true;
        return;
      }
      var text = state.textarea.value;
      if (!text.trim()) {
        store.removeItem(state.name);
        return;
      }
      state.writing = true;
      encrypt(state, text)
        .then(function (entry) {
          store.setItem(state.name, JSON.stringify(entry));
        })
        .catch(function () {
          // Storage full or refused: the form on the page still holds the text.
        })
        .then(function () {
          state.writing = false;
          if (state.dirty) {
            state.dirty = false;
            save(state);
          }
        });
    }

    function labelOf(textarea) {
      var label = textarea.labels && textarea.labels[0];
      if (!label) return textarea.name;
      var copy = label.cloneNode(true);
      copy.querySelectorAll(".kern-label__optional").forEach(function (extra) {
        extra.remove();
      });
      return copy.textContent.trim();
    }

    function offer(state, text, entry) {
      var notice = offerTemplate.content.firstElementChild.cloneNode(true);
      var saved = new Date(entry.saved);
      var time = notice.querySelector("[data-slot=saved]");
      time.textContent = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
        dateStyle: "medium",
        timeStyle: "short",
      }).format(saved);
      time.setAttribute("datetime", saved.toISOString());
      notice.querySelector("[data-slot=field]").textContent = labelOf(state.textarea);
      state.offer = notice;
      function close() {
        notice.remove();
        state.offer = null;
        state.textarea.focus();
      }
      notice.querySelector("[data-restore]").addEventListener("click", function () {
        state.textarea.value = text;
        close();
        state.textarea.dispatchEvent(new Event("input", { bubbles: true })); // for other scripts, and saved again
      });
      notice.querySelector("[data-discard]").addEventListener("click", function () {
        store.removeItem(state.name);
        close();
        save(state); // what the field holds now is kept from here on
      });
      var group = state.textarea.closest(".kern-form-input") || state.textarea;
      group.parentNode.insertBefore(notice, group);
    }

    function track(textarea) {
      if (fields.has(textarea)) return;
      var state = { textarea: textarea, name: null, writing: false, dirty: false, submitted: null, offer: null };
      fields.set(textarea, state);
      var name;
      nameOf(textarea)
        .then(function (found) {
          name = found;
          var entry = read(store, name);
          if (!entry) return;
          return decrypt(name, entry).then(
            function (text) {
              if (text.trim() && text.trim() !== textarea.value.trim()) offer(state, text, entry);
            },
            function () {
              store.removeItem(name); // written under a key the account no longer has
            }
          );
        })
        .then(function () {
          // Only now is the field written: typing meanwhile must not overwrite the kept text before it is offered.
          state.name = name;
          if (state.typedEarly && !state.offer) save(state);
        });
    }

    function trackAll(root) {
      root.querySelectorAll(FIELDS).forEach(track);
    }

    function statesOf(form) {
      var states = [];
      form.querySelectorAll("textarea").forEach(function (textarea) {
        var state = fields.get(textarea);
        if (state && state.name) states.push(state);
      });
      return states;
    }

    function answeredInPlace(xhr, path) {
      try {
        return new URL(xhr.responseURL).pathname === new URL(path, location.href).pathname;
      } catch (error) {
        return false;
      }
    }

    function tokenOf(form) {
      var field = form.elements.namedItem(TOKEN);
      return field && field.value ? field.value : null;
    }

    // Sending marks the form's drafts with its token; a page that names the token removes them (see settle above).
    function mark(form, submitted) {
      statesOf(form).forEach(function (state) {
        state.submitted = submitted;
        var entry = read(store, state.name);
        if (entry) {
          entry.submitted = submitted;
          store.setItem(state.name, JSON.stringify(entry));
        }
      });
    }

    document.addEventListener("input", function (event) {
      var state = fields.get(event.target);
      if (!state) return;
      if (state.name) save(state);
      else state.typedEarly = true;
    });
    document.addEventListener(
      "submit",
      function (event) {
        var form = event.target;
        if (form instanceof HTMLFormElement && form.method.toLowerCase() === "post") mark(form, tokenOf(form));
      },
      true
    );
    // A form sent by htmx: the answer is swapped into this page, which stays.
    document.addEventListener("htmx:beforeRequest", function (event) {
      var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
      if (form && event.detail.requestConfig && event.detail.requestConfig.verb === "post") mark(form, tokenOf(form));
    });
    document.addEventListener("htmx:afterRequest", function (event) {
      var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("form");
      if (!form || !event.detail.requestConfig || event.detail.requestConfig.verb !== "post") return;
      var xhr = event.detail.xhr;
      var leaving = xhr && xhr.getResponseHeader("HX-Redirect");
      if (leaving) return; // the page goes elsewhere: the page there names the token if the form was saved
      // Saved: a success answered by the address asked (not one a redirect led to, such as the sign-in page).
      if (event.detail.successful && answeredInPlace(xhr, event.detail.requestConfig.path) && !hasFormErrors()) {
        statesOf(form).forEach(function (state) {
          store.removeItem(state.name);
        });
      } else {
        mark(form, null);
      }
    });
    document.addEventListener("htmx:afterSettle", function (event) {
      trackAll(event.detail.elt || document);
    });
    trackAll(document);
  }

  var store = storage();
  if (!store) return;
  var keyTag = document.querySelector('meta[name="ewg-draft-key"]');
  var offerTemplate = document.getElementById("draft-offer");
  var usable = keyTag && offerTemplate && window.crypto && crypto.subtle && window.isSecureContext;
  settle(store);
  if (!usable) return;
  deriveKeys(keyTag.content).then(function (keys) {
    start(store, keys, offerTemplate);
  });
})();
