'use strict';
// The event walk against a Stripe-like event list on loopback: oldest first from a cursor, each event
// once across pages, and the fallbacks when the cursor cannot be used.
const assert = require('assert');
const { StripeServer } = require('../helpers/stripe-server');
const { EventsStandIn } = require('../../scripts/events-standin');
const { StripeClient, eventsAfter, eventsSince, serverTypeQuery } = require('../../dist/stripe');

describe('event walk (GET /v1/events)', function () {
  let server;
  let stripe;
  let client;

  before(async function () {
    server = await new StripeServer().start();
  });
  after(() => server.stop());
  beforeEach(function () {
    server.reset();
    stripe = new EventsStandIn();
    const handle = stripe.handler();
    server.on((req, res, r) => handle(req, res, r.rawBody));
    client = new StripeClient({ apiKey: 'sk_test_walk', baseUri: server.url, rateLimit: 1000 });
  });
  afterEach(() => client.close());

  async function collect(gen) {
    const out = [];
    for await (const e of gen) out.push(e.facts.id);
    return out;
  }

  it('gives the events after the cursor oldest first, across pages of 100', async function () {
    const cursor = stripe.add('charge.succeeded');
    const later = [];
    for (let i = 0; i < 250; i++) later.push(stripe.add(i % 2 ? 'invoice.paid' : 'charge.succeeded').id);
    const got = await collect(eventsAfter(client, { id: cursor.id, created: cursor.created }, {}, {}));
    assert.deepStrictEqual(got, later);
    assert.strictEqual(server.requestsTo('GET', '/v1/events').length, 3);
  });

  it('asks Stripe to filter by up to 20 names, or one group', async function () {
    assert.deepStrictEqual(serverTypeQuery(['a.b', 'c.d']), { types: ['a.b', 'c.d'] });
    assert.deepStrictEqual(serverTypeQuery(['invoice.*']), { type: 'invoice.*' });
    assert.deepStrictEqual(serverTypeQuery(['invoice.*', 'charge.failed']), {});
    assert.deepStrictEqual(serverTypeQuery(Array.from({ length: 21 }, (_, i) => `t.${i}`)), {});
    assert.deepStrictEqual(serverTypeQuery(['*']), {});
    const cursor = stripe.add('charge.succeeded');
    const paid = stripe.add('invoice.paid');
    stripe.add('charge.failed');
    const got = await collect(
      eventsAfter(client, { id: cursor.id, created: cursor.created }, { types: ['invoice.paid'] }, {}),
    );
    assert.deepStrictEqual(got, [paid.id]);
    assert.deepStrictEqual(server.requestsTo('GET', '/v1/events')[0].query.types, ['invoice.paid']);
  });

  it('starts from a time when there is no cursor event: oldest first, nothing before it', async function () {
    const now = Math.floor(Date.now() / 1000);
    stripe.add('old.one', {}, { created: now - 7200 });
    const want = [];
    for (let i = 0; i < 150; i++) want.push(stripe.add('x.y', {}, { created: now - 3000 + i }).id);
    assert.deepStrictEqual(await collect(eventsSince(client, now - 3600, {}, {})), want);
  });

  it('a range of more than 10,000 events is walked whole: the oldest first, none left out', async function () {
    this.timeout(60000);
    const now = Math.floor(Date.now() / 1000);
    const want = [];
    for (let i = 0; i < 10050; i++) want.push(stripe.add('x.y', {}, { created: now - 20000 + i }).id);
    const got = await collect(eventsSince(client, now - 30000, {}, {}));
    assert.strictEqual(got.length, 10050);
    assert.strictEqual(got[0], want[0]);
    assert.deepStrictEqual(got, want);
  });

  it('a replay range stops at its end', async function () {
    const now = Math.floor(Date.now() / 1000);
    const a = stripe.add('x.y', {}, { created: now - 300 });
    const b = stripe.add('x.y', {}, { created: now - 200 });
    stripe.add('x.y', {}, { created: now - 100 });
    assert.deepStrictEqual(await collect(eventsSince(client, now - 300, {}, {}, now - 150)), [a.id, b.id]);
  });

  it('a cursor whose event is gone continues from its time and says so', async function () {
    const now = Math.floor(Date.now() / 1000);
    const cursor = stripe.add('x.y', {}, { created: now - 500 });
    const next = stripe.add('x.y', {}, { created: now - 400 });
    stripe.forget(cursor.id);
    const told = [];
    const got = await collect(
      eventsAfter(client, { id: cursor.id, created: cursor.created }, {}, { onFallback: (r) => told.push(r) }),
    );
    assert.deepStrictEqual(got, [next.id]);
    assert.deepStrictEqual(told, ['gone']);
  });

  it('a cursor older than 30 days is not asked for; the walk starts at the oldest event Stripe keeps', async function () {
    const now = Math.floor(Date.now() / 1000);
    const kept = stripe.add('x.y', {}, { created: now - 29 * 86400 });
    const told = [];
    const got = await collect(
      eventsAfter(client, { id: 'evt_ancient', created: now - 40 * 86400 }, {}, { onFallback: (r) => told.push(r) }),
    );
    assert.deepStrictEqual(got, [kept.id]);
    assert.deepStrictEqual(told, ['expired']);
    assert.ok(server.requestsTo('GET', '/v1/events').every((r) => r.query.ending_before !== 'evt_ancient'));
  });

  it('nothing new: one request, nothing given', async function () {
    const cursor = stripe.add('x.y');
    assert.deepStrictEqual(await collect(eventsAfter(client, { id: cursor.id, created: cursor.created }, {}, {})), []);
    assert.strictEqual(server.requestsTo('GET', '/v1/events').length, 1);
  });
});
