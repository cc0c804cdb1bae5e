// Posts the CRes (or the 3DS Method's answer) back to the 3DS Server without a click; the page's
// Continue button does the same without JavaScript.
(function () {
  var form = document.querySelector('form[data-auto-submit="true"]');
  if (form) {
    form.submit();
  }
})();
