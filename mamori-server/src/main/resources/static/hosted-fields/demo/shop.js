/*
 * The demo shop's own script. It mounts Mamori's hosted fields and, on "pay", sends only the
 * token (plus brand and last 4 digits for the receipt) to the shop's server.
 */
(function () {
  'use strict';
  var checkout = document.getElementById('checkout');
  var locale = checkout.getAttribute('data-locale');
  var ja = locale !== 'en';
  var pay = document.getElementById('pay');
  var message = document.getElementById('shop-message');
  var received = document.getElementById('received');

  var fields = window.MamoriFields.mount('#card-fields', {
    publishableKey: checkout.getAttribute('data-publishable-key'),
    locale: locale,
    onToken: function (card) {
      message.className = '';
      message.textContent = ja ? 'ご注文を送信しています…' : 'Placing the order…';
      fetch('/demo/shop/orders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ token: card.token, brand: card.brand, last4: card.last4,
          expiryMonth: card.expiryMonth, expiryYear: card.expiryYear,
          amount: 5200, currency: 'JPY' })
      }).then(function (response) { return response.json(); }).then(function (reply) {
        received.textContent = JSON.stringify(reply, null, 2);
        message.className = 'ok';
        message.textContent = (ja ? 'ご注文を受け付けました。カード: ' : 'Order placed. Card: ')
          + card.brand + ' •••• ' + card.last4;
        document.body.setAttribute('data-token', card.token);
        pay.disabled = false;
      }, function () {
        message.textContent = ja ? 'ショップのサーバーに接続できませんでした。' : 'Could not reach the shop server.';
        pay.disabled = false;
      });
    },
    onError: function (error) {
      message.className = '';
      message.textContent = error.message;
      pay.disabled = false;
    }
  });

  pay.addEventListener('click', function () {
    pay.disabled = true;
    message.className = '';
    message.textContent = '';
    fields.submit();
  });
}());
