'use strict';
// The rule tables, one per rule: data only, so the runtime's tests (test/rules-tables.test.js) and the
// editor's tests (in the browser: pass the rows to page.evaluate) judge the same inputs.
module.exports = {
  baseUris: require('./base-uris'),
  apiKeys: require('./api-keys'),
  clientNumbers: require('./client-numbers'),
  accounts: require('./accounts'),
  roles: require('./roles'),
  operations: require('./operations'),
};
