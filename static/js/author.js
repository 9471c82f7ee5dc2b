// Readability warnings as a text is typed (the authoring question page).
// Without JavaScript the same warnings appear when the page is saved.
(function () {
  "use strict";
  var form = document.querySelector("form[data-lint-url]");
  if (!form || !window.fetch) { return; }
  var url = form.getAttribute("data-lint-url");
  var token = form.querySelector("input[name=csrf_token]");
  var timers = new WeakMap();

  function show(box, warnings) {
    while (box.firstChild) { box.removeChild(box.firstChild); }
    warnings.forEach(function (text) {
      var p = document.createElement("p");
      p.className = "warning";
      p.textContent = text;
      box.appendChild(p);
    });
  }

  function check(field) {
    var box = document.getElementById(field.getAttribute("aria-describedby"));
    if (!box) { return; }
    fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token ? token.value : ""},
      body: JSON.stringify({
        csrf_token: token ? token.value : "",
        text: field.value,
        lang: field.getAttribute("data-lint-lang"),
        bands: (field.getAttribute("data-lint-bands") || "").split(",")
      })
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { show(box, data.warnings || []); } })
      .catch(function () { /* offline: the warnings come on save */ });
  }

  form.addEventListener("input", function (event) {
    var field = event.target;
    if (!field.hasAttribute || !field.hasAttribute("data-lint-lang")) { return; }
    clearTimeout(timers.get(field));
    timers.set(field, setTimeout(function () { check(field); }, 500));
  });
}());
