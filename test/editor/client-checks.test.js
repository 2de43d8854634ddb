'use strict';
// The client dialog's checks (src/editor/dialogs/client-defaults.ts) over the rule tables, in Node: for every
// row the dialog accepts what the runtime accepts and refuses with the rule's message (the test
// RED._ answers with the message key). test/e2e/rule-tables.e2e.js runs the same rows in Chromium.
const assert = require('assert');
require('../helpers/editor-modules');
const { clientDefaults } = require('../../src/editor/dialogs/client-defaults');
const T = require('../tables');

describe('editor: client dialog checks follow the rule tables', function () {
  const defaults = clientDefaults('2024-04-10');
  /** 'ok', or the code of the message the dialog shows. */
  const verdict = (field, v) => {
    const r = defaults[field].validate.call({}, v, {});
    return r === true ? 'ok' : r.split(' ')[0];
  };

  it('base URIs', function () {
    assert.deepStrictEqual(
      T.baseUris.map(([v]) => verdict('baseUri', v)),
      T.baseUris.map((r) => r[1]),
    );
  });

  it('timeout, retries and rate limit', function () {
    assert.deepStrictEqual(
      T.clientNumbers.map(([field, v]) => verdict(field, v)),
      T.clientNumbers.map((r) => r[2]),
    );
  });

  it('connected account ids', function () {
    assert.deepStrictEqual(
      T.accounts.map(([v]) => verdict('stripeAccount', v)),
      T.accounts.map((r) => (r[1] === 'ok' ? 'ok' : 'rules.stripeAccountSetting')),
    );
  });
});

describe('editor: validators Node-RED can read a reason from', function () {
  // Node-RED shows a validator's text as the reason only when the function declares two parameters;
  // with one, "Base URI must use https" would count as valid and no field would be marked.
  it('every validate function of the nodes takes (value, opt)', function () {
    const { operationDefaults } = require('../../src/editor/dialogs/operation-node');
    const { fleetDefaults } = require('../../src/editor/dialogs/fleet-dialog');
    const defs = {
      client: clientDefaults('2024-04-10'),
      fleet: fleetDefaults(),
      subscriber: operationDefaults('subscriber'),
      publisher: operationDefaults('publisher'),
    };
    const short = [];
    for (const [node, d] of Object.entries(defs))
      for (const [prop, spec] of Object.entries(d))
        if (spec.validate && spec.validate.length !== 2) short.push(`${node}.${prop}`);
    assert.deepStrictEqual(short, []);
    assert.match(defs.client.baseUri.validate.call({}, 'ftp://x', {}), /rules.baseUriScheme/);
  });
});
