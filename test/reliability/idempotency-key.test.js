'use strict';
// What msg.idempotencyKey holds after a publisher's request, in Node-RED against a loopback server.
// When Stripe may have acted (no answer, an unreadable answer, 409, 429, 5xx, a stopped flow), the
// message keeps the key it was sent with, so a Catch node looping it back cannot act twice. After a
// refusal (any other 4xx, whatever its body) and after a success it is removed, so a corrected or a
// further message gets its own.
const assert = require('assert');
const { StripeServer, error } = require('../helpers/stripe-server');
const { startFlow, stopFlow, until } = require('../helpers/flow');

const POST = { id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' };

describe('reliability: msg.idempotencyKey after each outcome', function () {
  this.timeout(20000);
  let server;
  before(async () => {
    server = await new StripeServer().start();
  });
  after(async () => server.stop());
  afterEach(async () => {
    await stopFlow();
    server.reset();
  });

  /** Answers every request with `answer`, sends one message, returns the caught message and the key on the wire. */
  async function failOnce(answer, client = {}) {
    server.on((req, res) => {
      answer(req, res);
      return true;
    });
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 0, timeout: 1, ...client }, nodes: [POST] });
    f.node('p1').receive({ payload: { name: 'x' } });
    await until(() => f.errors.length === 1, 5000, 'the error on the Catch node');
    assert.strictEqual(server.requests.length, 1);
    const sent = server.requests[0].headers['idempotency-key'];
    assert.ok(sent, 'a POST carries a key');
    return { caught: f.errors[0], sent };
  }

  const kept = [
    ['no answer (the connection is reset)', (req) => req.socket.destroy()],
    ['no answer within the timeout', () => {}],
    [
      'an unreadable 200 (JSON cut short)',
      (req, res) => {
        const body = '{"id":"cus_1","obj';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      },
    ],
    ['a 503', (req, res) => error(res, 503, { type: 'api_error', message: 'unavailable' })],
    ['a 409', (req, res) => error(res, 409, { type: 'idempotency_error', message: 'in progress' })],
    ['a 429', (req, res) => error(res, 429, { type: 'rate_limit_error', message: 'slow down' })],
    [
      'an HTML 502 from a gateway',
      (req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>Bad gateway</html>');
      },
    ],
  ];
  for (const [what, answer] of kept) {
    it(`keeps the key it was sent with after ${what}`, async () => {
      const { caught, sent } = await failOnce(answer);
      assert.strictEqual(caught.idempotencyKey, sent);
      assert.strictEqual(caught.stripe.idempotencyKey, sent);
    });
  }

  const removed = [
    ["Stripe's 400", (req, res) => error(res, 400, { type: 'invalid_request_error', message: 'Invalid email' })],
    [
      'an HTML 403 from a proxy',
      (req, res) => {
        res.writeHead(403, { 'content-type': 'text/html' });
        res.end('<html>Forbidden</html>');
      },
    ],
    [
      "a JSON 400 without Stripe's error object",
      (req, res) => {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"message":"bad"}');
      },
    ],
  ];
  for (const [what, answer] of removed) {
    it(`removes the key after a refusal: ${what}`, async () => {
      const { caught } = await failOnce(answer);
      assert.ok(!('idempotencyKey' in caught), `msg.idempotencyKey is ${caught.idempotencyKey}`);
    });
  }

  it('keeps a key the message brought after a reset, and removes it after a success', async () => {
    let first = true;
    server.on((req) => {
      if (!first) return false;
      first = false;
      req.socket.destroy();
      return true;
    });
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 0 }, nodes: [POST] });
    f.node('p1').receive({ payload: { name: 'x' }, idempotencyKey: 'order-7' });
    await until(() => f.errors.length === 1);
    assert.strictEqual(f.errors[0].idempotencyKey, 'order-7');
    // Sent again, as a Catch node wired back would: the same key goes out, and a success removes it.
    f.node('p1').receive({ payload: { name: 'x' }, idempotencyKey: f.errors[0].idempotencyKey });
    await until(() => f.received.length === 1);
    assert.deepStrictEqual(
      server.requests.map((r) => r.headers['idempotency-key']),
      ['order-7', 'order-7'],
    );
    assert.ok(!('idempotencyKey' in f.received[0]));
    assert.strictEqual(f.received[0].stripe.idempotencyKey, 'order-7');
  });

  it('keeps the key on the message when the flow is stopped while the request is on its way', async () => {
    server.on(() => true); // never answers
    const f = await startFlow({ baseUri: server.url, client: { maxRetries: 0, timeout: 30 }, nodes: [POST] });
    const msg = { payload: { name: 'x' } };
    f.node('p1').receive(msg);
    await until(() => server.requests.length === 1, 5000, 'the request on the server');
    const sent = server.requests[0].headers['idempotency-key'];
    await stopFlow();
    // The node was handed this very object; stopping aborts the request, and the object then holds
    // the key it went out with (anything still holding the message can send it again safely).
    await until(() => msg.idempotencyKey !== undefined, 2000, 'msg.idempotencyKey after the stop');
    assert.strictEqual(msg.idempotencyKey, sent);
  });
});
