/*
 * Mamori hosted payment fields, v1 — the script a shop puts in its checkout page:
 *
 *   <script src="https://<mamori>/hosted-fields/v1/mamori-fields.js"
 *           integrity="sha384-..." crossorigin="anonymous"></script>
 *   var fields = MamoriFields.mount('#card', { publishableKey: 'pk_...', locale: 'ja',
 *       onToken: function (card) { ... card.token, card.brand, card.last4, card.expiryMonth, card.expiryYear },
 *       onError: function (error) { ... error.code, error.field, error.rule, error.message } });
 *   fields.submit();
 *
 * The card form is an iframe on Mamori's origin: this page and its scripts never see the card
 * number (非保持化). Messages go to Mamori's origin only, and only messages from our own iframe
 * on Mamori's origin are believed. The integrity hash is published at /hosted-fields/v1/integrity.json.
 */
(function (window, document) {
  'use strict';

  var script = document.currentScript;
  if (!script || !script.src) {
    throw new Error('MamoriFields: load mamori-fields.js with a <script src> tag');
  }
  // Mamori's origin is where this script came from.
  var mamoriOrigin = new URL(script.src).origin;

  function mount(selector, options) {
    options = options || {};
    var container = typeof selector === 'string' ? document.querySelector(selector) : selector;
    if (!container) {
      throw new Error('MamoriFields.mount: no element matches the selector');
    }
    if (typeof options.publishableKey !== 'string' || options.publishableKey.indexOf('pk_') !== 0) {
      throw new Error('MamoriFields.mount: publishableKey must be a publishable key (pk_...)');
    }
    var locale = options.locale === 'en' ? 'en' : 'ja';
    var onToken = typeof options.onToken === 'function' ? options.onToken : function () {};
    var onError = typeof options.onError === 'function' ? options.onError : function () {};

    var url = new URL('/hosted-fields/v1/frame', mamoriOrigin);
    url.searchParams.set('key', options.publishableKey);
    url.searchParams.set('origin', window.location.origin);
    url.searchParams.set('locale', locale);

    var iframe = document.createElement('iframe');
    iframe.src = url.toString();
    iframe.title = locale === 'en' ? 'Card details (Mamori secure form)' : 'カード情報入力（Mamori 安全なフォーム）';
    iframe.setAttribute('scrolling', 'no');
    iframe.setAttribute('referrerpolicy', 'origin');
    iframe.style.width = '100%';
    iframe.style.height = '230px';
    iframe.style.border = '0';
    iframe.style.display = 'block';
    iframe.style.overflow = 'hidden';

    var ready = false;
    var pendingSubmit = false;

    function send(message) {
      message.mamori = 1;
      iframe.contentWindow.postMessage(message, mamoriOrigin);
    }

    function onMessage(event) {
      // Believe only our own iframe, on Mamori's origin.
      if (event.origin !== mamoriOrigin || event.source !== iframe.contentWindow) {
        return;
      }
      var data = event.data;
      if (!data || data.mamori !== 1) {
        return;
      }
      switch (data.type) {
        case 'ready':
          ready = true;
          if (pendingSubmit) {
            pendingSubmit = false;
            send({ type: 'submit' });
          }
          break;
        case 'resize':
          if (typeof data.height === 'number' && data.height > 0 && data.height < 2000) {
            iframe.style.height = data.height + 'px';
          }
          break;
        case 'token':
          onToken({ token: String(data.token), brand: String(data.brand), last4: String(data.last4),
            expiryMonth: Number(data.expiryMonth), expiryYear: Number(data.expiryYear) });
          break;
        case 'error':
          onError({ code: String(data.code), field: data.field || null, rule: data.rule || null,
            message: String(data.message || '') });
          break;
        default:
          break;
      }
    }

    window.addEventListener('message', onMessage);
    container.appendChild(iframe);

    return {
      /** Asks the frame to check and tokenize the card; the answer comes to onToken or onError. */
      submit: function () {
        if (ready) {
          send({ type: 'submit' });
        } else {
          pendingSubmit = true;
        }
      },
      /** Removes the frame and stops listening. */
      unmount: function () {
        window.removeEventListener('message', onMessage);
        if (iframe.parentNode) {
          iframe.parentNode.removeChild(iframe);
        }
      }
    };
  }

  window.MamoriFields = Object.freeze({ version: '1', origin: mamoriOrigin, mount: mount });
}(window, document));
