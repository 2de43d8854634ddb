'use strict';
// GET stripe/objects/:clientId, the dialog's object chooser, against a Stripe-like server on loopback:
// a customer found by part of its e-mail through Stripe's search, prices through the list 20 at a
// time, each as id and label; no client, no key, a refused key, Stripe unreachable: one line each, and
// the key in no answer. Then the route in a real Node-RED under adminAuth: no token 401, a user who
// may only read may look.
const assert = require('assert');
const net = require('net');
const admin = require('../../dist/nodes/admin');
const { StripeClient } = require('../../dist/stripe');
const { StripeServer } = require('../helpers/stripe-server');
const { NodeRed } = require('../../bench/lib/nodered');

const KEY = 'sk_test_objects51Secret';
const { inEnglish } = require('../../dist/stripe/common/texts');
const ENGLISH = { text: inEnglish, error: (e) => e.message, reason: (e) => e.reason };

/** Stripe's customer search, as far as `email~"x" OR name~"x"` goes. */
function searchCustomers(server, customers) {
  server.route('GET', '/v1/customers/search', (res, r) => {
    const m = /email~"([^"]*)"/.exec(String(r.query.query || ''));
    const q = m ? m[1].toLowerCase() : '';
    const data = customers.filter((c) => c.email.includes(q) || c.name.toLowerCase().includes(q));
    StripeServer.json(res, 200, { object: 'search_result', data, has_more: false, next_page: null, url: r.path });
  });
}

const CUSTOMERS = [
  { id: 'cus_Ann1', object: 'customer', email: 'ann@example.com', name: 'Ann Lee' },
  { id: 'cus_Bob2', object: 'customer', email: 'bob@example.com', name: 'Bob Roe' },
];

function closedPort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

describe('GET stripe/objects: the object chooser against a Stripe-like server', function () {
  this.timeout(20000);
  const server = new StripeServer();
  const clients = [];
  before(() => server.start());
  after(async () => {
    for (const c of clients) c.close();
    await server.stop();
  });
  beforeEach(() => server.reset());

  function nodeWith(opts) {
    const client = new StripeClient({ apiKey: KEY, maxRetries: 0, timeout: 5, ...opts });
    clients.push(client);
    return { type: 'stripe-client', getClient: () => client };
  }
  const ask = (node, query) => admin.objectsAnswer('cli1', query, (id) => (id === 'cli1' ? node : undefined), ENGLISH);

  it('finds a customer by part of its e-mail through Stripe search, as id and label, reading only', async function () {
    searchCustomers(server, CUSTOMERS);
    const r = await ask(nodeWith({ baseUri: server.url }), { kind: 'customer', q: 'ann' });
    assert.strictEqual(r.status, 200);
    assert.deepStrictEqual(r.body.objects, [{ id: 'cus_Ann1', label: 'Ann Lee · ann@example.com' }]);
    const [req] = server.requestsTo('GET', '/v1/customers/search');
    assert.strictEqual(req.query.query, 'email~"ann" OR name~"ann"');
    assert.strictEqual(req.query.limit, '20');
    assert.deepStrictEqual(
      server.requests.map((x) => x.method),
      ['GET'],
    );
    assert.ok(!JSON.stringify(r.body).includes(KEY));
  });

  it('lists prices 20 at a time with amount and currency, keeps those matching the text, and pages on', async function () {
    server.fill('/v1/prices', 45, (i) => ({
      object: 'price',
      nickname: i === 44 ? 'Gold monthly' : `Plan ${i}`,
      unit_amount: 1500,
      currency: 'eur',
    }));
    const node = nodeWith({ baseUri: server.url });
    const first = await ask(node, { kind: 'price', q: '' });
    assert.strictEqual(first.body.objects.length, 20);
    assert.deepStrictEqual(first.body.objects[0], { id: 'obj_00045', label: 'Plan 45 · 15.00 EUR' });
    assert.strictEqual(first.body.more, 'obj_00026');
    const next = await ask(node, { kind: 'price', q: '', after: first.body.more });
    assert.strictEqual(next.body.objects[0].id, 'obj_00025');
    assert.strictEqual(server.requestsTo('GET', '/v1/prices')[1].query.starting_after, 'obj_00026');
    const gold = await ask(node, { kind: 'price', q: 'gold' });
    assert.deepStrictEqual(gold.body.objects, [{ id: 'obj_00044', label: 'Gold monthly · 15.00 EUR' }]);
  });

  it('no client, no key, a kind without a list: one line each', async function () {
    const none = await admin.objectsAnswer('nope', { kind: 'customer', q: 'a' }, () => undefined, ENGLISH);
    assert.strictEqual(none.status, 404);
    assert.match(none.body.error, /^No deployed stripe-client/);
    const keyless = {
      type: 'stripe-client',
      getClient: () => {
        throw new (require('../../dist/stripe').StripeError)('config', 'No API key: set one in the stripe-client');
      },
    };
    const nokey = await ask(keyless, { kind: 'customer', q: 'a' });
    assert.strictEqual(nokey.status, 409);
    assert.match(nokey.body.error, /API key/);
    const kind = await ask(nodeWith({ baseUri: server.url }), { kind: 'spaceship', q: '' });
    assert.strictEqual(kind.status, 400);
    assert.match(kind.body.error, /spaceship/);
  });

  it("a refused key: Stripe's message in one line, without the key", async function () {
    server.route('GET', '/v1/customers/search', {
      status: 401,
      body: {
        error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${KEY}\nsecond line` },
      },
    });
    const r = await ask(nodeWith({ baseUri: server.url }), { kind: 'customer', q: 'ann' });
    assert.strictEqual(r.status, 502);
    assert.match(r.body.error, /Invalid API Key provided/);
    assert.ok(!r.body.error.includes('\n'));
    assert.ok(!JSON.stringify(r.body).includes(KEY), r.body.error);
  });

  it('Stripe unreachable: one line', async function () {
    const port = await closedPort();
    const r = await ask(nodeWith({ baseUri: `http://127.0.0.1:${port}` }), { kind: 'customer', q: 'ann' });
    assert.strictEqual(r.status, 502);
    assert.ok(r.body.error && !r.body.error.includes('\n'), r.body.error);
    assert.ok(!r.body.error.includes(KEY));
  });
});

describe('GET stripe/objects in Node-RED under adminAuth', function () {
  this.timeout(60000);
  let nr;
  const server = new StripeServer();
  const PW = 'editor-pw-2';

  async function token(username, scope) {
    const res = await fetch(`http://127.0.0.1:${nr.port}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope, username, password: PW }),
    });
    assert.strictEqual(res.status, 200);
    return (await res.json()).access_token;
  }

  before(async function () {
    await server.start();
    searchCustomers(server, CUSTOMERS);
    const hash = require('bcryptjs').hashSync(PW, 4);
    nr = await NodeRed.start({
      stripeGlobal: false,
      flows: [
        { id: 't1', type: 'tab', label: 'Stripe' },
        { id: 'cli1', type: 'stripe-client', name: '', baseUri: server.url, maxRetries: 0 },
      ],
      credentials: { cli1: { apiKey: KEY } },
      settings: {
        adminAuth: {
          type: 'credentials',
          users: [{ username: 'reader', password: hash, permissions: 'read' }],
        },
      },
    });
  });
  after(async function () {
    if (nr) await nr.stop();
    await server.stop();
  });

  it('no token: 401 before Stripe; a user who may only read may look, and the key is in no answer', async function () {
    const url = `http://127.0.0.1:${nr.port}/stripe/objects/cli1?kind=customer&q=ann`;
    assert.strictEqual((await fetch(url)).status, 401);
    assert.strictEqual(server.requests.length, 0);
    const reader = await token('reader', 'read');
    const res = await fetch(url, { headers: { Authorization: `Bearer ${reader}` } });
    const text = await res.text();
    assert.strictEqual(res.status, 200, text);
    assert.deepStrictEqual(JSON.parse(text).objects, [{ id: 'cus_Ann1', label: 'Ann Lee · ann@example.com' }]);
    assert.ok(!text.includes(KEY));
    assert.strictEqual(server.requests[0].headers.authorization, `Bearer ${KEY}`);
  });
});
