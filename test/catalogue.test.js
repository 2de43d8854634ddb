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

  it('is up to date: regenerating gives a byte-identical file', function () {
    tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-catalogue-'));
    const out = path.join(tmpDir, 'catalogue.json');
    execFileSync(process.execPath, [SCRIPT, '--out', out], { cwd: ROOT, stdio: 'pipe' });
    const fresh = fs.readFileSync(out);
    const committed = fs.readFileSync(COMMITTED);
    assert.ok(
      fresh.equals(committed),
      'spec/catalogue.json is out of date with scripts/catalog.js: run `npm run catalog` and commit the result',
    );
  });

  it('has the header and 533 operations sorted by id', function () {
    assert.strictEqual(catalogue.apiVersion, '2024-04-10');
    assert.strictEqual(typeof catalogue.source, 'string');
    assert.strictEqual(catalogue.count, 533);
    assert.strictEqual(catalogue.operations.length, 533);
    assert.strictEqual(byId.size, 533, 'operation ids are unique');
    const ids = catalogue.operations.map((o) => o.id);
    assert.deepStrictEqual(
      ids,
      [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it('marks 117 list and 7 search operations', function () {
    const count = (kind) => catalogue.operations.filter((o) => o.pagination === kind).length;
    assert.strictEqual(count('list'), 117);
    assert.strictEqual(count('search'), 7);
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

  it('GetQuotesQuotePdf goes to files.stripe.com; only two operations have a server', function () {
    assert.strictEqual(op('GetQuotesQuotePdf').server, 'https://files.stripe.com');
    const withServer = catalogue.operations.filter((o) => 'server' in o).map((o) => o.id);
    assert.deepStrictEqual(withServer, ['GetQuotesQuotePdf', 'PostFiles']);
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
      assert.match(o.method, /^(GET|POST|DELETE|PUT|PATCH|HEAD|OPTIONS)$/, o.id);
      assert.strictEqual(typeof o.description, 'string', o.id);
      assert.ok(o.deprecated === undefined || o.deprecated === true, o.id);
      for (const k of ['pathParams', 'queryParams', 'bodyFields']) {
        assert.ok(Array.isArray(o[k]), `${o.id}.${k} is an array`);
        for (const p of o[k]) {
          assert.strictEqual(typeof p.name, 'string', `${o.id}.${k}`);
          assert.strictEqual(typeof p.required, 'boolean', `${o.id}.${k}.${p.name}`);
          assert.strictEqual(typeof p.description, 'string', `${o.id}.${k}.${p.name}`);
          assert.ok(p.type === undefined || TYPES.includes(p.type), `${o.id}.${k}.${p.name} type ${p.type}`);
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
