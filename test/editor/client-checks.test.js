'use strict';
// The client dialog's checks (src/editor/client-defaults.ts) against the runtime's own: a value the
// dialog accepts is one a deployed stripe-client accepts, and a refusal names the same reason.
const assert = require('assert');
require('../helpers/editor-modules');
const { clientDefaults } = require('../../src/editor/client-defaults');
const BASE_URIS = require('../e2e/base-uris');

describe('editor: client dialog checks agree with the runtime', function () {
  it('client dialog: timeout, retries and rate limit accepted exactly when the runtime accepts them', function () {
    const { StripeClient } = require('../../dist/stripe/client');
    const defaults = clientDefaults('2024-04-10');
    // What the stripe-client node does with a field: empty means the default, else Number().
    const num = (v) => (v === undefined || v === null || v === '' ? undefined : Number(v));
    const runtimeAccepts = (field, v) => {
      try {
        new StripeClient({ apiKey: 'sk_test_x1', [field]: num(v) }).close();
        return true;
      } catch (err) {
        return false;
      }
    };
    const values = [
      '',
      '0',
      '0.0001',
      '0.5',
      '1',
      '2.5',
      '10',
      '11',
      '80',
      '3600',
      '3600.5',
      '3601',
      '10000',
      '10000.5',
      '10001',
      '-1',
      '-0.5',
      'abc',
      '1e3',
      '1e5',
      ' ',
      'Infinity',
      'NaN',
      80,
      2,
      0,
      undefined,
    ];
    const disagree = [];
    for (const field of ['timeout', 'maxRetries', 'rateLimit']) {
      for (const v of values) {
        const dialog = defaults[field].validate.call({}, v, {}) === true;
        if (dialog !== runtimeAccepts(field, v)) disagree.push(`${field}=${JSON.stringify(v)}: dialog ${dialog}`);
      }
      // Each field refuses with its own message.
      assert.strictEqual(defaults[field].validate.call({}, '-5', {}), `errors.${field}`);
    }
    assert.deepStrictEqual(disagree, []);
  });

  it('client dialog: base URI accepted exactly when the runtime accepts it, refused for the same reason', function () {
    const { checkBaseUri } = require('../../dist/stripe');
    const validate = clientDefaults('2024-04-10').baseUri.validate;
    // The runtime's reasons (src/stripe/client.ts) and the dialog's message for each.
    const REASONS = [
      [/is not a URL/, 'baseUri'],
      [/must use https/, 'baseUriScheme'],
      [/uses plain http/, 'baseUriHttp'],
      [/user name or password/, 'baseUriUser'],
      [/query or fragment/, 'baseUriQuery'],
    ];
    const runtime = (v) => {
      try {
        checkBaseUri(v);
        return 'ok';
      } catch (err) {
        const reason = REASONS.find(([re]) => re.test(err.message));
        return reason ? reason[1] : `unexpected: ${err.message}`;
      }
    };
    const disagree = [];
    for (const [v, want] of BASE_URIS) {
      const r = runtime(v);
      const d = validate.call({}, v, {});
      const dialog = d === true ? 'ok' : String(d).replace('errors.', '');
      if (r !== want) disagree.push(`${JSON.stringify(v)}: runtime ${r}, table ${want}`);
      if (dialog !== r) disagree.push(`${JSON.stringify(v)}: runtime ${r}, dialog ${dialog}`);
    }
    assert.deepStrictEqual(disagree, []);
  });
});

describe('editor: validators Node-RED can read a reason from', function () {
  // Node-RED shows a validator's text as the reason only when the function declares two parameters;
  // with one, "Base URI must use https" would count as valid and no field would be marked.
  it('every validate function of the three nodes takes (value, opt)', function () {
    const { operationDefaults } = require('../../src/editor/operation-node');
    const defs = {
      client: clientDefaults('2024-04-10'),
      subscriber: operationDefaults('subscriber'),
      publisher: operationDefaults('publisher'),
    };
    const short = [];
    for (const [node, d] of Object.entries(defs))
      for (const [prop, spec] of Object.entries(d))
        if (spec.validate && spec.validate.length !== 2) short.push(`${node}.${prop}`);
    assert.deepStrictEqual(short, []);
    assert.match(defs.client.baseUri.validate.call({}, 'ftp://x', {}), /baseUriScheme/);
  });
});
