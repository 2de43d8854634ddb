// The stripe-client config dialog: which kind of key is set (test or live, with a warning for live),
// the Test connection button, and a tooltip on every field.

/** What a key's prefix says: { mode, kind } or { problem } (the key itself never leaves this function). */
S.classifyKey = function (key) {
  var k = String(key || '').trim();
  if (!k) return { empty: true };
  var m = /^(sk|rk)_(test|live)_/.exec(k);
  if (m) return { mode: m[2], kind: m[1] === 'sk' ? 'secret' : 'restricted' };
  if (/^pk_/.test(k)) return { problem: 'publishable' };
  return { problem: 'unknown' };
};

function showKeyState($badge, $warning, info) {
  $badge.removeClass('stripe-key-test stripe-key-live stripe-key-bad stripe-key-none');
  $warning.hide();
  if (!info || info.empty) {
    $badge.addClass('stripe-key-none').text(S._('client.key.none'));
  } else if (info.problem) {
    $badge.addClass('stripe-key-bad').text(S._('client.key.' + info.problem));
  } else {
    $badge.addClass('stripe-key-' + info.mode).text(S._('client.key.' + info.mode + (info.kind === 'restricted' ? 'Restricted' : '')) + (info.saved ? ' · ' + S._('client.key.saved') : ''));
    if (info.mode === 'live') $warning.show();
  }
}

var TIPS = ['name', 'apiKey', 'baseUri', 'apiVersion', 'stripeAccount', 'logging', 'timeout', 'maxRetries', 'rateLimit'];

S.prepareClientDialog = function (node) {
  var $key = $('#node-config-input-apiKey');
  var $badge = $('#stripe-key-mode');
  var $warning = $('#stripe-key-live-warning');
  var $result = $('#stripe-test-result');
  var savedInfo = null;

  TIPS.forEach(function (name) {
    var $tip = $('#stripe-tip-' + name);
    if (!$tip.length) return;
    $tip.attr('aria-label', S._('client.tips.' + name));
    if (RED.popover && RED.popover.tooltip) RED.popover.tooltip($tip, S._('client.tips.' + name));
    else $tip.attr('title', S._('client.tips.' + name));
  });

  $('#node-config-input-apiVersion').attr('placeholder', S._('client.apiVersionPlaceholder'));
  $('#stripe-api-version-hint').text(S._('client.apiVersionHint', { version: S.API_VERSION }));

  function typedKey() {
    var v = String($key.val() || '');
    return v === '__PWRD__' ? '' : v;
  }

  function update() {
    var typed = typedKey();
    if (typed) showKeyState($badge, $warning, S.classifyKey(typed));
    else if (savedInfo) showKeyState($badge, $warning, savedInfo);
    else showKeyState($badge, $warning, { empty: true });
  }

  $key.on('input.stripe change.stripe', update);
  update();
  // A result belongs to the settings it was made with: clear it when they change.
  $('#node-config-input-apiKey, #node-config-input-baseUri, #node-config-input-apiVersion, #node-config-input-stripeAccount')
    .on('input.stripe', function () {
      $result.removeClass('stripe-test-ok stripe-test-fail stripe-test-busy').empty();
    });
  var hasSaved = node.credentials && node.credentials.has_apiKey;
  if (hasSaved) {
    $badge.text(S._('client.key.checking'));
    $.ajax({ url: 'stripe/key-info', data: { id: node.id }, dataType: 'json', cache: false })
      .done(function (info) {
        if (info && info.mode) savedInfo = { mode: info.mode, kind: info.kind, saved: true };
        else savedInfo = { saved: true, problem: 'notDeployed' };
        update();
      })
      .fail(function () {
        savedInfo = { saved: true, problem: 'notDeployed' };
        update();
      });
  }

  $('#stripe-test-connection').on('click.stripe', function (e) {
    e.preventDefault();
    var $button = $(this);
    $button.prop('disabled', true);
    $result.removeClass('stripe-test-ok stripe-test-fail').addClass('stripe-test-busy').empty()
      .append('<i class="fa fa-spinner fa-spin"></i> ')
      .append($('<span></span>').text(S._('client.test.running')));
    $.ajax({
      url: 'stripe/test-connection',
      method: 'POST',
      contentType: 'application/json',
      dataType: 'json',
      data: JSON.stringify({
        id: node.id,
        apiKey: typedKey(),
        baseUri: $('#node-config-input-baseUri').val(),
        apiVersion: $('#node-config-input-apiVersion').val(),
        stripeAccount: $('#node-config-input-stripeAccount').val(),
      }),
    })
      .done(function (r) {
        $result.removeClass('stripe-test-busy').empty();
        if (r && r.ok) {
          $result.addClass('stripe-test-ok').append('<i class="fa fa-check"></i> ');
          var text = r.account
            ? S._('client.test.okAccount', { mode: S._('client.mode.' + r.mode), name: r.account.name || r.account.id, id: r.account.id })
            : S._('client.test.okNoAccount', { mode: S._('client.mode.' + r.mode) });
          $result.append($('<span class="stripe-test-text"></span>').text(text));
          if (r.mode === 'live') $warning.show();
        } else {
          $result.addClass('stripe-test-fail').append('<i class="fa fa-times"></i> ');
          $result.append($('<span class="stripe-test-text"></span>').text(S._('client.test.failed', { error: (r && r.error) || '?' })));
        }
      })
      .fail(function (xhr) {
        $result.removeClass('stripe-test-busy').addClass('stripe-test-fail').empty().append('<i class="fa fa-times"></i> ');
        var err = xhr && xhr.responseJSON && xhr.responseJSON.error ? xhr.responseJSON.error : 'HTTP ' + (xhr ? xhr.status : '?');
        $result.append($('<span class="stripe-test-text"></span>').text(S._('client.test.failed', { error: err })));
      })
      .always(function () {
        $button.prop('disabled', false);
      });
  });
};

S.closeClientDialog = function () {
  $('#node-config-input-apiKey, #node-config-input-baseUri, #node-config-input-apiVersion, #node-config-input-stripeAccount').off('.stripe');
  $('#stripe-test-connection').off('.stripe');
};

/**
 * The runtime's rules (src/stripe/client.ts), so the dialog accepts exactly what the runtime does.
 * Empty means the default; anything else goes through Number() as the runtime's does.
 */
S.clientNumberRules = {
  timeout: function (n) { return n > 0 && n <= 3600; },
  maxRetries: function (n) { return Number.isInteger(n) && n >= 0 && n <= 10; },
  rateLimit: function (n) { return n >= 0 && n <= 10000; },
};

var LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * The runtime's checkBaseUri (src/stripe/client.ts), so the dialog accepts exactly what it does: null
 * when accepted (empty is the default), else the reason, the key of its message under errors.
 */
S.baseUriProblem = function (v) {
  var raw = String(v === undefined || v === null ? '' : v).trim();
  if (!raw) return null;
  var url;
  try {
    url = new URL(raw);
  } catch (e) {
    return 'baseUri';
  }
  // The runtime's parser refuses a space in a host; Chromium's keeps it as %20 (its only % in a host
  // besides * written as %2A, which both accept).
  if (/%(?!2a)/i.test(url.hostname)) return 'baseUri';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'baseUriScheme';
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) return 'baseUriHttp';
  if (url.username || url.password) return 'baseUriUser';
  if (url.search || url.hash) return 'baseUriQuery';
  return null;
};

function numberOrEmpty(key) {
  return function (v, opt) {
    if (v === '' || v === undefined || v === null) return true;
    return S.clientNumberRules[key](Number(v)) ? true : S._('errors.' + key);
  };
}

/** The config node's defaults (the property names are the public contract). */
S.clientDefaults = function () {
  return {
    name: { value: '' },
    baseUri: {
      value: 'https://api.stripe.com',
      validate: function (v, opt) {
        var problem = S.baseUriProblem(v);
        return problem ? S._('errors.' + problem) : true;
      },
    },
    apiVersion: { value: S.API_VERSION },
    stripeAccount: {
      value: '',
      validate: function (v, opt) {
        return !v || /^acct_[A-Za-z0-9]+$/.test(v) ? true : S._('errors.stripeAccount');
      },
    },
    logging: { value: false },
    timeout: { value: 80, validate: numberOrEmpty('timeout') },
    maxRetries: { value: 2, validate: numberOrEmpty('maxRetries') },
    rateLimit: { value: 0, validate: numberOrEmpty('rateLimit') },
  };
};
