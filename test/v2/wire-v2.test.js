'use strict';
// v2 requests on the wire beside stripe-node 23's (the oracle): the same operation sent by the nodes
// in Node-RED (a function node building what a user builds) and by stripe-node, both to one loopback
// recorder. JSON bodies and their headers, indexed query arrays, list pagination by next_page_url
// over three pages, v2 errors on the Catch node, and the Idempotency-Key of v2 POST and DELETE kept
// across a retry.
const assert = require('assert');
const Stripe = require('stripe');
const { StripeServer } = require('../helpers/stripe-server');
const { startCoreFlow, stopFlow, fastRetries, func, outputs, caught, KEY } = require('../helpers/flow');

const INJECT = 'common/20-inject.js';
const FUNCTION = 'function/10-function.js';
const VERSION = '2026-10-28.endive';
const inject = (id, wires) => ({ id, type: 'inject', props: [], repeat: '', once: false, topic: '', wires: [wires] });

/** Runs inject -> function(code) -> our node, and waits for the answer (or the Catch node). */
async function run(server, code, node, { client = {}, error = false } = {}) {
  const f = await startCoreFlow({
    baseUri: server.url,
    client: { apiVersion: VERSION, ...client },
    core: [INJECT, FUNCTION],
    nodes: [inject('inj', ['fn']), func('fn', code, ['n1']), { id: 'n1', wires: [['out']], ...node }],
  });
  await f.click('inj');
  await (error ? caught(f) : outputs(f));
  return f;
}

describe('v2 on the wire, beside stripe-node 23', function () {
  fastRetries({ initialDelayMs: 5, maxDelayMs: 20 });
  let server;
  let oracle;
  beforeEach(async () => {
    server = await new StripeServer().start();
    const port = Number(new URL(server.url).port);
    oracle = new Stripe(KEY, { host: '127.0.0.1', port, protocol: 'http', apiVersion: VERSION, maxNetworkRetries: 1 });
  });
  afterEach(async () => {
    await stopFlow();
    await server.stop();
  });

  it('a v2 POST: the same JSON body, path, Content-Type, Content-Length, Stripe-Version, Stripe-Account and Authorization; both with an Idempotency-Key', async () => {
    const body = {
      name: 'Usage alerts',
      description: 'Thin events to the device fleet',
      type: 'webhook_endpoint',
      event_payload: 'thin',
      enabled_events: ['v1.billing.meter.error_report_triggered', 'v1.billing.meter.no_meter_found'],
      include: ['webhook_endpoint.url'],
      webhook_endpoint: { url: 'https://example.com/hooks?x=1&y=ü' },
      metadata: { fleet: 'north', count: '3' },
      amount: { value: 1250, currency: 'eur' },
      livemode: false,
      note: null,
    };
    server.route('POST', '/v2/core/event_destinations', { body: { id: 'ed_1', object: 'v2.core.event_destination' } });
    const f = await run(server, `msg.payload = ${JSON.stringify(body)}; return msg;`, {
      type: 'stripe-publisher',
      method: 'POST',
      operationId: 'PostV2CoreEventDestinations',
    });
    await oracle.v2.core.eventDestinations.create(body, { stripeAccount: 'acct_1Fleet' });
    const [ours, theirs] = server.requests;
    assert.strictEqual(ours.method, 'POST');
    assert.strictEqual(ours.url, theirs.url);
    assert.strictEqual(ours.rawBody.toString('utf8'), theirs.rawBody.toString('utf8'));
    assert.deepStrictEqual(ours.body, body);
    for (const h of ['content-type', 'content-length', 'stripe-version', 'authorization', 'accept']) {
      assert.strictEqual(ours.headers[h], theirs.headers[h], h);
    }
    assert.strictEqual(ours.headers['stripe-account'], undefined);
    assert.match(ours.headers['idempotency-key'], /^[0-9a-f-]{36}$/);
    assert.ok(theirs.headers['idempotency-key']);
    assert.strictEqual(f.received[0].stripe.idempotencyKey, ours.headers['idempotency-key']);

    // With the client's connected account: Stripe-Account, as stripe-node sends its stripeAccount.
    await stopFlow();
    server.requests = [];
    await run(
      server,
      `msg.payload = ${JSON.stringify(body)}; return msg;`,
      {
        type: 'stripe-publisher',
        method: 'POST',
        operationId: 'PostV2CoreEventDestinations',
      },
      { client: { stripeAccount: 'acct_1Fleet' } },
    );
    assert.strictEqual(server.requests[0].headers['stripe-account'], theirs.headers['stripe-account']);
  });

  it('a v2 GET: query arrays indexed and encoded as stripe-node encodes them (types[0]=...&types[1]=...)', async () => {
    const empty = { data: [], next_page_url: null, previous_page_url: null };
    server.route('GET', '/v2/core/events', { body: empty });
    const query = {
      object_id: 'mtr_1 a/b',
      types: ['v1.billing.meter.error_report_triggered', 'v2.core.event_destination.ping'],
    };
    await run(server, `msg.query = ${JSON.stringify(query)}; return msg;`, {
      type: 'stripe-subscriber',
      operationId: 'GetV2CoreEvents',
    });
    await oracle.v2.core.events.list(query);
    const [ours, theirs] = server.requests;
    assert.strictEqual(ours.url, theirs.url);
    for (const h of [
      'content-type',
      'content-length',
      'stripe-version',
      'authorization',
      'accept',
      'idempotency-key',
    ]) {
      assert.strictEqual(ours.headers[h], theirs.headers[h], h);
    }
    assert.match(ours.url, /types\[0\]=v1\.billing\.meter\.error_report_triggered&types\[1\]=/);
  });

  describe('v2 list pagination (next_page_url), 3 pages', function () {
    const ev = (n) => ({ id: `evt_${n}`, object: 'v2.core.event', type: 'v1.billing.meter.no_meter_found' });
    beforeEach(() => {
      // Three pages; each next_page_url as Stripe makes them (an opaque page token, the limit kept).
      server.route('GET', '/v2/core/events', (res, r) => {
        const limit = r.query.limit ? `&limit=${r.query.limit}` : '';
        const pages = {
          undefined: { data: [ev(1), ev(2)], next: `/v2/core/events?page=p%2F2${limit}` },
          'p/2': { data: [ev(3), ev(4)], next: `/v2/core/events?page=p%2F3${limit}` },
          'p/3': { data: [ev(5)], next: null },
        };
        const p = pages[r.query.page];
        StripeServer.json(res, 200, { data: p.data, next_page_url: p.next, previous_page_url: null });
      });
    });

    for (const [label, query] of [
      ['with limit=2', { limit: 2 }],
      ['with no limit (Stripe chooses the page size)', {}],
    ]) {
      it(`${label}: the same three requests as stripe-node's auto-pagination, and the same five events`, async () => {
        const f = await run(server, `msg.query = ${JSON.stringify(query)}; return msg;`, {
          type: 'stripe-subscriber',
          operationId: 'GetV2CoreEvents',
          pagination: true,
          output: 'all',
        });
        const ours = server.requests.map((r) => r.url);
        server.requests = [];
        const got = [];
        for await (const e of oracle.v2.core.events.list(query)) got.push(e.id);
        const theirs = server.requests.map((r) => r.url);
        assert.strictEqual(ours.length, 3, ours.join(' , '));
        assert.deepStrictEqual(ours, theirs);
        assert.deepStrictEqual(
          f.received[0].payload.map((e) => e.id),
          got,
        );
        assert.deepStrictEqual(got, ['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5']);
      });
    }
  });

  it("a v2 error reaches the Catch node: msg.stripe.error with Stripe's fields, raw as sent (what stripe-node's err.raw holds), a one-line msg.error.message", async () => {
    const error = {
      type: 'invalid_request_error',
      code: 'invalid_fields',
      message: 'Invalid fields:\n enabled_events must not be empty.',
      user_message: 'Choose at least one event.',
      doc_url: 'https://docs.stripe.com/error-codes/invalid-fields',
      invalid_fields: [{ field: 'enabled_events', reason: 'empty' }],
    };
    server.route('POST', '/v2/core/event_destinations', {
      status: 400,
      body: { error },
      headers: { 'request-id': 'req_v2err' },
    });
    const f = await run(
      server,
      'msg.payload = { name: "x", type: "webhook_endpoint", enabled_events: [] }; return msg;',
      { type: 'stripe-publisher', method: 'POST', operationId: 'PostV2CoreEventDestinations' },
      { error: true },
    );
    const e = f.errors[0];
    assert.strictEqual(e.statusCode, 400);
    assert.strictEqual(e.stripe.error.type, 'invalid_request_error');
    assert.strictEqual(e.stripe.error.code, 'invalid_fields');
    assert.strictEqual(e.stripe.error.statusCode, 400);
    assert.strictEqual(e.stripe.error.requestId, 'req_v2err');
    assert.strictEqual(e.stripe.error.docUrl, error.doc_url);
    assert.deepStrictEqual(e.stripe.error.raw, error);
    assert.ok(!/\n/.test(e.error.message), e.error.message);
    assert.match(e.error.message, /Invalid fields: enabled_events must not be empty\./);
    assert.match(e.error.message, /invalid_fields/);
    // stripe-node reads the same body into the same fields.
    const theirs = await oracle.v2.core.eventDestinations.create({ name: 'x' }).catch((err) => err);
    for (const k of Object.keys(error)) assert.deepStrictEqual(theirs.raw[k], error[k], k);
    assert.strictEqual(theirs.code, e.stripe.error.code);
    assert.strictEqual(theirs.statusCode, e.stripe.error.statusCode);
  });

  it('a v2 DELETE carries an Idempotency-Key, as stripe-node sends one, and keeps it across a retry', async () => {
    const failOnce = [
      { status: 503, body: { error: { type: 'api_error', message: 'Try again' } } },
      { body: { id: 'ed_1', object: 'v2.core.event_destination', deleted: true } },
    ];
    server.route('DELETE', '/v2/core/event_destinations/ed_1', failOnce);
    const f = await run(
      server,
      "msg.path = { id: 'ed_1' }; return msg;",
      {
        type: 'stripe-publisher',
        method: 'DELETE',
        operationId: 'DeleteV2CoreEventDestinationsId',
      },
      { client: { maxRetries: 1 } },
    );
    const ours = server.requestsTo('DELETE', '/v2/core/event_destinations/ed_1');
    assert.strictEqual(ours.length, 2, 'one retry');
    const key = ours[0].headers['idempotency-key'];
    assert.match(key, /^[0-9a-f-]{36}$/);
    assert.strictEqual(ours[1].headers['idempotency-key'], key);
    assert.strictEqual(f.received[0].stripe.idempotencyKey, key);
    server.requests = [];
    server.handlers = [];
    server.route('DELETE', '/v2/core/event_destinations/ed_1', failOnce);
    await oracle.v2.core.eventDestinations.del('ed_1');
    const theirs = server.requestsTo('DELETE', '/v2/core/event_destinations/ed_1');
    assert.strictEqual(theirs.length, 2);
    assert.strictEqual(theirs[0].url, ours[0].url);
    assert.strictEqual(theirs[0].headers['content-type'], ours[0].headers['content-type']);
    assert.strictEqual(theirs[0].headers['content-length'], ours[0].headers['content-length']);
    assert.ok(theirs[0].headers['idempotency-key']);
    assert.strictEqual(theirs[1].headers['idempotency-key'], theirs[0].headers['idempotency-key']);
  });
});
