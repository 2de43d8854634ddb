'use strict';
// The rules module (src/rules) on its own: each table of test/tables through the pure functions, the
// problems' texts against the message catalogs, and the module's independence from Node.js.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const rules = require('../dist/rules');
const tables = require('./tables');

const ROOT = path.resolve(__dirname, '..');
const catalogue = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'catalogue.json'), 'utf8'));
const index = rules.indexCatalogue(catalogue);
const verdict = (checked) => (checked.ok ? 'ok' : checked.problem.code);

describe('rules (src/rules)', function () {
  it('base URIs: each row of the table', function () {
    const wrong = tables.baseUris
      .map(([v, want]) => [v, want, verdict(rules.checkBaseUri(v))])
      .filter(([, want, got]) => want !== got);
    assert.deepStrictEqual(wrong, []);
    assert.deepStrictEqual(rules.checkBaseUri(' https://api.stripe.com/ '), {
      ok: true,
      value: 'https://api.stripe.com',
    });
    assert.deepStrictEqual(rules.checkBaseUri('http://example.com').problem, {
      code: 'rules.baseUriPlainHttp',
      params: { origin: 'http://example.com' },
      message: 'Base URI http://example.com uses plain http; only https is allowed except to localhost/127.0.0.1',
    });
    assert.doesNotMatch(rules.checkBaseUri('sk_live_abc123').problem.message, /abc123/);
  });

  it('API keys: kind, mode, automatic rate and check for each row of the table', function () {
    const wrong = [];
    for (const [key, kind, mode, rate, check] of tables.apiKeys) {
      const c = rules.classifyKey(key);
      const got = [c.kind, c.mode ?? null, rules.automaticRate(key), verdict(rules.checkApiKey(key))];
      if (JSON.stringify(got) !== JSON.stringify([kind, mode, rate, check])) wrong.push([key, got]);
      const problem = rules.checkApiKey(key).problem;
      // (A bare prefix such as sk_test_ is part of the texts themselves.)
      if (problem && key.trim().length > 8) assert.ok(!problem.message.includes(key.trim()), 'never echoes the key');
    }
    assert.deepStrictEqual(wrong, []);
    assert.strictEqual(rules.checkApiKey('  sk_test_abc ').value, 'sk_test_abc');
  });

  it("client numbers: each row of the table, refused with the field's own problem", function () {
    const wrong = tables.clientNumbers
      .map(([field, v, want, value]) => [field, v, want, value, rules.NUMBER_SETTINGS[field](v)])
      .filter(([, , want, value, got]) => verdict(got) !== want || (got.ok && got.value !== value));
    assert.deepStrictEqual(wrong, []);
  });

  it('connected accounts: each row, with the code of where the value came from', function () {
    for (const [v, want] of tables.accounts) {
      assert.strictEqual(
        verdict(rules.checkStripeAccount(v, 'setting')),
        want === 'ok' ? 'ok' : 'rules.stripeAccountSetting',
      );
      assert.strictEqual(
        verdict(rules.checkStripeAccount(v, 'message')),
        want === 'ok' ? 'ok' : 'rules.stripeAccountMessage',
      );
    }
  });

  it('roles: the method each node runs, and the operations it refuses', function () {
    for (const [role, setting, method] of tables.roles.methods)
      assert.strictEqual(rules.methodFor(role, setting), method);
    const wrong = [];
    for (const [role, nodeMethod, ref, want] of tables.roles.operations) {
      const op = rules.findOperation(ref, index);
      const got = verdict(rules.checkOperationMethod(role, nodeMethod, op));
      if (got !== want) wrong.push([role, nodeMethod, ref, got]);
    }
    assert.deepStrictEqual(wrong, []);
    assert.deepStrictEqual(rules.pickerMethods('publisher'), ['POST', 'DELETE']);
    assert.deepStrictEqual(rules.pickerMethods('subscriber'), ['GET']);
  });

  it('operations: each reference of the table, looked up in the catalogue passed in', function () {
    const wrong = [];
    for (const [ref, want] of tables.operations) {
      const c = rules.lookUpOperation(ref, undefined, index);
      const got = c.ok
        ? { id: c.value.id, method: c.value.method, path: c.value.path, ...(c.value.raw ? { raw: true } : {}) }
        : c.problem.code;
      if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push([ref, got]);
    }
    assert.deepStrictEqual(wrong, []);
    // A raw reference to a catalogued endpoint takes its host and content type; another catalogue, other answers.
    assert.strictEqual(rules.findOperation('POST /v1/files', index).contentType, 'multipart/form-data');
    assert.strictEqual(rules.findOperation('GetCustomers', rules.indexCatalogue({ operations: [] })), undefined);
    assert.deepStrictEqual(rules.lookUpOperation('', 42, index).problem.params, { type: 'number' });
    assert.deepStrictEqual(rules.lookUpOperation('NoSuch', undefined, index).problem.params, {
      op: 'NoSuch',
      version: catalogue.apiVersion,
    });
  });

  it('slim catalogue: every operation, without servers, types or content types', function () {
    const slim = rules.slimCatalogue(catalogue);
    assert.strictEqual(slim.operations.length, catalogue.count);
    const tax = slim.operations.find((o) => o.id === 'GetTaxIdsId');
    assert.deepStrictEqual(tax.pathParams, [{ name: 'id', required: true }]);
    assert.ok(!JSON.stringify(slim).includes('"server"'));
    assert.ok(!JSON.stringify(slim).includes('"contentType"'));
  });

  it('every problem has its text in each message catalog, with the same placeholders', function () {
    const placeholders = (t) => (t.match(/__[A-Za-z0-9]+__/g) || []).sort().join();
    const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en-US', 'stripe-client.json'), 'utf8')).rules;
    assert.deepStrictEqual(en, rules.RULE_TEXTS, "locales/en-US holds the rules' English texts exactly");
    for (const lang of fs.readdirSync(path.join(ROOT, 'locales'))) {
      const texts = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', lang, 'stripe-client.json'), 'utf8')).rules;
      assert.deepStrictEqual(Object.keys(texts).sort(), Object.keys(rules.RULE_TEXTS).sort(), lang);
      for (const [code, text] of Object.entries(rules.RULE_TEXTS))
        assert.strictEqual(placeholders(texts[code]), placeholders(text), `${lang} rules.${code}`);
    }
    assert.strictEqual(rules.fill('a __x__ b __y__', { x: '__y__', y: 2 }), 'a __y__ b 2');
  });

  it('requires nothing but its own files, so the editor can bundle it', function () {
    const dir = path.join(ROOT, 'dist', 'rules');
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.js'))) {
      const required = [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/require\("([^"]+)"\)/g)].map(
        (m) => m[1],
      );
      assert.deepStrictEqual(
        required.filter((r) => !r.startsWith('./')),
        [],
        f,
      );
    }
  });
});
