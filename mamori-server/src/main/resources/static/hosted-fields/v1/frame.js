/*
 * Mamori hosted payment fields: the card form inside the iframe, served from Mamori's origin.
 * The card number, expiry and security code typed here go only to Mamori (same origin, fetch);
 * the embedding shop page receives a token, brand, last 4 digits and expiry by postMessage,
 * addressed to the one shop origin this frame was served for (never '*').
 * Client-side checks (Luhn, brand, lengths) give instant feedback; the server checks again.
 */
(function () {
  'use strict';

  var body = document.body;
  var config = {
    publishableKey: body.getAttribute('data-publishable-key'),
    shopOrigin: body.getAttribute('data-origin'),
    session: body.getAttribute('data-session'),
    locale: body.getAttribute('data-locale')
  };
  var messages = JSON.parse(body.getAttribute('data-messages'));
  // Nothing in the page needs them any more; keep the DOM free of configuration.
  body.removeAttribute('data-messages');

  var form = document.getElementById('card-form');
  var number = document.getElementById('card-number');
  var expiry = document.getElementById('card-expiry');
  var cvc = document.getElementById('card-cvc');
  var brandLabel = document.getElementById('card-brand');
  var status = document.getElementById('status');
  var secureNote = status.textContent;
  var busy = false;

  // --- brands and checks (mirrors dev.mamori.common.CardBrand) -----------------------------------

  var BRANDS = {
    visa: { name: 'Visa', lengths: [13, 16, 19], cvc: 3 },
    mastercard: { name: 'Mastercard', lengths: [16], cvc: 3 },
    amex: { name: 'American Express', lengths: [15], cvc: 4 },
    jcb: { name: 'JCB', lengths: [16, 17, 18, 19], cvc: 3 },
    diners: { name: 'Diners Club', lengths: [14, 15, 16, 17, 18, 19], cvc: 3 },
    discover: { name: 'Discover', lengths: [16, 17, 18, 19], cvc: 3 },
    unionpay: { name: 'UnionPay', lengths: [16, 17, 18, 19], cvc: 3 }
  };

  function detectBrand(digits) {
    if (digits.length < 1) { return null; }
    if (digits.charAt(0) === '4') { return 'visa'; }
    if (digits.length < 2) { return null; }
    var two = +digits.substring(0, 2);
    if (two >= 51 && two <= 55) { return 'mastercard'; }
    if (two === 34 || two === 37) { return 'amex'; }
    if (two === 36 || two === 38 || two === 39) { return 'diners'; }
    if (two === 62) { return 'unionpay'; }
    if (two === 65) { return 'discover'; }
    if (digits.length < 4) { return null; }
    var four = +digits.substring(0, 4);
    if (four >= 2221 && four <= 2720) { return 'mastercard'; }
    if (four >= 3528 && four <= 3589) { return 'jcb'; }
    if (four === 3095) { return 'diners'; }
    if (four === 6011) { return 'discover'; }
    if (digits.length < 6) { return null; }
    var six = +digits.substring(0, 6);
    if (six >= 300000 && six <= 305999) { return 'diners'; }
    if (six >= 644000 && six <= 649999) { return 'discover'; }
    return null;
  }

  function luhn(digits) {
    var sum = 0;
    var double = false;
    for (var i = digits.length - 1; i >= 0; i--) {
      var d = digits.charCodeAt(i) - 48;
      if (double) { d *= 2; if (d > 9) { d -= 9; } }
      sum += d;
      double = !double;
    }
    return sum % 10 === 0;
  }

  function toAsciiDigits(text) {
    // Full-width digits (ＩＭＥ input) count as digits; spaces and hyphens are separators.
    return text.replace(/[\uFF10-\uFF19]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xFEE0); });
  }

  function numberDigits() {
    return toAsciiDigits(number.value).replace(/[\s-]/g, '');
  }

  function checkNumber() {
    var digits = numberDigits();
    if (digits.length === 0) { return 'pan.required'; }
    if (!/^[0-9]+$/.test(digits)) { return 'pan.digits'; }
    if (digits.length < 12 || digits.length > 19) { return 'pan.length'; }
    if (!luhn(digits)) { return 'pan.luhn'; }
    var brand = detectBrand(digits);
    if (!brand) { return 'pan.brand'; }
    if (BRANDS[brand].lengths.indexOf(digits.length) < 0) { return 'pan.brand-length'; }
    return null;
  }

  function parseExpiry() {
    var m = /^\s*([0-9]{1,2})\s*\/\s*([0-9]{2}|[0-9]{4})\s*$/.exec(toAsciiDigits(expiry.value));
    if (!m) { return null; }
    var year = m[2].length === 2 ? 2000 + +m[2] : +m[2];
    return { month: +m[1], year: year };
  }

  function checkExpiry() {
    if (expiry.value.trim() === '') { return 'expiry.required'; }
    var parsed = parseExpiry();
    if (!parsed) { return 'expiry.format'; }
    if (parsed.month < 1 || parsed.month > 12) { return 'expiry.range'; }
    var now = new Date();
    var current = now.getUTCFullYear() * 12 + now.getUTCMonth();
    if (parsed.year * 12 + parsed.month - 1 < current) { return 'expiry.expired'; }
    return null;
  }

  function checkCvc() {
    var value = toAsciiDigits(cvc.value).trim();
    if (value === '') { return 'cvc.required'; }
    if (!/^[0-9]+$/.test(value)) { return 'cvc.digits'; }
    var brand = detectBrand(numberDigits());
    var expected = brand ? BRANDS[brand].cvc : null;
    if (expected ? value.length !== expected : (value.length < 3 || value.length > 4)) { return 'cvc.length'; }
    return null;
  }

  // --- showing errors ----------------------------------------------------------------------------

  var FIELDS = {
    pan: { input: number, error: document.getElementById('error-number') },
    expiry: { input: expiry, error: document.getElementById('error-expiry') },
    cvc: { input: cvc, error: document.getElementById('error-cvc') }
  };

  function text(key) {
    return messages[key] || messages[key.split('.')[0] + '.invalid'] || messages.failed;
  }

  function showFieldError(field, key) {
    var f = FIELDS[field];
    f.error.textContent = key ? text(key) : '';
    f.input.setAttribute('aria-invalid', key ? 'true' : 'false');
  }

  function showFormError(key) {
    document.getElementById('error-form').textContent = key ? text(key) : '';
    notifyResize();
  }

  function validateAll() {
    var results = { pan: checkNumber(), expiry: checkExpiry(), cvc: checkCvc() };
    var first = null;
    Object.keys(results).forEach(function (field) {
      showFieldError(field, results[field]);
      if (results[field] && !first) { first = { field: field, key: results[field] }; }
    });
    notifyResize();
    return first;
  }

  // --- input formatting ----------------------------------------------------------------------------

  number.addEventListener('input', function () {
    var digits = numberDigits().replace(/[^0-9]/g, '').substring(0, 19);
    var brand = detectBrand(digits);
    var groups = brand === 'amex' ? [4, 6, 5] : [4, 4, 4, 4, 3];
    var out = [];
    var at = 0;
    for (var i = 0; i < groups.length && at < digits.length; i++) {
      out.push(digits.substring(at, at + groups[i]));
      at += groups[i];
    }
    number.value = out.join(' ');
    brandLabel.textContent = brand ? BRANDS[brand].name : '';
    cvc.setAttribute('maxlength', brand === 'amex' ? '4' : (brand ? '3' : '4'));
    if (FIELDS.pan.error.textContent) { showFieldError('pan', checkNumber()); }
  });
  number.addEventListener('blur', function () {
    if (number.value !== '') { showFieldError('pan', checkNumber()); notifyResize(); }
  });

  expiry.addEventListener('input', function (event) {
    var digits = toAsciiDigits(expiry.value).replace(/[^0-9]/g, '').substring(0, 4);
    if (digits.length === 1 && digits > '1') { digits = '0' + digits; }
    var deleting = event.inputType && event.inputType.indexOf('delete') === 0;
    expiry.value = digits.length > 2 || (digits.length === 2 && !deleting)
        ? digits.substring(0, 2) + '/' + digits.substring(2) : digits;
    if (FIELDS.expiry.error.textContent) { showFieldError('expiry', checkExpiry()); }
  });
  expiry.addEventListener('blur', function () {
    if (expiry.value !== '') { showFieldError('expiry', checkExpiry()); notifyResize(); }
  });

  cvc.addEventListener('input', function () {
    cvc.value = toAsciiDigits(cvc.value).replace(/[^0-9]/g, '').substring(0, 4);
    if (FIELDS.cvc.error.textContent) { showFieldError('cvc', checkCvc()); }
  });
  cvc.addEventListener('blur', function () {
    if (cvc.value !== '') { showFieldError('cvc', checkCvc()); notifyResize(); }
  });

  // --- talking to the shop page and to Mamori ---------------------------------------------------------

  function toShop(message) {
    message.mamori = 1;
    window.parent.postMessage(message, config.shopOrigin);
  }

  var lastHeight = 0;
  function notifyResize() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      toShop({ type: 'resize', height: height });
    }
  }

  function fieldOf(serverField) {
    if (serverField === 'pan') { return 'pan'; }
    if (serverField === 'cvc') { return 'cvc'; }
    if (serverField === 'expiry' || serverField === 'expiryMonth' || serverField === 'expiryYear') { return 'expiry'; }
    return null;
  }

  function fail(field, key, code) {
    if (field) { showFieldError(field, key); } else { showFormError(key); }
    // The shop learns which field and rule, never a value.
    toShop({ type: 'error', code: code, field: field, rule: key.indexOf('.') > 0 ? key.split('.')[1] : key, message: text(key) });
    notifyResize();
  }

  function setBusy(on) {
    busy = on;
    status.textContent = on ? messages.processing : secureNote;
    [number, expiry, cvc].forEach(function (input) { input.readOnly = on; });
  }

  function tokenize() {
    if (busy) { return; }
    showFormError(null);
    var invalid = validateAll();
    if (invalid) {
      fail(invalid.field, invalid.key, 'validation');
      FIELDS[invalid.field].input.focus();
      return;
    }
    var exp = parseExpiry();
    var request = JSON.stringify({
      publishableKey: config.publishableKey,
      session: config.session,
      origin: config.shopOrigin,
      pan: numberDigits(),
      expiryMonth: exp.month,
      expiryYear: exp.year,
      cvc: toAsciiDigits(cvc.value).trim()
    });
    setBusy(true);
    fetch('/hosted-fields/v1/tokens', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: request,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer'
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    }).then(function (reply) {
      setBusy(false);
      if (reply.ok) {
        // Done with the card data: nothing of it stays in the frame.
        form.reset();
        brandLabel.textContent = '';
        toShop({ type: 'token', token: reply.data.token, brand: reply.data.brand, last4: reply.data.last4,
          expiryMonth: reply.data.expiryMonth, expiryYear: reply.data.expiryYear });
        return;
      }
      var problem = reply.data || {};
      var error = problem.errors && problem.errors[0];
      var field = error ? fieldOf(error.field) : null;
      if (problem.code === 'validation' && field) {
        var rule = error.rule === 'not-null' ? 'required' : error.rule;
        fail(field, messages[field + '.' + rule] ? field + '.' + rule : field + '.invalid', problem.code);
      } else if (problem.code === 'frame-session-invalid') {
        fail(null, 'session', problem.code);
      } else if (problem.code === 'rate-limited') {
        fail(null, 'rate-limited', problem.code);
      } else {
        fail(null, 'failed', problem.code || 'http-' + reply.status);
      }
    }, function () {
      setBusy(false);
      fail(null, 'network', 'network');
    });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    tokenize();
  });

  window.addEventListener('message', function (event) {
    // Only the page this frame was served for, and only the window that embeds us.
    if (event.origin !== config.shopOrigin || event.source !== window.parent) { return; }
    var data = event.data;
    if (!data || data.mamori !== 1) { return; }
    if (data.type === 'submit') { tokenize(); }
  });

  if (window.ResizeObserver) {
    new ResizeObserver(notifyResize).observe(document.documentElement);
  }
  toShop({ type: 'ready' });
  notifyResize();
}());
