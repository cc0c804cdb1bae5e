// After a 3-D Secure challenge: take the cardholder back to the merchant's page (the whole window,
// not only the challenge iframe). The link stays on the page for a browser that blocks this.
(function () {
  var link = document.getElementById('mamori-return');
  if (!link) {
    return;
  }
  try {
    window.top.location.href = link.href;
  } catch (e) {
    window.location.href = link.href;
  }
}());
