'use strict';
// The base URI table (test/tables/base-uris.js) in the dialog's terms: each refusal's code as the key
// of the dialog's message under editor.errors (test/admin.test.js runs it in node, test/e2e/editor.e2e.js
// in Chromium). The runtime's side of the same table: test/rules-tables.test.js.
const DIALOG_KEY = {
  ok: 'ok',
  'rules.baseUriNotUrl': 'baseUri',
  'rules.baseUriScheme': 'baseUriScheme',
  'rules.baseUriPlainHttp': 'baseUriHttp',
  'rules.baseUriUser': 'baseUriUser',
  'rules.baseUriQuery': 'baseUriQuery',
};
module.exports = require('../tables/base-uris').map(([v, code]) => [v, DIALOG_KEY[code]]);
