'use strict';
// stripe-events in a real Node-RED (a child process; NODE_RED_UNDER_TEST picks 3.1 or 5 in
// scripts/test-matrix.js) against a Stripe-like event list on loopback: each event once, oldest
// first, across a restart with a file context store; replays on demand; together with a webhook node
// on the same events, each event once.
const assert = require('assert');
const http = require('http');
const Stripe = require('stripe');
const { NodeRed } = require('../../bench/lib/nodered');
const { Collector } = require('../helpers/collector');
const { StripeServer } = require('../helpers/stripe-server');
const { EventsStandIn } = require('../../scripts/events-standin');

const SECRET = 'whsec_hybrid_secret';
const FILE_STORE = { contextStorage: { default: { module: 'localfilesystem', config: { flushInterval: 1 } } } };

function flows(server, collector, events = {}) {
  return [
    { id: 'tab', type: 'tab', label: 'events' },
    {
      id: 'client',
      type: 'stripe-client',
      name: 'loopback',
      baseUri: server.url,
      apiVersion: '',
      rateLimit: 5,
      maxRetries: 2,
      timeout: 10,
    },
    {
      id: 'poke',
      type: 'inject',
      z: 'tab',
      props: [],
      repeat: '',
      once: false,
      wires: [['ev']],
    },
    {
      id: 'replay',
      type: 'inject',
      z: 'tab',
      props: [{ p: 'replay', v: '{"hours":1}', vt: 'json' }],
      repeat: '',
      once: false,
      wires: [['ev']],
    },
    {
      id: 'ev',
      type: 'stripe-events',
      z: 'tab',
      client: 'client',
      events: ['*'],
      interval: 3600,
      store: '',
      start: 'replay',
      replayHours: 1,
      wires: [['ev-fn']],
      ...events,
    },
    ...collector.nodes('ev'),
  ];
}

async function inject(nr, id) {
  const r = await nr.request('POST', `/inject/${id}`);
  assert.strictEqual(r.status, 200, JSON.stringify(r.body));
}

describe('stripe-events in Node-RED', function () {
  this.timeout(180000);
  let server;
  let stripe;
  let collector;

  beforeEach(async function () {
    server = await new StripeServer().start();
    stripe = new EventsStandIn();
    const handle = stripe.handler();
    server.on((req, res, r) => handle(req, res, r.rawBody));
    collector = await new Collector().start();
  });
  afterEach(async function () {
    await collector.stop();
    await server.stop();
  });

  it('500 events across a restart (file context store): each once, oldest first, within the rate limit', async function () {
    const ids = [];
    for (let i = 0; i < 250; i++) ids.push(stripe.add(i % 3 ? 'invoice.paid' : 'charge.succeeded', { n: i }).id);
    let nr = await NodeRed.start({
      stripeGlobal: false,
      settings: FILE_STORE,
      flows: flows(server, collector),
      credentials: { client: { apiKey: 'sk_test_events_poller' } },
    });
    try {
      await collector.until(250, 60000);
      for (let i = 0; i < 250; i++) ids.push(stripe.add('customer.updated', { n: 250 + i }).id);
      await nr.stop({ keepDir: true });
      const restarted = Date.now();
      nr = await NodeRed.start({ userDir: nr.userDir });
      await collector.until(500, 60000);
      await new Promise((r) => setTimeout(r, 500));
      const got = collector.received.map((m) => m.payload.id);
      assert.strictEqual(got.length, 500);
      // The restarted node went on from its saved cursor: the last event before the stop.
      const firstAfter = server.requestsTo('GET', '/v1/events').find((r) => r.at >= restarted);
      assert.strictEqual(firstAfter.query.ending_before, ids[249]);
      assert.deepStrictEqual(got, ids);
      assert.ok(collector.received.every((m) => m.stripe.source === 'poll' && m.topic === m.payload.type));
      // Within the client's 5 requests/s: no second holds more than 5 requests.
      const perSecond = new Map();
      for (const r of server.requestsTo('GET', '/v1/events')) {
        const s = Math.floor(r.at / 1000);
        perSecond.set(s, (perSecond.get(s) || 0) + 1);
      }
      assert.ok(Math.max(...perSecond.values()) <= 5, JSON.stringify([...perSecond.values()]));
    } finally {
      await nr.stop();
    }
  });

  it('msg.replay re-sends a range, marked as a replay, even events already sent', async function () {
    const a = stripe.add('invoice.paid');
    const nr = await NodeRed.start({
      stripeGlobal: false,
      flows: flows(server, collector),
      credentials: { client: { apiKey: 'sk_test_events_poller' } },
    });
    try {
      await collector.until(1);
      assert.ok(
        nr.log.some((l) => /memory context store/.test(l)),
        'warns that the cursor is in memory',
      );
      await inject(nr, 'replay');
      const got = await collector.until(2);
      assert.strictEqual(got[1].payload.id, a.id);
      assert.strictEqual(got[1].stripe.replay, true);
      assert.strictEqual(got[0].stripe.replay, undefined);
    } finally {
      await nr.stop();
    }
  });

  it('a webhook node and a poller on the same events send each event once', async function () {
    const stripeNode = Stripe('sk_test_hybrid');
    const nr = await NodeRed.start({
      stripeGlobal: false,
      flows: [
        ...flows(server, collector, { start: 'now' }),
        {
          id: 'wh',
          type: 'stripe-webhook',
          z: 'tab',
          url: '/stripe/events',
          events: ['*'],
          store: '',
          wires: [['ev-fn']],
        },
      ],
      credentials: { client: { apiKey: 'sk_test_events_poller' }, wh: { secret: SECRET } },
    });
    try {
      const sent = [];
      for (let i = 0; i < 20; i++) {
        const ev = stripe.add('payment_intent.succeeded', { n: i });
        sent.push(ev.id);
        // The webhook gets every other event (the device was offline for the rest).
        if (i % 2) continue;
        const body = JSON.stringify(ev);
        const header = stripeNode.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
        const status = await new Promise((resolve, reject) => {
          const req = http.request(
            {
              host: '127.0.0.1',
              port: nr.port,
              method: 'POST',
              path: '/stripe/events',
              agent: false,
              headers: { 'content-type': 'application/json', 'stripe-signature': header },
            },
            (res) => {
              res.resume();
              resolve(res.statusCode);
            },
          );
          req.on('error', reject);
          req.end(body);
        });
        assert.strictEqual(status, 200);
      }
      await inject(nr, 'poke');
      await collector.until(20, 30000);
      await inject(nr, 'poke');
      await new Promise((r) => setTimeout(r, 1500));
      const got = collector.received.map((m) => m.payload.id);
      assert.strictEqual(got.length, 20, JSON.stringify(collector.received.map((m) => m.stripe)));
      assert.deepStrictEqual([...got].sort(), [...sent].sort());
      assert.deepStrictEqual(new Set(collector.received.map((m) => m.stripe.source)), new Set(['webhook', 'poll']));
    } finally {
      await nr.stop();
    }
  });
});
