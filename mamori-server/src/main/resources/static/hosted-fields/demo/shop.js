/*
 * The demo shop's own script. It mounts Mamori's hosted fields and, on "pay", sends only the
 * token to the shop's server, which authenticates it with 3-D Secure; the page runs the ACS's 3DS
 * Method and challenge in frames as the server asks, then shows the outcome.
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
      message.textContent = ja ? '本人認証（3-D セキュア）を開始しています…' : 'Starting 3-D Secure authentication…';
      document.body.setAttribute('data-token', card.token);
      post('/demo/shop/checkout/start', {
        publishableKey: checkout.getAttribute('data-publishable-key'), token: card.token, lang: locale,
        challengeWindowSize: document.getElementById('window-size').value,
        browser: { colorDepth: window.screen.colorDepth, screenHeight: window.screen.height, screenWidth: window.screen.width,
          timeZone: new Date().getTimezoneOffset(), javaEnabled: false, language: navigator.language }
      }).then(step, failed);
    },
    onError: function (error) {
      message.className = '';
      message.textContent = error.message;
      pay.disabled = false;
    }
  });

  var threeds = document.getElementById('threeds');
  var container = document.getElementById('challenge-container');
  var outcome = document.getElementById('outcome');
  var polling = null;

  function post(url, body) {
    return fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (response) { return response.json(); });
  }

  function failed() {
    message.textContent = ja ? 'ショップのサーバーに接続できませんでした。' : 'Could not reach the shop server.';
    pay.disabled = false;
  }

  // A form posted into a frame (or the whole window): how the 3DS Method and the challenge are opened.
  function postForm(action, target, fields, submitLabel) {
    var form = document.createElement('form');
    form.method = 'post';
    form.action = action;
    form.target = target;
    Object.keys(fields).forEach(function (name) {
      var input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = fields[name];
      form.appendChild(input);
    });
    if (submitLabel) {
      var button = document.createElement('button');
      button.type = 'submit';
      button.id = 'challenge-go';
      button.textContent = submitLabel;
      form.appendChild(button);
    }
    container.appendChild(form);
    return form;
  }

  function step(view) {
    received.textContent = JSON.stringify(view, null, 2);
    if (view.step === 'error' || !view.id) {
      message.textContent = view.error || (ja ? 'お支払いを開始できませんでした。' : 'The payment could not be started.');
      pay.disabled = false;
    } else if (view.step === 'method') {
      runMethod(view);
    } else if (view.step === 'challenge') {
      challenge(view);
    } else if (view.step === 'waiting') {
      poll(view.id);
    } else if (view.step === 'done') {
      finish(view.result);
    }
  }

  // The ACS's 3DS Method in a hidden frame; the AReq goes on after its notification, at most 10 seconds later.
  function runMethod(view) {
    var frame = document.createElement('iframe');
    frame.name = 'threeds-method-' + view.id;
    frame.className = 'method';
    frame.title = '3DS Method';
    container.appendChild(frame);
    var loads = 0;
    var continued = false;
    function proceed() {
      if (continued) {
        return;
      }
      continued = true;
      container.removeChild(frame);
      post('/demo/shop/checkout/' + view.id + '/continue', {}).then(step, failed);
    }
    frame.addEventListener('load', function () {
      loads += 1;
      if (loads >= 2) {
        proceed();
      }
    });
    window.setTimeout(proceed, 10000);
    postForm(view.method.url, frame.name, { threeDSMethodData: view.method.threeDSMethodData }).submit();
  }

  function challenge(view) {
    threeds.hidden = false;
    message.textContent = '';
    var c = view.challenge;
    if (!c.width) {
      // Full page: the cardholder goes to the issuer's page and comes back to the shop's return page.
      postForm(c.acsUrl, '_self', { creq: c.creq },
        ja ? 'カード発行会社の本人認証へ進む' : 'Continue to your card issuer');
      return;
    }
    var frame = document.createElement('iframe');
    frame.name = 'threeds-challenge-' + view.id;
    frame.id = 'challenge-frame';
    frame.title = ja ? '本人認証' : 'Authentication';
    frame.width = String(c.width);
    frame.height = String(c.height);
    container.appendChild(frame);
    postForm(c.acsUrl, frame.name, { creq: c.creq }).submit();
    poll(view.id);
  }

  // The ACS brings the cardholder back to the return page itself, except when nobody answers it:
  // then only the shop's server learns the result (the RReq), and the page shows it.
  function poll(id) {
    if (polling) {
      return;
    }
    polling = window.setInterval(function () {
      fetch('/demo/shop/checkout/' + id).then(function (r) { return r.json(); }).then(function (view) {
        if (view.step === 'done' && view.result && ['approved', 'declined'].indexOf(view.result.outcome) < 0
            || view.step === 'done' && !document.getElementById('challenge-frame')) {
          finish(view.result);
        }
      }, function () {});
    }, 2000);
  }

  function finish(result) {
    if (polling) {
      window.clearInterval(polling);
      polling = null;
    }
    while (container.firstChild) {
      container.removeChild(container.firstChild);
    }
    threeds.hidden = true;
    received.textContent = JSON.stringify(result, null, 2);
    outcome.setAttribute('data-outcome', result.outcome);
    outcome.className = result.outcome === 'approved' ? 'ok' : 'ng';
    outcome.textContent = result.message;
    pay.disabled = false;
  }

  pay.addEventListener('click', function () {
    pay.disabled = true;
    message.className = '';
    message.textContent = '';
    outcome.textContent = '';
    outcome.setAttribute('data-outcome', '');
    fields.submit();
  });
}());
