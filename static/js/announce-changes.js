// Status messages for content that htmx redraws often (WCAG 4.1.3): an element with an id and `data-announce` carries
// a short text, `data-announce-in` names the polite status region that speaks it. The region is written only when the
// element's text differs from the one it had before, so a row polled every second is heard when its state or its
// progress in quarters changes, not on every poll. What the page shows when it loads is not announced.
(function () {
  "use strict";
  var heard = new Map(); // element id -> the text it had last

  function note(element) {
    var text = element.dataset.announce;
    if (heard.has(element.id) && heard.get(element.id) !== text) {
      var region = document.getElementById(element.dataset.announceIn);
      if (region) region.textContent = text;
    }
    heard.set(element.id, text);
  }

  function noteWithin(root) {
    if (root.matches("[data-announce]")) note(root);
    root.querySelectorAll("[data-announce]").forEach(note);
  }

  noteWithin(document.documentElement); // deferred: the page is parsed
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element) noteWithin(event.target);
  });
})();
