'use strict';
// Thin events (v2.core.event) as a flow chains them, in a real Node-RED (a child process): a thin
// event signed as stripe-node 23 signs one reaches stripe-webhook, comes out with its type and
// account, and a stripe-subscriber wired after it fetches the full event with GET
// /v2/core/events/{id}, the request stripe-node's fetchEvent() makes.
const assert = require('assert');
const http = require('http');
const Stripe = require('stripe');
const { NodeRed } = require('../../bench/lib/nodered');
const { Collector } = require('../helpers/collector');
const { StripeServer } = require('../helpers/stripe-server');
const { KEY } = require('../helpers/flow');

const SECRET = 'whsec_thin_events_secret';
const stripe = Stripe(KEY);

function post(port, urlPath, body, headers) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: urlPath,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function flows(server, collector) {
  return [
    { id: 'tab', type: 'tab', label: 'thin events' },
    { id: 'client', type: 'stripe-client', name: 'loopback', baseUri: server.url, apiVersion: '2026-10-28.endive' },
    {
      id: 'wh',
      type: 'stripe-webhook',
      z: 'tab',
      url: '/stripe/thin',
      events: ['v1.billing.meter.*'],
      livemode: 'any',
      tolerance: 300,
      store: '',
      wires: [['wh-fn', 'fetch']],
    },
    ...collector.nodes('wh', ['topic', 'stripe', 'payload']),
    {
      id: 'fetch',
      type: 'stripe-subscriber',
      z: 'tab',
      client: 'client',
      operationId: 'GetV2CoreEventsId',
      path: { id: '{{payload.id}}' },
      wires: [['fetch-fn']],
    },
    ...collector.nodes('fetch', ['payload', 'stripe', 'statusCode']),
    { id: 'catcher', type: 'catch', z: 'tab', scope: ['wh', 'fetch'], uncaught: false, wires: [['catcher-fn']] },
    ...collector.nodes('catcher', ['error', 'stripe']),
  ];
}

describe('v2: thin events, webhook -> subscriber', function () {
  this.timeout(120000);
  let nr;
  let server;
  let collector;
  before(async () => {
    server = await new StripeServer().start();
    collector = await new Collector().start();
    nr = await NodeRed.start({
      stripeGlobal: false,
      flows: flows(server, collector),
      credentials: { wh: { secret: SECRET }, client: { apiKey: KEY } },
    });
  });
  after(async () => {
    await nr?.stop();
    await collector?.stop();
    await server?.stop();
  });

  it("a signed thin event comes out with its type and account; the subscriber after it fetches the full event as stripe-node's fetchEvent() does", async () => {
    const thin = {
      id: 'evt_test_65R9Ijk8dlGH3Ug2XJs16SWpDuYK',
      object: 'v2.core.event',
      type: 'v1.billing.meter.error_report_triggered',
      livemode: false,
      created: '2026-12-03T10:00:00.000Z',
      context: 'acct_1Device',
      related_object: { id: 'mtr_1', type: 'billing.meter', url: '/v1/billing/meters/mtr_1' },
      reason: { type: 'request', request: { id: 'req_1', idempotency_key: 'k1' } },
    };
    const full = { ...thin, data: { developer_message_summary: 'Meter mtr_1 has no events', reason: {} } };
    server.route('GET', `/v2/core/events/${thin.id}`, { body: full });
    const body = JSON.stringify(thin);
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });
    // stripe-node itself takes the signed notification (the signature is the one it makes and checks).
    const notification = stripe.parseEventNotification(body, header, SECRET);
    assert.strictEqual(notification.type, thin.type);

    assert.strictEqual(await post(nr.port, '/stripe/thin', body, { 'stripe-signature': header }), 200);
    await collector.until(2);
    const received = collector.received.map((m) => m);
    const fromWebhook = received.find((m) => m.topic === thin.type);
    const fetched = received.find((m) => m.statusCode === 200);
    assert.deepStrictEqual(
      received.filter((m) => m.error),
      [],
    );
    assert.deepStrictEqual(fromWebhook.stripe, {
      eventId: thin.id,
      type: thin.type,
      livemode: false,
      account: 'acct_1Device',
      source: 'webhook',
    });
    assert.deepStrictEqual(fromWebhook.payload, thin);
    assert.deepStrictEqual(fetched.payload, full);
    assert.strictEqual(fetched.stripe.method, 'GET');

    // The same request as stripe-node's fetchEvent() (path; both authenticated with the key).
    const ours = server.requestsTo('GET', `/v2/core/events/${thin.id}`);
    assert.strictEqual(ours.length, 1);
    const port = Number(new URL(server.url).port);
    const oracle = new Stripe(KEY, { host: '127.0.0.1', port, protocol: 'http' });
    await oracle.parseEventNotification(body, header, SECRET).fetchEvent();
    const theirs = server.requestsTo('GET', `/v2/core/events/${thin.id}`)[1];
    assert.strictEqual(ours[0].url, theirs.url);
    assert.strictEqual(ours[0].headers.authorization, theirs.headers.authorization);
  });

  it('a thin event with a bad signature is refused and goes nowhere (no fetch)', async () => {
    collector.received = [];
    const before = server.requests.length;
    const body = JSON.stringify({ id: 'evt_forged', object: 'v2.core.event', type: 'v1.billing.meter.no_meter_found' });
    const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret: 'whsec_wrong' });
    assert.strictEqual(await post(nr.port, '/stripe/thin', body, { 'stripe-signature': header }), 400);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(server.requests.length, before);
    assert.deepStrictEqual(
      collector.received.filter((m) => m.topic),
      [],
    );
  });
});
