// Moderation shortcuts and span selection: progressive enhancement only.
(function () {
  "use strict";
  function typing(e) {
    var t = e.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  var items = Array.prototype.slice.call(document.querySelectorAll(".queue-item"));
  var current = -1;
  function focusItem(i) {
    if (!items.length) { return; }
    current = Math.max(0, Math.min(items.length - 1, i));
    var link = items[current].querySelector("a");
    if (link) { link.focus(); }
  }
  document.addEventListener("keydown", function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    if (e.key === "j") { focusItem(current + 1); e.preventDefault(); return; }
    if (e.key === "k") { focusItem(current - 1); e.preventDefault(); return; }
    if (e.key === "x" && current >= 0) {
      var box = items[current].querySelector("input[type=checkbox]");
      if (box) { box.checked = !box.checked; }
      return;
    }
    var target = document.querySelector("[data-key='" + e.key + "']");
    if (target) { e.preventDefault(); target.click(); }
  });
  // Select text in an answer, then press the button to redact it as well. The
  // server counts characters (code points) over the text with one LF per line
  // break, as the page holds it; JavaScript strings count UTF-16 units, so an
  // emoji before a name would shift a count taken with .length. The selected
  // text goes along too, and the server masks only if it finds exactly that.
  function codePoints(s) { return Array.from(s).length; }
  document.querySelectorAll(".answer-text").forEach(function (p) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = document.documentElement.getAttribute("data-redact-label") || "Redact the selected text";
    p.insertAdjacentElement("afterend", button);
    button.addEventListener("click", function () {
      var sel = window.getSelection();
      if (!sel.rangeCount || sel.isCollapsed) { return; }
      var range = sel.getRangeAt(0).cloneRange();
      if (!range.intersectsNode(p)) { return; }
      // Keep only the part of the selection inside this answer.
      if (!p.contains(range.startContainer)) { range.setStart(p, 0); }
      if (!p.contains(range.endContainer)) { range.setEnd(p, p.childNodes.length); }
      var selected = range.toString();
      if (!selected) { return; }
      var before = document.createRange();
      before.selectNodeContents(p);
      before.setEnd(range.startContainer, range.startOffset);
      var start = codePoints(before.toString());
      var end = start + codePoints(selected);
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = "add-" + p.getAttribute("data-answer");
      input.value = start + ":" + end + ":" + selected;
      document.getElementById("decision").appendChild(input);
      var mark = document.createElement("mark");
      mark.className = "pii";
      try { range.surroundContents(mark); } catch (err) { /* spans across marks: input is kept */ }
      sel.removeAllRanges();
    });
  });
}());
