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
