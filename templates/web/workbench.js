// The workbench's one script: a selection in a document's text becomes the claim form's quote and
// its start offset (in code points, as the store counts them). Without it the form still works:
// paste the quote and the store finds it.
(function () {
  "use strict";
  var text = document.getElementById("text");
  var quote = document.getElementById("quote");
  var start = document.getElementById("start");
  if (!text || !quote || !start) { return; }

  function codePoints(s) { return Array.from(s).length; }

  // The offset of (node, offset) in the text block's textContent, in code points.
  function offsetOf(node, offset) {
    var range = document.createRange();
    range.setStart(text, 0);
    range.setEnd(node, offset);
    return codePoints(range.toString());
  }

  function take() {
    var sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) { return; }
    var range = sel.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) { return; }
    var chosen = range.toString();
    if (!chosen.trim()) { return; }
    quote.value = chosen;
    start.value = String(offsetOf(range.startContainer, range.startOffset));
    var statement = document.getElementById("statement");
    if (statement && !statement.value) { statement.focus(); }
  }

  text.addEventListener("mouseup", take);
  text.addEventListener("keyup", take);
  // A quote typed or pasted by hand has no known offset: the store finds it.
  quote.addEventListener("input", function () { start.value = ""; });
})();

// Keyboard review on the review queue: j / k the next / previous proposal, c confirms it (its
// note as typed), d dismisses it: the reason field takes the focus, Enter sends it. Keys typed
// into a field are the field's. Without the script each proposal's two forms work as they are.
(function () {
  "use strict";
  var queue = document.getElementById("review-queue");
  if (!queue) { return; }
  var items = Array.prototype.slice.call(queue.querySelectorAll("li.pair"));
  if (!items.length) { return; }
  var current = -1;

  function select(index) {
    if (index < 0 || index >= items.length) { return; }
    if (current >= 0) { items[current].classList.remove("current"); }
    current = index;
    var item = items[current];
    item.classList.add("current");
    item.focus();
    item.scrollIntoView({ block: "nearest" });
  }

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (typing(event.target)) {
      if (event.key === "Escape" && current >= 0) { items[current].focus(); }
      return;
    }
    var item = current >= 0 ? items[current] : null;
    if (event.key === "j") { select(current + 1); event.preventDefault(); }
    else if (event.key === "k") { select(current < 0 ? 0 : current - 1); event.preventDefault(); }
    else if (event.key === "c" && item) {
      var confirm = item.querySelector("form.confirm");
      if (confirm) { event.preventDefault(); confirm.requestSubmit(); }
    } else if (event.key === "d" && item) {
      var reason = item.querySelector("form.dismiss input[name=note]");
      if (reason) { event.preventDefault(); reason.focus(); }
    }
  });
  items.forEach(function (item, index) {
    item.addEventListener("focus", function () {
      if (current !== index) { select(index); }
    });
  });
})();
