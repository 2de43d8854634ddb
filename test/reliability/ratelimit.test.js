'use strict';
// The rate limit in Node-RED against a server that answers 429 above 25 requests in any sliding
// second. Behaviour only (every message succeeds, no 429); the achieved rate is printed by `npm run bench`.
const assert = require('assert');
const { startRateLimitedServer } = require('../helpers/fault-proxy');
const { startFlow, stopFlow, until } = require('../helpers/flow');
const { StripeServer, error } = require('../helpers/stripe-server');
const core = require('../../dist/stripe');

describe('reliability: rate limit', function () {
  this.timeout(30000);
  let server;
  afterEach(async () => {
    await stopFlow();
    if (server) await server.stop();
    server = undefined;
  });

  it('200 messages at once through a publisher with rateLimit 0 and a test key: all succeed, no 429', async () => {
    server = await startRateLimitedServer({ limit: 25, windowMs: 1000 });
    const f = await startFlow({
      baseUri: server.url,
      // maxRetries 0: a 429 would surface as an error instead of being hidden by a retry.
      client: { rateLimit: 0, maxRetries: 0, timeout: 30 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    assert.strictEqual(f.node('c1').getClient().limiter.limit, 25);
    for (let i = 0; i < 200; i++) f.node('p1').receive({ payload: { name: `n${i}` } });
    await until(() => f.received.length + f.errors.length === 200, 25000, 'all 200 answers');
    assert.deepStrictEqual(f.errors.map((m) => m.error.message), []);
    assert.strictEqual(f.received.length, 200);
    assert.strictEqual(server.rejected, 0);
    assert.strictEqual(server.arrivals.length, 200);
    assert.ok(server.peak() <= 25);
  });

  it('shows how many messages wait for the rate limit on the status ("queued N")', async () => {
    server = await new StripeServer().start();
    const f = await startFlow({
      baseUri: server.url,
      client: { rateLimit: 5, maxRetries: 0 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    const texts = [];
    f.node('p1').on('call:status', (c) => texts.push(c.args[0].text));
    for (let i = 0; i < 4; i++) f.node('p1').receive({ payload: { name: `q${i}` } });
    // The first goes at once; the other three wait their turn, each told how many wait.
    await until(() => texts.includes('queued 3'), 2000, 'the status "queued 3"');
    assert.deepStrictEqual(texts.filter((t) => /^queued/.test(t)), ['queued 1', 'queued 2', 'queued 3']);
    await until(() => f.received.length === 4, 5000, 'all four answers');
    assert.strictEqual(texts[texts.length - 1], '200 PostCustomers');
  });

  it('one bucket per config node, shared by every node that uses it', async () => {
    server = await startRateLimitedServer({ limit: 25, windowMs: 1000 });
    const f = await startFlow({
      baseUri: server.url,
      client: { rateLimit: 0, maxRetries: 0, timeout: 30 },
      nodes: [
        { id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' },
        { id: 'p2', type: 'stripe-publisher', method: 'POST', operationId: 'PostProducts' },
        { id: 's1', type: 'stripe-subscriber', operationId: 'GetBalance' },
      ],
    });
    for (let i = 0; i < 20; i++) {
      f.node('p1').receive({ payload: { name: `a${i}` } });
      f.node('p2').receive({ payload: { name: `b${i}` } });
      f.node('s1').receive({});
    }
    await until(() => f.received.length + f.errors.length === 60, 25000, 'all 60 answers');
    assert.deepStrictEqual(f.errors.map((m) => m.error.message), []);
    assert.strictEqual(server.rejected, 0);
  });

  it('a live key gets 100/s, a set rateLimit wins over the automatic one', async () => {
    server = await startRateLimitedServer();
    let f = await startFlow({ baseUri: server.url, apiKey: 'sk_live_abc123', client: { rateLimit: 0 }, nodes: [] });
    assert.strictEqual(f.node('c1').getClient().limiter.limit, 100);
    await stopFlow();
    f = await startFlow({ baseUri: server.url, client: { rateLimit: 7 }, nodes: [] });
    assert.strictEqual(f.node('c1').getClient().limiter.limit, 7);
  });

  it('a 429 that still comes back slows the bucket down, and is retried', async () => {
    const saved = { ...core.retryDefaults };
    core.retryDefaults.initialDelayMs = 10;
    const stripe = await new StripeServer().start();
    server = { stop: () => stripe.stop() };
    try {
      let n = 0;
      stripe.on((req, res) => {
        if (n++ > 0) return false;
        error(res, 429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' });
        return true;
      });
      const f = await startFlow({ baseUri: stripe.url, client: { rateLimit: 50, maxRetries: 1 }, nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }] });
      const limiter = f.node('c1').getClient().limiter;
      f.node('p1').receive({ payload: {} });
      await until(() => f.received.length === 1);
      assert.ok(limiter.currentRate < 50, `rate after a 429: ${limiter.currentRate}`);
      assert.strictEqual(stripe.requests.length, 2);
    } finally {
      Object.assign(core.retryDefaults, saved);
    }
  });
});
