'use strict';
// Base URIs and what the rules say of each: 'ok' or the refusal's code (locales/<lang>/stripe-client.json).
// Data only: test/rules-tables.test.js runs it through the runtime, the editor's tests through the dialog.
module.exports = [
  ['', 'ok'], // the default
  ['   ', 'ok'],
  [' https://api.stripe.com ', 'ok'],
  ['https://api.stripe.com', 'ok'],
  ['https://api.stripe.com/', 'ok'],
  ['https://proxy.example/stripe', 'ok'],
  ['HTTPS://API.STRIPE.COM', 'ok'],
  ['http://localhost:12111', 'ok'],
  ['http://LOCALHOST:12111/', 'ok'],
  ['http://127.0.0.1:1', 'ok'],
  ['http://127.1.2.3', 'ok'],
  ['http://[::1]:8080', 'ok'],
  ['http://example.com', 'rules.baseUriPlainHttp'],
  ['http://localhost.example.com', 'rules.baseUriPlainHttp'],
  ['http://128.0.0.1', 'rules.baseUriPlainHttp'],
  ['http://[::2]', 'rules.baseUriPlainHttp'],
  ['https://user:pw@x.com', 'rules.baseUriUser'],
  ['https://user@x.com', 'rules.baseUriUser'],
  ['http://user:pw@localhost', 'rules.baseUriUser'],
  ['https://x.com/?a=1', 'rules.baseUriQuery'],
  ['https://x.com/#top', 'rules.baseUriQuery'],
  ['ftp://x', 'rules.baseUriScheme'],
  ['file:///etc/passwd', 'rules.baseUriScheme'],
  ['javascript:alert(1)', 'rules.baseUriScheme'],
  ['not-a-url', 'rules.baseUriNotUrl'],
  ['api.stripe.com', 'rules.baseUriNotUrl'],
  ['https://', 'rules.baseUriNotUrl'],
  ['http://exa mple.com', 'rules.baseUriNotUrl'],
  ['https://exa mple.com', 'rules.baseUriNotUrl'], // a browser's URL takes it (as exa%20mple.com); Node's does not
  ['https://exa%20mple.com', 'rules.baseUriNotUrl'],
  ['https://a*b.com', 'ok'], // a browser writes a%2Ab.com
  ['https://sk_live_abc123@x.com', 'rules.baseUriUser'], // a key pasted into the wrong field is never echoed
  ['sk_live_abc123', 'rules.baseUriNotUrl'],
];
