// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        var note = document.querySelector("[data-copied]");
        if (note) { note.hidden = false; }
      });
    });
  });
  // Show closing dates in the reader's own time zone.
  document.querySelectorAll("time[datetime*='T']").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (!isNaN(when)) {
      el.textContent = when.toLocaleString(document.documentElement.lang,
        { dateStyle: "long", timeStyle: "short" });
    }
  });
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
}());
