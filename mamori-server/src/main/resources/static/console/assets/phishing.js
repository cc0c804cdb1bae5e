// Anti-phishing pages; a file of its own because the CSP forbids inline script.
// "Check a message": a chosen .eml file is read into the message field (the form works without this by pasting).
document.addEventListener("change", function (event) {
  var input = event.target;
  if (!(input instanceof HTMLInputElement) || input.id !== "message-file" || !input.files || !input.files[0]) {
    return;
  }
  var reader = new FileReader();
  reader.onload = function () {
    var target = document.getElementById("message-source");
    if (target) {
      target.value = String(reader.result);
    }
  };
  reader.readAsText(input.files[0]);
});
