'use strict';
// The editor's runtime side (src/nodes/admin/index.ts) without a browser: the catalogue route, key
// info, Test connection against a Stripe-like server, the routes' permissions and registration. Where
// a saved key may go: saved-key.test.js; the editor's strings: editor-strings.test.js; the editor's own
// logic: test/editor/.
const assert = require('assert');
const zlib = require('zlib');
const http = require('http');
const admin = require('../../dist/nodes/admin');

function fakeRes() {
  const res = { headers: {}, code: 200, body: undefined };
  res.set = (k, v) => ((res.headers[k.toLowerCase()] = v), res);
  res.status = (c) => ((res.code = c), res);
  res.json = (b) => (res.body = b);
  res.send = (b) => (res.body = b);
  res.end = () => undefined;
  return res;
}

describe('admin endpoints (editor support)', function () {
  describe('what a dialog maps from (spec/responses.json)', function () {
    it("an operation's details say what it answers, nested, and which list serves each id parameter", function () {
      const d = admin.operationDetails('GetCustomersCustomer');
      assert.strictEqual(d.response.object, 'customer');
      const email = d.response.fields.find((f) => f.name === 'email');
      assert.strictEqual(email.type, 'string');
      assert.ok(email.description);
      const address = d.response.fields.find((f) => f.name === 'address');
      assert.ok(address.fields.some((f) => f.name === 'city'));
      assert.deepStrictEqual(d.ids['path.customer'], {
        object: 'customer',
        list: 'GetCustomers',
        search: 'GetCustomersSearch',
      });
      const list = admin.operationDetails('GetSubscriptions');
      assert.strictEqual(list.response.list, 'list');
      assert.strictEqual(list.response.object, 'subscription');
      assert.strictEqual(list.ids['query.price'].list, 'GetPrices');
      const items = list.response.fields.find((f) => f.name === 'items');
      const data = items.fields.find((f) => f.name === 'data');
      assert.strictEqual(data.type, 'array');
      assert.strictEqual(data.object, 'subscription_item');
      assert.strictEqual(admin.operationDetails('PostSubscriptions').ids['payload.customer'].object, 'customer');
    });

    it("GET stripe/catalogue/events: an event type's data.object, groups too, none for all types", function () {
      const res = fakeRes();
      admin.sendEventObjects('invoice.paid', { headers: {} }, res);
      const { objects } = JSON.parse(res.body.toString());
      assert.deepStrictEqual(
        objects.map((o) => [o.object, o.types]),
        [['invoice', ['invoice.paid']]],
      );
      assert.ok(objects[0].fields.some((f) => f.name === 'amount_due' && f.type === 'number'));
      const group = fakeRes();
      admin.sendEventObjects('invoice.*', { headers: {} }, group);
      assert.ok(JSON.parse(group.body.toString()).objects[0].types.includes('invoice.payment_failed'));
      const all = fakeRes();
      admin.sendEventObjects('*', { headers: {} }, all);
      assert.deepStrictEqual(JSON.parse(all.body.toString()).objects, []);
    });
  });

  describe('GET stripe/catalogue', function () {
    it('serves the slim catalogue gzipped with an ETag, at most 100 KB, and 304 when unchanged', function () {
      const res = fakeRes();
      admin.sendCatalogue({ headers: { 'accept-encoding': 'gzip, deflate' }, query: {} }, res);
      assert.strictEqual(res.headers['content-encoding'], 'gzip');
      assert.ok(res.body.length <= 100 * 1024, `${res.body.length} bytes gzipped`);
      const cat = JSON.parse(zlib.gunzipSync(res.body).toString('utf8'));
      assert.strictEqual(cat.operations.length, 702);
      const tax = cat.operations.find((o) => o.id === 'GetTaxIdsId');
      assert.deepStrictEqual(tax.pathParams, [{ name: 'id', required: true }]);
      const prices = cat.operations.find((o) => o.id === 'PostPrices');
      assert.ok(prices.bodyFields.some((f) => f.name === 'currency' && f.required && f.description));
      const again = fakeRes();
      admin.sendCatalogue({ headers: { 'if-none-match': res.headers.etag }, query: {} }, again);
      assert.strictEqual(again.code, 304);
      const plain = fakeRes();
      admin.sendCatalogue({ headers: {}, query: {} }, plain);
      assert.strictEqual(plain.headers['content-encoding'], undefined);
      assert.strictEqual(JSON.parse(plain.body.toString()).count, 702);
    });
  });

  describe('keyInfo', function () {
    it('tells test from live and secret from restricted, and nothing else', function () {
      assert.deepStrictEqual(admin.keyInfo('sk_test_abc'), { mode: 'test', kind: 'secret' });
      assert.deepStrictEqual(admin.keyInfo('rk_live_abc'), { mode: 'live', kind: 'restricted' });
      assert.strictEqual(admin.keyInfo('pk_test_abc'), undefined);
      assert.strictEqual(admin.keyInfo(undefined), undefined);
    });
  });

  describe('POST stripe/test-connection', function () {
    let server;
    let url;
    let seen;
    before(async function () {
      // A Stripe-like server: /v1/account answers for one key, 401 for others; /v1/customers always.
      server = http.createServer((req, res) => {
        seen.push({ url: req.url, auth: req.headers.authorization, version: req.headers['stripe-version'] });
        res.setHeader('Content-Type', 'application/json');
        if (
          req.headers.authorization !== 'Bearer sk_test_good123' &&
          req.headers.authorization !== 'Bearer sk_test_saved456'
        ) {
          res.statusCode = 401;
          res.end(
            JSON.stringify({
              error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****d999' },
            }),
          );
        } else if (req.url.startsWith('/v1/account') && req.headers.authorization === 'Bearer sk_test_good123') {
          res.end(
            JSON.stringify({
              id: 'acct_123',
              object: 'account',
              settings: { dashboard: { display_name: 'Corner Shop' } },
            }),
          );
        } else if (req.url.startsWith('/v1/account')) {
          res.statusCode = 404;
          res.end(
            JSON.stringify({
              error: { type: 'invalid_request_error', message: 'Unrecognized request URL (GET: /v1/account).' },
            }),
          );
        } else {
          res.end(JSON.stringify({ object: 'list', data: [], has_more: false, url: '/v1/customers' }));
        }
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${server.address().port}`;
    });
    beforeEach(() => (seen = []));
    after(() => new Promise((r) => server.close(r)));

    const none = () => undefined;

    it('names the account for a typed key', async function () {
      const r = await admin.testConnection({ apiKey: 'sk_test_good123', baseUri: url, apiVersion: '2024-04-10' }, none);
      assert.deepStrictEqual(r, {
        ok: true,
        mode: 'test',
        key: 'typed',
        account: { id: 'acct_123', name: 'Corner Shop' },
      });
      assert.strictEqual(seen[0].version, '2024-04-10');
    });

    it('uses the saved key for an empty field or the password placeholder, and falls back to a list call on 404', async function () {
      const creds = (id) => (id === 'cfg1' ? { apiKey: 'sk_test_saved456' } : undefined);
      const deployed = (id) => (id === 'cfg1' ? url : undefined);
      const r = await admin.testConnection({ id: 'cfg1', apiKey: '__PWRD__', baseUri: url }, creds, deployed);
      assert.strictEqual(r.ok, true);
      assert.strictEqual(r.key, 'saved');
      assert.strictEqual(r.account, null);
      assert.match(r.note, /does not describe the account/);
      assert.deepStrictEqual(
        seen.map((s) => s.url),
        ['/v1/account', '/v1/customers?limit=1'],
      );
    });

    it('fails clearly without a key, with a wrong key, and never returns the key', async function () {
      let r = await admin.testConnection({ id: 'nope', apiKey: '', baseUri: url }, none);
      assert.strictEqual(r.ok, false);
      assert.match(r.error, /No API key/);
      r = await admin.testConnection({ apiKey: 'sk_test_wrongd999', baseUri: url }, none);
      assert.strictEqual(r.ok, false);
      assert.match(r.error, /Invalid API Key/);
      assert.ok(!JSON.stringify(r).includes('wrongd999'));
      r = await admin.testConnection({ apiKey: 'pk_test_publishable1', baseUri: url }, none);
      assert.strictEqual(r.ok, false);
      assert.match(r.error, /publishable/);
      assert.ok(!JSON.stringify(r).includes('publishable1'));
    });

    it('guards each route with its own permission: reading with read, testing a key or a fleet with write', function () {
      const routes = {};
      admin.registerAdmin({
        httpAdmin: {
          get: (p, ...h) => (routes[`GET ${p}`] = h),
          post: (p, ...h) => (routes[`POST ${p}`] = h),
        },
        auth: {
          needsPermission: (p) => {
            const guard = (req, res, next) => next();
            guard.permission = p;
            return guard;
          },
        },
        nodes: { getCredentials: () => undefined, getNode: () => null },
      });
      assert.deepStrictEqual(Object.keys(routes).sort(), [
        'GET /stripe/catalogue',
        'GET /stripe/catalogue/events',
        'GET /stripe/catalogue/operations/:id',
        'GET /stripe/key-info',
        'GET /stripe/objects/:clientId',
        'POST /stripe/fleet/test',
        'POST /stripe/test-connection',
      ]);
      // The guard runs first, then exactly one handler.
      const guards = Object.fromEntries(Object.entries(routes).map(([r, h]) => [r, [h.length, h[0].permission]]));
      assert.deepStrictEqual(guards, {
        'GET /stripe/catalogue': [2, 'stripe-client.read'],
        'GET /stripe/catalogue/operations/:id': [2, 'stripe-client.read'],
        'GET /stripe/key-info': [2, 'stripe-client.read'],
        'GET /stripe/catalogue/events': [2, 'stripe-client.read'],
        'GET /stripe/objects/:clientId': [2, 'stripe-client.read'],
        'POST /stripe/test-connection': [2, 'stripe-client.write'],
        'POST /stripe/fleet/test': [2, 'stripe-fleet.write'],
      });
    });

    it('registers once per admin app: never twice on the same one, again on a new one (another runtime)', function () {
      const count = {};
      const fakeRED = () => ({
        httpAdmin: {
          get: (p) => (count[`GET ${p}`] = (count[`GET ${p}`] || 0) + 1),
          post: (p) => (count[`POST ${p}`] = (count[`POST ${p}`] || 0) + 1),
        },
        auth: { needsPermission: () => (req, res, next) => next() },
        nodes: { getCredentials: () => undefined, getNode: () => null },
      });
      const first = fakeRED();
      admin.registerAdmin(first);
      admin.registerAdmin(first);
      // Node-RED gives each node file its own RED, all sharing the one admin app.
      admin.registerAdmin({ ...fakeRED(), httpAdmin: first.httpAdmin });
      assert.deepStrictEqual(Object.values(count), [1, 1, 1, 1, 1, 1, 1]);
      admin.registerAdmin(fakeRED());
      assert.deepStrictEqual(Object.values(count), [2, 2, 2, 2, 2, 2, 2]);
    });

    it('blanks anything shaped like a key with the package-wide redaction, keeping its kind and mode', function () {
      const { redactKeys } = require('../../dist/stripe/http/client');
      assert.strictEqual(
        redactKeys('a sk_test_abc, rk_live_51Hx_y9 and pk_test_Z; key=sk_live_x glued:apikey_sk_test_q1w2e3'),
        'a sk_test_***, rk_live_*** and pk_test_***; key=sk_live_*** glued:apikey_sk_test_***',
      );
      assert.strictEqual(redactKeys('sk_test_ and acct_123 stay'), 'sk_test_ and acct_123 stay');
    });
  });
});
