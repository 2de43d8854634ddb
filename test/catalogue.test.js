'use strict';
/* The generated operation catalogue (spec/catalogue.json) — see scripts/catalog.js. */
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const ROOT = path.join(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts', 'catalog.js');
const COMMITTED = path.join(ROOT, 'spec', 'catalogue.json');
const COMMITTED_FIELDS = path.join(ROOT, 'spec', 'fields.json');

describe('operation catalogue (spec/catalogue.json)', function () {
  this.timeout(60000);
  let tmpDir;
  let catalogue;
  const byId = new Map();
  const op = (id) => {
    const o = byId.get(id);
    assert.ok(o, `operation ${id} is missing`);
    return o;
  };

  // Parsed per test (not in a hook) so that a broken file still lets the up-to-date check report.
  beforeEach(function () {
    if (catalogue || this.currentTest.title.startsWith('is up to date')) return;
    try {
      catalogue = JSON.parse(fs.readFileSync(COMMITTED, 'utf8'));
    } catch (err) {
      throw new Error(`spec/catalogue.json cannot be read (${err.message}): run \`npm run catalog\``, { cause: err });
    }
    for (const o of catalogue.operations) byId.set(o.id, o);
  });

  after(function () {
    if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  });

  it('is up to date: regenerating gives byte-identical catalogue.json, fields.json and responses.json', function () {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-catalogue-'));
    const out = path.join(tmpDir, 'catalogue.json');
    execFileSync(process.execPath, [SCRIPT, '--out', out], { cwd: ROOT, stdio: 'pipe' });
    for (const [fresh, committed] of [
      [out, COMMITTED],
      [path.join(tmpDir, 'fields.json'), COMMITTED_FIELDS],
      [path.join(tmpDir, 'responses.json'), path.join(ROOT, 'spec', 'responses.json')],
    ]) {
      assert.ok(
        fs.readFileSync(fresh).equals(fs.readFileSync(committed)),
        `spec/${path.basename(committed)} is out of date with scripts/catalog.js: run \`npm run catalog\` and commit the result`,
      );
    }
  });

  it("has the header and 702 operations sorted by id: stripe-node 23's 648 (91 /v2) and 54 legacy", function () {
    assert.strictEqual(catalogue.apiVersion, '2026-10-28.endive');
    assert.match(catalogue.source, /^stripe 23\.1\.0 /);
    assert.strictEqual(catalogue.count, 702);
    assert.strictEqual(catalogue.operations.length, 702);
    assert.strictEqual(byId.size, 702, 'operation ids are unique');
    const current = catalogue.operations.filter((o) => !o.legacy);
    assert.strictEqual(current.length, 648);
    assert.strictEqual(current.filter((o) => o.path.startsWith('/v2/')).length, 91);
    assert.strictEqual(current.filter((o) => !o.addedAfter).length, 479, 'in the 2024-04-10 document too');
    assert.strictEqual(catalogue.operations.filter((o) => o.legacy).length, 54);
    assert.deepStrictEqual(catalogue.versions.slice(0, 2), ['2024-04-10', '2024-06-20']);
    assert.strictEqual(catalogue.versions[catalogue.versions.length - 1], '2026-10-28.endive');
    for (const v of ['2025-03-31.basil', '2025-09-30.clover', '2026-03-25.dahlia']) {
      assert.ok(catalogue.versions.includes(v), v);
    }
    assert.deepStrictEqual(catalogue.versions, [...catalogue.versions].sort());
    const ids = catalogue.operations.map((o) => o.id);
    assert.deepStrictEqual(
      ids,
      [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it('marks 148 list (18 of them /v2) and 7 search operations', function () {
    const count = (kind) => catalogue.operations.filter((o) => o.pagination === kind).length;
    assert.strictEqual(count('list'), 148);
    assert.strictEqual(count('search'), 7);
    assert.strictEqual(
      catalogue.operations.filter((o) => o.pagination === 'list' && o.path.startsWith('/v2/')).length,
      18,
    );
    assert.strictEqual(op('GetV2CoreEventDestinations').pagination, 'list');
    for (const o of catalogue.operations) {
      assert.ok(o.pagination === undefined || o.pagination === 'list' || o.pagination === 'search', o.id);
    }
  });

  it('PostFiles uploads multipart to files.stripe.com', function () {
    const o = op('PostFiles');
    assert.strictEqual(o.method, 'POST');
    assert.strictEqual(o.path, '/v1/files');
    assert.strictEqual(o.server, 'https://files.stripe.com');
    assert.strictEqual(o.contentType, 'multipart/form-data');
    const file = o.bodyFields.find((f) => f.name === 'file');
    assert.ok(file, 'PostFiles has a `file` body field');
    assert.strictEqual(file.required, true);
  });

  it('GetQuotesQuotePdf streams from files.stripe.com, the meter event stream goes to meter-events.stripe.com; no other has a server', function () {
    assert.strictEqual(op('GetQuotesQuotePdf').server, 'https://files.stripe.com');
    assert.strictEqual(op('GetQuotesQuotePdf').streaming, true);
    const stream = op('PostV2BillingMeterEventStream');
    assert.strictEqual(stream.server, 'https://meter-events.stripe.com');
    assert.strictEqual(stream.contentType, 'application/json');
    const withServer = catalogue.operations.filter((o) => 'server' in o).map((o) => o.id);
    assert.deepStrictEqual(withServer, ['GetQuotesQuotePdf', 'PostFiles', 'PostV2BillingMeterEventStream']);
  });

  it('v1 POSTs are form-encoded, v2 POSTs JSON; GET and DELETE carry query parameters only', function () {
    for (const o of catalogue.operations) {
      if (o.method === 'POST' && o.id !== 'PostFiles') {
        const want = o.path.startsWith('/v2/') ? 'application/json' : 'application/x-www-form-urlencoded';
        assert.strictEqual(o.contentType, want, o.id);
      }
      if (!o.legacy && o.method !== 'POST') assert.deepStrictEqual(o.bodyFields, [], o.id);
      if (!o.legacy && o.method === 'POST') assert.deepStrictEqual(o.queryParams, [], o.id);
    }
    const update = op('PostCheckoutSessionsSession');
    assert.strictEqual(update.path, '/v1/checkout/sessions/{session}');
    assert.strictEqual(update.addedAfter, '2024-04-10');
    const mode = op('PostCheckoutSessions').bodyFields.find((f) => f.name === 'mode');
    assert.deepStrictEqual(mode.enum, ['payment', 'setup', 'subscription']);
  });

  it('GetTaxIdsId is GET /v1/tax_ids/{id} with a required path param id', function () {
    const o = op('GetTaxIdsId');
    assert.strictEqual(o.method, 'GET');
    assert.strictEqual(o.path, '/v1/tax_ids/{id}');
    const id = o.pathParams.find((p) => p.name === 'id');
    assert.ok(id, 'path param id');
    assert.strictEqual(id.required, true);
    assert.strictEqual(o.description, 'Retrieves an account or customer tax_id object.');
    const expand = o.queryParams.find((p) => p.name === 'expand');
    assert.deepStrictEqual(expand, {
      name: 'expand',
      required: false,
      description: 'Specifies which fields in the response should be expanded.',
      type: 'array',
      deepObject: true,
    });
  });

  it('DeleteCustomersCustomer is DELETE /v1/customers/{customer}', function () {
    const o = op('DeleteCustomersCustomer');
    assert.strictEqual(o.method, 'DELETE');
    assert.strictEqual(o.path, '/v1/customers/{customer}');
  });

  it('every entry has the expected shape', function () {
    const TYPES = ['string', 'integer', 'number', 'boolean', 'object', 'array'];
    for (const o of catalogue.operations) {
      assert.match(o.method, /^(GET|POST|DELETE)$/, o.id);
      assert.strictEqual(typeof o.description, 'string', o.id);
      assert.ok(o.deprecated === undefined || o.deprecated === true, o.id);
      assert.ok(o.addedAfter === undefined || o.addedAfter === '2024-04-10', o.id);
      assert.ok(!(o.addedAfter && o.legacy), `${o.id}: new and legacy at once`);
      for (const k of ['pathParams', 'queryParams', 'bodyFields']) {
        assert.ok(Array.isArray(o[k]), `${o.id}.${k} is an array`);
        for (const p of o[k]) {
          assert.strictEqual(typeof p.name, 'string', `${o.id}.${k}`);
          assert.strictEqual(typeof p.required, 'boolean', `${o.id}.${k}.${p.name}`);
          assert.strictEqual(typeof p.description, 'string', `${o.id}.${k}.${p.name}`);
          assert.ok(p.type === undefined || TYPES.includes(p.type), `${o.id}.${k}.${p.name} type ${p.type}`);
          assert.ok(p.enum === undefined || p.enum.every((v) => typeof v === 'string'), `${o.id}.${k}.${p.name}`);
          assert.ok(!('fields' in p), `${o.id}.${k}.${p.name}: nested fields belong in fields.json`);
          assert.ok(
            p.deepObject === undefined || (p.deepObject === true && k === 'queryParams'),
            `${o.id}.${k}.${p.name}`,
          );
        }
      }
    }
  });

  it('no description contains HTML tags or newlines, and none exceeds 160 characters', function () {
    const check = (where, text) => {
      assert.ok(!/<\/?[a-zA-Z][^>]*>/.test(text), `${where} contains an HTML tag: ${text}`);
      assert.ok(!/[\r\n]/.test(text), `${where} contains a newline: ${text}`);
      assert.ok(text.length <= 160, `${where} is longer than 160 characters`);
    };
    for (const o of catalogue.operations) {
      check(o.id, o.description);
      for (const k of ['pathParams', 'queryParams', 'bodyFields']) {
        for (const p of o[k]) check(`${o.id}.${k}.${p.name}`, p.description);
      }
    }
  });

  it('every {param} in a path has a pathParams entry', function () {
    for (const o of catalogue.operations) {
      const names = (o.path.match(/\{[^}]+\}/g) || []).map((s) => s.slice(1, -1));
      for (const name of names) {
        assert.ok(
          o.pathParams.some((p) => p.name === name),
          `${o.id}: no pathParams entry for {${name}}`,
        );
      }
    }
  });
});
