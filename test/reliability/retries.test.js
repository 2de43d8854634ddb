'use strict';
// Retry semantics of the nodes in Node-RED against a Stripe-like loopback server.
const assert = require('assert');
const { StripeServer, error } = require('../helpers/stripe-server');
const { startFlow, stopFlow, until, fastRetries } = require('../helpers/flow');

const POST = { type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' };

/** Collects a node's status calls (node-red-node-test-helper emits call:status for each). */
function statuses(node) {
  const seen = [];
  node.on('call:status', (call) => seen.push(call.args[0]));
  return seen;
}

/** Answers the scripted replies in turn (each `(res, r) => void`), then falls through to the default. */
function script(server, ...replies) {
  let i = 0;
  server.on((req, res, r) => {
    r.at = Date.now();
    if (i >= replies.length) return false;
    replies[i++](res, r);
    return true;
  });
}

const stripe500 = (res) => error(res, 500, { type: 'api_error', message: 'An unknown error occurred' });

describe('reliability: retries and idempotency keys', function () {
  this.timeout(20000);
  let server;
  fastRetries({ initialDelayMs: 20, maxDelayMs: 100 });
  before(async () => {
    server = await new StripeServer().start();
  });
  after(async () => {
    await server.stop();
  });
  afterEach(async () => {
    await stopFlow();
    server.reset();
  });

  it('retries a 400 that carries Stripe-Should-Retry: true', async () => {
    script(server, (res) =>
      error(res, 400, { type: 'invalid_request_error', message: 'try again' }, { 'stripe-should-retry': 'true' }),
    );
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 2 }, nodes: [{ id: 'p1', ...POST }] });
    f.node('p1').receive({ payload: { name: 'x' } });
    await until(() => f.received.length + f.errors.length === 1);
    assert.strictEqual(f.errors.length, 0);
    assert.strictEqual(server.requests.length, 2);
  });

  it('does not retry a 500 that carries Stripe-Should-Retry: false', async () => {
    script(server, (res) =>
      error(res, 500, { type: 'api_error', message: 'Replay would be a no-op' }, { 'stripe-should-retry': 'false' }),
    );
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 2 }, nodes: [{ id: 'p1', ...POST }] });
    const seen = statuses(f.node('p1'));
    f.node('p1').receive({ payload: { name: 'x' } });
    await until(() => f.errors.length === 1);
    assert.strictEqual(server.requests.length, 1);
    assert.match(f.errors[0].error.message, /^Replay would be a no-op \[api_error; HTTP 500; req_\w+\]$/);
    assert.strictEqual(f.errors[0].stripe.error.statusCode, 500);
    await until(() => seen.some((s) => s.fill === 'red'));
    assert.ok(!seen.some((s) => /retrying/.test(s.text || '')));
    assert.deepStrictEqual(seen[seen.length - 1], { fill: 'red', shape: 'ring', text: 'HTTP 500' });
  });

  for (const [status, err] of [
    [
      400,
      {
        type: 'invalid_request_error',
        code: 'parameter_missing',
        param: 'name',
        message: 'Missing required param: name.',
      },
    ],
    [401, { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****' }],
    [
      402,
      {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      },
    ],
    [
      403,
      {
        type: 'invalid_request_error',
        code: 'secret_key_required',
        message: 'This API call cannot be made with a publishable API key.',
      },
    ],
    [404, { type: 'invalid_request_error', code: 'resource_missing', message: 'No such customer' }],
  ]) {
    it(`does not retry a ${status}`, async () => {
      script(server, (res) => error(res, status, err));
      const f = await startFlow({ baseUri: server.url, client: { maxRetries: 3 }, nodes: [{ id: 'p1', ...POST }] });
      f.node('p1').receive({ payload: {} });
      await until(() => f.errors.length === 1);
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(f.errors[0].stripe.error.statusCode, status);
      assert.strictEqual(f.errors[0].stripe.error.message, err.message);
    });
  }

  it('retries 409, 429, 500, 502 and 503 with the same Idempotency-Key, reported in msg.stripe', async () => {
    script(
      server,
      (res) => error(res, 409, { type: 'invalid_request_error', code: 'lock_timeout', message: 'locked' }),
      (res) => error(res, 429, { type: 'invalid_request_error', code: 'rate_limit', message: 'slow down' }),
      stripe500,
      (res) => error(res, 502, { type: 'api_error', message: 'bad gateway' }),
      (res) => error(res, 503, { type: 'api_error', message: 'unavailable' }),
    );
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 5 }, nodes: [{ id: 'p1', ...POST }] });
    f.node('p1').receive({ payload: { name: 'x' } });
    await until(() => f.received.length + f.errors.length === 1);
    assert.strictEqual(f.errors.length, 0);
    assert.strictEqual(server.requests.length, 6);
    const keys = new Set(server.requests.map((r) => r.headers['idempotency-key']));
    assert.strictEqual(keys.size, 1);
    assert.match([...keys][0], /^[0-9a-f-]{36}$/);
    assert.strictEqual(f.received[0].stripe.idempotencyKey, [...keys][0]);
    // The body is the same on every attempt too (Stripe refuses a key reused with other parameters).
    assert.strictEqual(new Set(server.requests.map((r) => r.rawBody.toString())).size, 1);
  });

  it('gives up after maxRetries and says how many attempts it made', async () => {
    script(server, stripe500, stripe500, stripe500);
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 2 }, nodes: [{ id: 'p1', ...POST }] });
    f.node('p1').receive({ payload: {} });
    await until(() => f.errors.length === 1);
    assert.strictEqual(server.requests.length, 3);
    assert.match(
      f.errors[0].error.message,
      /^An unknown error occurred \[api_error; HTTP 500; req_\w+\] after 3 attempts$/,
    );
  });

  it('honours Retry-After: the retry reaches the server only after the delay it asked for', async () => {
    script(server, (res) =>
      error(
        res,
        429,
        { type: 'invalid_request_error', code: 'rate_limit', message: 'slow down' },
        { 'retry-after': '1' },
      ),
    );
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 1 }, nodes: [{ id: 'p1', ...POST }] });
    f.node('p1').receive({ payload: {} });
    await until(() => f.received.length === 1);
    assert.strictEqual(server.requests.length, 2);
    const gap = server.requests[1].at - server.requests[0].at;
    // The backoff alone would be ~20 ms under test; Retry-After says 1 s.
    assert.ok(gap >= 950, `retry came ${gap} ms after the 429`);
    assert.ok(gap < 10000, `retry came ${gap} ms after the 429`);
  });

  it('uses msg.idempotencyKey on every retry', async () => {
    script(server, stripe500);
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 1 }, nodes: [{ id: 'p1', ...POST }] });
    f.node('p1').receive({ payload: {}, idempotencyKey: 'order-1234:charge' });
    await until(() => f.received.length === 1);
    assert.deepStrictEqual(
      server.requests.map((r) => r.headers['idempotency-key']),
      ['order-1234:charge', 'order-1234:charge'],
    );
    assert.strictEqual(f.received[0].stripe.idempotencyKey, 'order-1234:charge');
  });

  it('gives two publisher nodes receiving the same message different keys (not derived from _msgid)', async () => {
    const f = await startFlow({
      baseUri: server.url,
      nodes: [
        { id: 'p1', ...POST },
        { id: 'p2', ...POST },
      ],
    });
    // What Node-RED does when one output is wired to two nodes: the same message (same _msgid) reaches both.
    const msg = { _msgid: 'a1b2c3', payload: { name: 'same' } };
    f.node('p1').receive(msg);
    f.node('p2').receive({ ...msg, payload: { ...msg.payload } });
    f.node('p1').receive({ ...msg, payload: { ...msg.payload } });
    await until(() => f.received.length === 3);
    const keys = server.requests.map((r) => r.headers['idempotency-key']);
    assert.strictEqual(new Set(keys).size, 3);
    for (const k of keys) assert.ok(!k.includes('a1b2c3'));
  });

  it('accepts a 255-character msg.idempotencyKey and refuses 256 characters, CR/LF and non-strings without sending', async () => {
    const f = await startFlow({ baseUri: server.url, nodes: [{ id: 'p1', ...POST }] });
    const seen = statuses(f.node('p1'));
    f.node('p1').receive({ payload: {}, idempotencyKey: 'k'.repeat(255) });
    await until(() => f.received.length === 1);
    assert.strictEqual(server.requests[0].headers['idempotency-key'], 'k'.repeat(255));
    const bad = ['k'.repeat(256), 'key\r\nX-Injected: 1', 'key\nx', 42];
    for (const idempotencyKey of bad) f.node('p1').receive({ payload: {}, idempotencyKey });
    await until(() => f.errors.length === bad.length);
    assert.strictEqual(server.requests.length, 1);
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [
        'msg.idempotencyKey is 256 characters; Stripe allows at most 255',
        'msg.idempotencyKey must not contain control characters (CR, LF, ...)',
        'msg.idempotencyKey must not contain control characters (CR, LF, ...)',
        'msg.idempotencyKey must be a string, not number',
      ],
    );
    assert.strictEqual(f.errors[0].stripe.error.param, 'idempotencyKey');
    await until(() => seen.filter((s) => s.fill === 'red').length === bad.length);
    assert.deepStrictEqual(seen[seen.length - 1], { fill: 'red', shape: 'ring', text: 'bad msg.idempotencyKey' });
  });

  it('shows "retrying 1/2" in the status during a retry, then the outcome', async () => {
    script(server, (res) => error(res, 503, { type: 'api_error', message: 'unavailable' }));
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 2 }, nodes: [{ id: 'p1', ...POST }] });
    const seen = statuses(f.node('p1'));
    f.node('p1').receive({ payload: {} });
    await until(() => f.received.length === 1);
    await until(() => seen.length >= 3);
    assert.deepStrictEqual(
      seen.map((s) => s.text),
      ['POST PostCustomers', 'retrying 1/2 (HTTP 503)', '200 PostCustomers'],
    );
    assert.deepStrictEqual(
      seen.map((s) => s.fill),
      ['blue', 'yellow', 'green'],
    );
  });

  it('retries a failed page of a pagination run on its own: no restart, no duplicate objects', async () => {
    const objects = server.fill('/v1/customers', 250);
    let pageRequests = 0;
    server.on((req, res, r) => {
      if (r.path !== '/v1/customers') return false;
      pageRequests++;
      if (pageRequests === 2) {
        stripe500(res);
        return true;
      }
      if (pageRequests === 4) {
        req.socket.destroy(); // the connection drops while page 3 is asked for
        return true;
      }
      return false;
    });
    const f = await startFlow({
      baseUri: server.url,
      client: { maxRetries: 2 },
      nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomers', pagination: true, output: 'all' }],
    });
    f.node('s1').receive({});
    await until(() => f.received.length + f.errors.length === 1);
    assert.strictEqual(f.errors.length, 0);
    const ids = f.received[0].payload.map((o) => o.id);
    assert.strictEqual(ids.length, 250);
    assert.strictEqual(new Set(ids).size, 250);
    assert.deepStrictEqual(
      ids,
      objects.map((o) => o.id),
    );
    const cursors = server.requests.map((r) => r.query.starting_after || '(first)');
    assert.deepStrictEqual(cursors, ['(first)', objects[99].id, objects[99].id, objects[199].id, objects[199].id]);
    assert.strictEqual(f.received[0].stripe.page, 3);
  });
});
