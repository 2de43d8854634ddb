'use strict';
// The meter event stream (POST /v2/billing/meter_event_stream) through a stripe-publisher in
// Node-RED, fed by a function node as a device's flow feeds it, against a loopback stand-in that
// answers sessions and the stream as Stripe does: one session per client for concurrent events, the
// session's token (never the key) on the stream, renewal before expiry and once after a 401, both
// requests on the stand-in's host, the token in no log line, error or message; and the wire beside
// stripe-node 23's (the oracle) sending the same events with the same token.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const Stripe = require('stripe');
const { StripeServer } = require('../helpers/stripe-server');
const { startCoreFlow, stopFlow, fastRetries, func, outputs, caught, helper, KEY } = require('../helpers/flow');
const { MeterEventsStandIn } = require('../../scripts/meter-events-standin');
const { requestUrl } = require('../../dist/stripe/http/urls');
const {
  buildRequest,
  findOperation,
  rawOperation,
  isMeterEventStream,
  DEFAULT_BASE_URI,
  FILES_BASE_URI,
} = require('../../dist/stripe');

const INJECT = 'common/20-inject.js';
const FUNCTION = 'function/10-function.js';
const STREAM = 'PostV2BillingMeterEventStream';
const RAW_STREAM = 'POST /v2/billing/meter_event_stream';
const inject = (id, wires) => ({ id, type: 'inject', props: [], repeat: '', once: false, topic: '', wires: [wires] });

/** A function node that sends n messages at once, each one meter event for customer cus_dev. */
const nEvents = (n) =>
  `for (let i = 1; i <= ${n}; i++) node.send({ payload: { events: [{ event_name: 'device_usage', ` +
  `identifier: 'reading-' + Date.now() + '-' + i, payload: { stripe_customer_id: 'cus_dev', value: String(i) } }] } });\nreturn null;`;

describe('v2: the meter event stream', function () {
  fastRetries({ initialDelayMs: 5, maxDelayMs: 20 });
  let server;
  let meter;
  beforeEach(async () => {
    server = await new StripeServer().start();
    meter = new MeterEventsStandIn();
    const answer = meter.handler();
    server.on((req, res, r) => answer(req, res, r.rawBody));
  });
  afterEach(async () => {
    await stopFlow();
    await server.stop();
  });

  const sessions = () => server.requestsTo('POST', '/v2/billing/meter_event_session');
  const streams = () => server.requestsTo('POST', '/v2/billing/meter_event_stream');

  async function flow(n, client = {}) {
    return startCoreFlow({
      baseUri: server.url,
      client,
      core: [INJECT, FUNCTION],
      nodes: [
        inject('inj', ['fn']),
        func('fn', nEvents(n), ['pub']),
        { id: 'pub', type: 'stripe-publisher', method: 'POST', operationId: STREAM, wires: [['out']] },
      ],
    });
  }

  it('50 concurrent events from a function node: one session, made with the key; each stream request carries its token and never the key; both on the stand-in', async () => {
    const f = await flow(50, { logging: true });
    await f.click('inj');
    await outputs(f, 50);
    assert.strictEqual(sessions().length, 1, 'one session for 50 concurrent events');
    const s = sessions()[0];
    assert.strictEqual(s.headers.authorization, `Bearer ${KEY}`);
    assert.strictEqual(s.headers['content-type'], 'application/json');
    assert.strictEqual(s.rawBody.toString(), '{}');
    assert.ok(s.headers['idempotency-key'], 'the session POST carries an Idempotency-Key');
    const token = [...meter.sessions.keys()][0];
    assert.strictEqual(streams().length, 50);
    for (const r of streams()) {
      assert.strictEqual(r.headers.authorization, `Bearer ${token}`);
      assert.ok(!JSON.stringify(r.headers).includes(KEY.slice(8)), 'no key on a stream request');
      assert.ok(r.headers['idempotency-key']);
    }
    assert.strictEqual(meter.events.length, 50);
    assert.deepStrictEqual(
      meter.events.map((e) => Number(e.payload.value)).sort((a, b) => a - b),
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    // What leaves the node: Stripe's answer; the token is in no message and no log line.
    assert.strictEqual(f.received[0].statusCode, 200);
    assert.strictEqual(f.received[0].stripe.path, '/v2/billing/meter_event_stream');
    for (const m of f.received) assert.ok(!JSON.stringify(m).includes(token));
    const lines = helper
      .log()
      .args.map((a) => String(a[0] && a[0].msg))
      .filter((l) => /\/v2\/billing\/meter_event_s/.test(l));
    assert.ok(
      lines.some((l) => /^POST \/v2\/billing\/meter_event_session -> 200/.test(l)),
      lines.join('\n'),
    );
    assert.strictEqual(lines.filter((l) => /^POST \/v2\/billing\/meter_event_stream -> 200/.test(l)).length, 50);
    assert.ok(!lines.join('\n').includes(token));
  });

  it('renews the session when little of it is left (a token of 1.2 s: renewed after 0.6 s), not before', async () => {
    meter.sessionMs = 1200;
    const f = await flow(1);
    await f.click('inj');
    await outputs(f, 1);
    await f.click('inj');
    await outputs(f, 2);
    assert.strictEqual(sessions().length, 1, 'still fresh: the same session');
    await new Promise((r) => setTimeout(r, 700));
    await f.click('inj');
    await outputs(f, 3);
    assert.strictEqual(sessions().length, 2, 'renewed before it expired');
    const [a, b, c] = streams().map((r) => r.headers.authorization);
    assert.strictEqual(a, b);
    assert.notStrictEqual(b, c);
    assert.strictEqual(f.errors.length, 0);
  });

  it('a 401 from the stream renews the session once and sends the same request (same Idempotency-Key) again', async () => {
    const f = await flow(1);
    await f.click('inj');
    await outputs(f, 1);
    meter.expireAll(); // Stripe no longer takes the token
    await f.click('inj');
    await outputs(f, 2);
    assert.strictEqual(sessions().length, 2);
    const [, refused, again] = streams();
    assert.strictEqual(refused.headers['idempotency-key'], again.headers['idempotency-key']);
    assert.notStrictEqual(refused.headers.authorization, again.headers.authorization);
    assert.strictEqual(meter.events.length, 2);
  });

  it('a stream that keeps answering 401 renews once only, then the Catch node gets the v2 error, without the token', async () => {
    const f = await flow(1);
    // The stand-in answers every stream request 401 and echoes the token it got in its message.
    server.handlers.unshift((req, res, r) => {
      if (r.path !== '/v2/billing/meter_event_stream') return false;
      StripeServer.error(res, 401, {
        type: 'temporary_session_expired',
        code: 'temporary_session_expired',
        message: `Token ${r.headers.authorization.slice(7)} has expired.`,
        user_message: null,
      });
      return true;
    });
    await f.click('inj');
    await caught(f);
    assert.strictEqual(sessions().length, 2, 'the first session and one renewal');
    assert.strictEqual(streams().length, 2);
    const err = f.errors[0];
    assert.strictEqual(err.statusCode, 401);
    assert.strictEqual(err.stripe.error.type, 'temporary_session_expired');
    assert.match(err.error.message, /has expired/);
    assert.ok(!err.error.message.includes('\n'));
    for (const token of meter.sessions.keys()) {
      assert.ok(!JSON.stringify(err).includes(token), 'no token in the error');
      assert.ok(!helper.log().args.some((a) => JSON.stringify(a).includes(token)), 'no token in the log');
    }
  });

  it('a session Stripe refuses (a key without the permission) or answers without a token: the Catch node says so in one line, and no stream request goes out', async () => {
    const f = await flow(1);
    server.handlers.unshift((req, res, r) => {
      if (r.path !== '/v2/billing/meter_event_session') return false;
      if (sessions().length === 1) {
        StripeServer.error(res, 403, {
          type: 'invalid_request_error',
          code: 'secret_key_required',
          message: 'This key lacks the permission to write meter events.',
        });
      } else {
        StripeServer.json(res, 200, { id: 'mes_1', object: 'v2.billing.meter_event_session' });
      }
      return true;
    });
    await f.click('inj');
    await caught(f);
    assert.strictEqual(f.errors[0].statusCode, 403);
    assert.match(f.errors[0].error.message, /lacks the permission/);
    await f.click('inj');
    await caught(f, 2);
    assert.strictEqual(f.errors[1].stripe.error.messageCode, 'errors.meterSessionAnswer');
    assert.match(f.errors[1].error.message, /has no authentication_token or expires_at/);
    assert.strictEqual(sessions().length, 2, 'a failed session is not kept: the next event asks again');
    assert.strictEqual(streams().length, 0);
  });

  it('sends what stripe-node 23 sends for the same events with the same token (method, path, body, headers)', async () => {
    const events = [
      {
        event_name: 'device_usage',
        identifier: 'reading-7',
        timestamp: '2026-12-01T10:00:00.000Z',
        payload: { stripe_customer_id: 'cus_dev', value: '7' },
      },
    ];
    const f = await startCoreFlow({
      baseUri: server.url,
      core: [INJECT, FUNCTION],
      nodes: [
        inject('inj', ['fn']),
        func('fn', `msg.payload = { events: ${JSON.stringify(events)} }; return msg;`, ['pub']),
        { id: 'pub', type: 'stripe-publisher', method: 'POST', operationId: STREAM, wires: [['out']] },
      ],
    });
    await f.click('inj');
    await outputs(f);
    const ours = streams()[0];
    const token = ours.headers.authorization.slice(7);
    const port = Number(new URL(server.url).port);
    const oracle = new Stripe(token, { host: '127.0.0.1', port, protocol: 'http', apiVersion: '2024-04-10' });
    await oracle.v2.billing.meterEventStream.create({ events });
    const theirs = streams()[1];
    assert.strictEqual(theirs.url, ours.url);
    assert.strictEqual(ours.rawBody.toString(), theirs.rawBody.toString());
    for (const h of ['authorization', 'content-type', 'stripe-version', 'accept']) {
      assert.strictEqual(ours.headers[h], theirs.headers[h], h);
    }
    assert.ok(ours.headers['idempotency-key'] && theirs.headers['idempotency-key']);
  });
});

describe('v2: where the meter event stream and its session go', function () {
  it("with Stripe's base URI: the stream to meter-events.stripe.com, the session to api.stripe.com; with a stand-in: both to it", () => {
    const stream = buildRequest(findOperation(STREAM), { body: { events: [] } });
    const raw = buildRequest(rawOperation(RAW_STREAM), { body: { events: [] } });
    const session = buildRequest(rawOperation('POST /v2/billing/meter_event_session'), {});
    assert.strictEqual(
      requestUrl(DEFAULT_BASE_URI, FILES_BASE_URI, stream),
      'https://meter-events.stripe.com/v2/billing/meter_event_stream',
    );
    assert.strictEqual(
      requestUrl(DEFAULT_BASE_URI, FILES_BASE_URI, session),
      'https://api.stripe.com/v2/billing/meter_event_session',
    );
    // A raw operation (an older catalogue, msg.operationId) is known by its method and path.
    assert.strictEqual(
      requestUrl(DEFAULT_BASE_URI, FILES_BASE_URI, raw),
      requestUrl(DEFAULT_BASE_URI, FILES_BASE_URI, stream),
    );
    // The quote PDF, which streams bytes, is not the meter event stream.
    const pdf = buildRequest(findOperation('GetQuotesQuotePdf'), { path: { quote: 'qt_1' } });
    assert.ok(!isMeterEventStream(pdf));
    assert.ok(isMeterEventStream(stream) && isMeterEventStream(raw));
    const standIn = 'http://127.0.0.1:12111';
    assert.strictEqual(requestUrl(standIn, standIn, stream), `${standIn}/v2/billing/meter_event_stream`);
    assert.strictEqual(requestUrl(standIn, standIn, session), `${standIn}/v2/billing/meter_event_session`);
    // stripe-node's own choice for the stream: its meter_events base address.
    const types = fs.readFileSync(path.join(path.dirname(require.resolve('stripe')), 'Types.js'), 'utf8');
    assert.match(types, /meter_events: 'meter-events\.stripe\.com'/);
  });
});
