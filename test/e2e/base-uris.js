'use strict';
// One table for the client dialog's base URI check and the runtime's (test/admin.test.js runs it in
// node, test/e2e/editor.e2e.js in Chromium).
/** Base URIs and what the runtime's checkBaseUri says of each: 'ok' or the reason (the dialog's message key). */
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
  ['http://example.com', 'baseUriHttp'],
  ['http://localhost.example.com', 'baseUriHttp'],
  ['http://128.0.0.1', 'baseUriHttp'],
  ['http://[::2]', 'baseUriHttp'],
  ['https://user:pw@x.com', 'baseUriUser'],
  ['https://user@x.com', 'baseUriUser'],
  ['http://user:pw@localhost', 'baseUriUser'],
  ['https://x.com/?a=1', 'baseUriQuery'],
  ['https://x.com/#top', 'baseUriQuery'],
  ['ftp://x', 'baseUriScheme'],
  ['file:///etc/passwd', 'baseUriScheme'],
  ['javascript:alert(1)', 'baseUriScheme'],
  ['not-a-url', 'baseUri'],
  ['api.stripe.com', 'baseUri'],
  ['https://', 'baseUri'],
  ['http://exa mple.com', 'baseUri'],
  ['https://exa mple.com', 'baseUri'], // Chromium's URL takes it (as exa%20mple.com); the runtime does not
  ['https://exa%20mple.com', 'baseUri'],
  ['https://a*b.com', 'ok'], // Chromium writes a%2Ab.com
];
