// The live queue's keys: j/k move between texts, a puts the current one on the
// screen, r rejects it. Progressive enhancement: every button works without it.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  var current = 0;
  function focusItem(i) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, i));
    var first = items[current].querySelector("button");
    if (first) { first.focus(); }
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (t && /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) { return; }
    if (e.ctrlKey || e.metaKey || e.altKey || !items.length) { return; }
    if (e.key === "j") { focusItem(current + 1); e.preventDefault(); return; }
    if (e.key === "k") { focusItem(current - 1); e.preventDefault(); return; }
    var button = items[current].querySelector("[data-live-key='" + e.key + "']");
    if (button) { e.preventDefault(); button.click(); }
  });
}());
