// Authorization host pages; a file of its own because the CSP forbids inline script.
// A click on a table row with data-href opens it (links and buttons inside the row keep their own meaning).
document.addEventListener("click", function (event) {
  var target = event.target;
  if (!(target instanceof Element) || target.closest("a, button, input, select, textarea, form")) {
    return;
  }
  var row = target.closest("tr[data-href]");
  if (row) {
    window.location.assign(row.getAttribute("data-href"));
  }
});

// A click on a rule error's position puts the caret there in the editor.
document.addEventListener("click", function (event) {
  var target = event.target;
  if (!(target instanceof Element)) {
    return;
  }
  var button = target.closest(".rule-error button.position");
  var editor = document.getElementById("rule-source");
  if (!button || !editor) {
    return;
  }
  var item = button.closest(".rule-error");
  var line = parseInt(item.getAttribute("data-line"), 10) || 1;
  var column = parseInt(item.getAttribute("data-column"), 10) || 1;
  var lines = editor.value.split("\n");
  var offset = 0;
  for (var i = 0; i < line - 1 && i < lines.length; i++) {
    offset += lines[i].length + 1;
  }
  offset += Math.min(column - 1, (lines[line - 1] || "").length);
  editor.focus();
  editor.setSelectionRange(offset, offset + 1);
});
