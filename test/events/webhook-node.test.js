'use strict';
// stripe-webhook in a real Node-RED (a child process; NODE_RED_UNDER_TEST picks 3.1 or 5 in
// scripts/test-matrix.js), under httpNodeRoot, fed signed requests as Stripe sends them; what leaves
// the node goes through a function node and an http request node to a loopback collector.
const assert = require('assert');
const http = require('http');
const path = require('path');
const Stripe = require('stripe');
const { NodeRed } = require('../../bench/lib/nodered');
const { Collector } = require('../helpers/collector');

const stripe = Stripe('sk_test_webhook');
const SECRET = 'whsec_node_test_secret';
const OLD = 'whsec_previous_one';
let seq = 0;

function event(type = 'payment_intent.succeeded', extra = {}) {
  seq += 1;
  return {
    id: `evt_wh_${Date.now()}_${seq}`,
    object: 'event',
    type,
    livemode: false,
    api_version: '2025-01-27.acacia',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: 'pi_1', amount: 1200 } },
    ...extra,
  };
}

function post(port, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = Buffer.from(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': data.length, ...headers },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

function signed(body, secret = SECRET) {
  return { 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret }) };
}

/** The flow under test; the secrets go with each deploy, as the editor sends them. */
function flows(collector, webhook = {}, credentials = { secret: SECRET, previousSecret: OLD }) {
  return [
    { id: 'tab', type: 'tab', label: 'webhook' },
    {
      id: 'wh',
      type: 'stripe-webhook',
      z: 'tab',
      url: '/stripe/events',
      events: ['*'],
      livemode: 'any',
      tolerance: 300,
      store: '',
      wires: [['wh-fn']],
      ...(credentials ? { credentials } : {}),
      ...webhook,
    },
    ...collector.nodes('wh'),
    { id: 'catcher', type: 'catch', z: 'tab', scope: ['wh'], uncaught: false, wires: [['catcher-fn']] },
    ...collector.nodes('catcher', ['error', 'statusCode', 'stripe', 'payload']),
  ];
}

describe('stripe-webhook in Node-RED', function () {
  this.timeout(120000);
  let nr;
  let collector;

  before(async function () {
    collector = await new Collector().start();
    nr = await NodeRed.start({
      stripeGlobal: false,
      settings: { httpNodeRoot: '/hooks' },
      flows: flows(collector, {}, null),
      credentials: { wh: { secret: SECRET, previousSecret: OLD } },
    });
  });
  after(async function () {
    await nr?.stop();
    await collector?.stop();
  });
  beforeEach(() => (collector.received = []));

  it('a signed event comes out once, with topic and msg.stripe; Stripe gets 200', async function () {
    const ev = event('invoice.paid', { account: 'acct_123' });
    const body = JSON.stringify(ev);
    const r = await post(nr.port, '/hooks/stripe/events', body, signed(body));
    assert.strictEqual(r.status, 200, r.text);
    const [got] = await collector.until(1);
    assert.strictEqual(got.topic, 'invoice.paid');
    assert.deepStrictEqual(got.payload, ev);
    assert.deepStrictEqual(got.stripe, {
      eventId: ev.id,
      type: 'invoice.paid',
      livemode: false,
      account: 'acct_123',
      apiVersion: '2025-01-27.acacia',
      source: 'webhook',
    });
  });

  it('a thin event (v2.core.event) comes out with the same fields where it has them', async function () {
    const thin = {
      id: `evt_thin_${Date.now()}`,
      object: 'v2.core.event',
      type: 'v1.billing.meter.error_report_triggered',
      livemode: false,
      created: new Date().toISOString(),
      context: 'acct_thin',
      related_object: { id: 'mtr_1', type: 'billing.meter', url: '/v1/billing/meters/mtr_1' },
    };
    const body = JSON.stringify(thin);
    assert.strictEqual((await post(nr.port, '/hooks/stripe/events', body, signed(body))).status, 200);
    const [got] = await collector.until(1);
    assert.strictEqual(got.topic, 'v1.billing.meter.error_report_triggered');
    assert.deepStrictEqual(got.stripe, {
      eventId: thin.id,
      type: thin.type,
      livemode: false,
      account: 'acct_thin',
      source: 'webhook',
    });
  });

  it('the same event sent again (a Stripe retry) is answered 200 and not sent on', async function () {
    const body = JSON.stringify(event());
    assert.strictEqual((await post(nr.port, '/hooks/stripe/events', body, signed(body))).status, 200);
    const again = await post(nr.port, '/hooks/stripe/events', body, signed(body));
    assert.strictEqual(again.status, 200);
    assert.match(again.text, /duplicate/);
    await collector.until(1);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(collector.received.filter((m) => m.topic).length, 1);
  });

  it('an event signed with the previous secret is accepted while both are set', async function () {
    const body = JSON.stringify(event());
    assert.strictEqual((await post(nr.port, '/hooks/stripe/events', body, signed(body, OLD))).status, 200);
    await collector.until(1);
  });

  it('a bad signature gets 400 with a reason, reaches the Catch node without the body, and sends nothing', async function () {
    const body = JSON.stringify(event('charge.succeeded', { secret_marker: 'BODY-MUST-NOT-LEAK' }));
    const r = await post(nr.port, '/hooks/stripe/events', body, signed(body, 'whsec_wrong'));
    assert.strictEqual(r.status, 400);
    assert.match(r.text, /No v1 signature matches/);
    const [caught] = await collector.until(1).catch((e) => {
      throw new Error(`${e.message}\n${nr.tail()}`);
    });
    assert.match(JSON.stringify(caught.error), /refused/);
    assert.strictEqual(caught.statusCode, 400);
    assert.doesNotMatch(JSON.stringify(collector.received), /BODY-MUST-NOT-LEAK/);
  });

  it('a body over 1 MB is refused with 413 from its Content-Length', async function () {
    const big = JSON.stringify({ ...event(), pad: 'x'.repeat(1024 * 1024) });
    const r = await post(nr.port, '/hooks/stripe/events', big, signed(big));
    assert.strictEqual(r.status, 413);
  });

  it('only POST is served: GET finds nothing', async function () {
    const r = await nr.request('GET', '/hooks/stripe/events');
    assert.strictEqual(r.status, 404);
  });

  it('after 10 redeploys one handler answers; a flow without the node leaves no route (404)', async function () {
    for (let i = 0; i < 10; i++) {
      await nr.deploy(flows(collector, { name: `deploy ${i}` }));
    }
    const body = JSON.stringify(event());
    assert.strictEqual((await post(nr.port, '/hooks/stripe/events', body, signed(body))).status, 200);
    await collector.until(1);
    await new Promise((r) => setTimeout(r, 300));
    assert.strictEqual(collector.received.length, 1);
    await nr.deploy([{ id: 'tab', type: 'tab', label: 'empty' }]);
    const r = await post(nr.port, '/hooks/stripe/events', body, signed(body));
    assert.strictEqual(r.status, 404);
    await nr.deploy(flows(collector));
  });

  it('a second node on the same path (in another letter case) is refused; the first keeps answering', async function () {
    const twin = { id: 'wh2', type: 'stripe-webhook', z: 'tab', url: '/Stripe/Events', events: ['*'], wires: [[]] };
    await nr.deploy([...flows(collector), twin]);
    assert.ok(
      nr.log.some((l) => /\[stripe-webhook:wh2\].*already answers POST/.test(l)),
      nr.tail(),
    );
    const body = JSON.stringify(event());
    assert.strictEqual((await post(nr.port, '/hooks/stripe/events', body, signed(body))).status, 200);
    await collector.until(1);
    await nr.deploy(flows(collector));
  });

  it('filters by type (a group) and livemode: others are answered 200 and not sent on', async function () {
    await nr.deploy(flows(collector, { events: ['invoice.*'], livemode: 'test' }));
    for (const ev of [
      event('charge.succeeded'),
      event('invoice.paid', { livemode: true }),
      event('invoice.finalized'),
    ]) {
      const body = JSON.stringify(ev);
      assert.strictEqual((await post(nr.port, '/hooks/stripe/events', body, signed(body))).status, 200);
    }
    const got = await collector.until(1);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepStrictEqual(
      got.map((m) => m.topic),
      ['invoice.finalized'],
    );
    await nr.deploy(flows(collector));
  });
});

describe('stripe-webhook without a signing secret', function () {
  this.timeout(60000);
  it('refuses every request (fails closed) and says so on the status', async function () {
    const collector = await new Collector().start();
    const nr = await NodeRed.start({ stripeGlobal: false, flows: flows(collector, {}, null) });
    try {
      const body = JSON.stringify(event());
      const r = await post(nr.port, '/stripe/events', body, signed(body));
      assert.strictEqual(r.status, 400);
      assert.match(r.text, /No signing secret/);
      assert.ok(
        nr.log.some((l) => /No signing secret is set/.test(l)),
        nr.tail(),
      );
    } finally {
      await nr.stop();
      await collector.stop();
    }
  });
});

describe('stripe-webhook behind httpNodeAuth, and a body streamed without a length', function () {
  this.timeout(60000);
  let nr;
  let collector;
  before(async function () {
    const redDir = path.dirname(
      require.resolve(path.join(process.env.NODE_RED_UNDER_TEST || 'node-red', 'package.json'), {
        paths: [process.cwd()],
      }),
    );
    const bcrypt = require(require.resolve('bcryptjs', { paths: [redDir] }));
    collector = await new Collector().start();
    nr = await NodeRed.start({
      stripeGlobal: false,
      settings: { httpNodeAuth: { user: 'stripe', pass: bcrypt.hashSync('hook-pass', 8) } },
      flows: flows(collector, {}, null),
      credentials: { wh: { secret: SECRET } },
    });
  });
  after(async function () {
    await nr?.stop();
    await collector?.stop();
  });

  it('asks for the credentials Stripe can send in the URL (https://user:pass@host/...)', async function () {
    const body = JSON.stringify(event());
    assert.strictEqual((await post(nr.port, '/stripe/events', body, signed(body))).status, 401);
    const auth = { authorization: `Basic ${Buffer.from('stripe:hook-pass').toString('base64')}` };
    const r = await post(nr.port, '/stripe/events', body, { ...signed(body), ...auth });
    assert.strictEqual(r.status, 200, r.text);
    await collector.until(1);
  });

  /**
   * Streams a chunked body of `total` bytes (Infinity: until the connection ends) and resolves with
   * what the sender saw: the answer's status (if it came), the error that ended it (if any), and when.
   */
  function stream(total, { chunkBytes = 64 * 1024, pauseMs = 0 } = {}) {
    const auth = { authorization: `Basic ${Buffer.from('stripe:hook-pass').toString('base64')}` };
    return new Promise((resolve) => {
      const seen = { status: undefined, error: undefined, sent: 0, started: Date.now(), closedAfterMs: undefined };
      const req = http.request({
        host: '127.0.0.1',
        port: nr.port,
        method: 'POST',
        path: '/stripe/events',
        agent: false,
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', ...auth },
      });
      req.on('response', (res) => {
        seen.status = res.statusCode;
        res.resume();
      });
      req.on('error', (e) => (seen.error = e.code || e.message));
      req.on('close', () => {
        seen.closedAfterMs = Date.now() - seen.started;
        resolve(seen);
      });
      const chunk = Buffer.alloc(chunkBytes, 'x');
      const pump = () => {
        while (!req.destroyed && seen.sent < total) {
          seen.sent += chunk.length;
          if (pauseMs) return req.write(chunk, () => setTimeout(pump, pauseMs));
          if (!req.write(chunk)) return req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      pump();
    });
  }

  it('a chunked body that grows past 1 MB is cut off with 413: each of 30 senders reads the 413, none sees a reset', async function () {
    // The answer goes out while the sender is still writing: the connection is closed only once the
    // rest is read and dropped (a connection closed with unread bytes is reset, and the reset can
    // take the answer with it).
    for (let i = 0; i < 30; i++) {
      const seen = await stream(4 * 1024 * 1024);
      assert.strictEqual(seen.status, 413, `sender ${i + 1}: ${JSON.stringify(seen)}`);
    }
  });

  it('a sender that never stops is cut off: after 8 MB past the limit, or 2 s', async function () {
    const fast = await stream(Infinity);
    assert.ok(fast.error, `the connection ended under the sender: ${JSON.stringify(fast)}`);
    assert.ok(fast.sent < 16 * 1024 * 1024, `the fast sender was cut off after ${fast.sent} bytes`);
    const slow = await stream(Infinity, { chunkBytes: 64 * 1024, pauseMs: 100 });
    assert.ok(slow.error, `the connection ended under the sender: ${JSON.stringify(slow)}`);
    assert.ok(slow.sent < 16 * 1024 * 1024, `the slow sender was cut off after ${slow.sent} bytes`);
    assert.ok(slow.closedAfterMs < 6000, `the slow sender was cut off after ${slow.closedAfterMs} ms`);
    // Node-RED goes on answering.
    const body = JSON.stringify(event());
    const auth = { authorization: `Basic ${Buffer.from('stripe:hook-pass').toString('base64')}` };
    assert.strictEqual((await post(nr.port, '/stripe/events', body, { ...signed(body), ...auth })).status, 200);
  });
});

describe('stripe-webhook in a German Node-RED', function () {
  this.timeout(60000);
  it('says why a request was refused in German on the Catch node; Stripe gets the English line', async function () {
    const collector = await new Collector().start();
    const nr = await NodeRed.start({
      stripeGlobal: false,
      lang: 'de',
      flows: flows(collector, {}, null),
      credentials: { wh: { secret: SECRET } },
    });
    try {
      const body = JSON.stringify(event());
      const r = await post(nr.port, '/stripe/events', body, signed(body, 'whsec_wrong'));
      assert.strictEqual(r.status, 400);
      assert.match(r.text, /No v1 signature matches/);
      const [caught] = await collector.until(1);
      assert.match(JSON.stringify(caught.error), /Webhook-Anfrage abgelehnt: Keine v1-Signatur passt/);
      assert.strictEqual(caught.stripe.error.messageCode, 'errors.webhookMismatch');
    } finally {
      await nr.stop();
      await collector.stop();
    }
  });
});
