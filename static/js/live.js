// Live session pages: follow the room without reloading by hand. Progressive
// enhancement only: without this file the pages refresh themselves and offer
// a "Check for the next question" button.
(function () {
  "use strict";
  var POLL_MS = 1000;

  // Ask for `url` with the last ETag; call `changed(response)` only on a 200.
  function poller(url, changed) {
    var etag = null;
    function tick() {
      var headers = etag ? { "If-None-Match": etag } : {};
      fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" })
        .then(function (r) {
          if (r.status === 200) {
            etag = r.headers.get("ETag");
            return changed(r);
          }
          return null;
        })
        .catch(function () { return null; })
        .then(function () { window.setTimeout(tick, POLL_MS); });
    }
    tick();
  }

  // A participant's phone: reload when the room moves on, unless they are typing.
  var room = document.querySelector("[data-live-state]");
  if (room) {
    var step = Number(room.getAttribute("data-live-step"));
    var session = Number(room.getAttribute("data-live-session"));
    poller(room.getAttribute("data-live-state"), function (r) {
      return r.json().then(function (state) {
        // Steps only go up within a session; a worker's copy a moment older than
        // the page is no reason to reload.
        if (state.session === session && state.step <= step) { return; }
        var field = document.querySelector(".live-room textarea, .live-room input[type=text]");
        if (field && field.value && document.activeElement === field) {
          var note = document.querySelector("[data-live-note]");
          if (note) { note.hidden = false; }
          return;
        }
        window.location.reload();
      });
    });
  }

  // The room screen: swap in the part that changed.
  var body = document.querySelector("[data-screen-body]");
  if (body) {
    poller(body.getAttribute("data-screen-body"), function (r) {
      return r.text().then(function (html) {
        var parsed = new DOMParser().parseFromString(html, "text/html");
        body.replaceChildren.apply(body, Array.prototype.slice.call(parsed.body.childNodes));
      });
    });
  }
}());
