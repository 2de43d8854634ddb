'use strict';
// The rate limit in Node-RED against a server that answers 429 above 25 requests in any sliding
// second. Behaviour only (every message succeeds, no 429); the achieved rate is printed by `npm run bench`.
const assert = require('assert');
const { startRateLimitedServer } = require('../helpers/fault-proxy');
const { startFlow, stopFlow, until } = require('../helpers/flow');
const { StripeServer, error } = require('../helpers/stripe-server');

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
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [],
    );
    assert.strictEqual(f.received.length, 200);
    assert.strictEqual(server.rejected, 0);
    assert.strictEqual(server.arrivals.length, 200);
    assert.ok(server.peak() <= 25);
  });

  it('shows how many messages wait for the rate limit on the status ("queued N")', async () => {
    server = await new StripeServer().start();
    const f = await startFlow({
      baseUri: server.url,
      client: { rateLimit: 2, maxRetries: 0 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    const texts = [];
    f.node('p1').on('call:status', (c) => texts.push(c.args[0].text));
    for (let i = 0; i < 5; i++) f.node('p1').receive({ payload: { name: `q${i}` } });
    // Two fit the second and go at once; the other three wait their turn, each told how many wait.
    await until(() => texts.includes('queued 3'), 2000, 'the status "queued 3"');
    assert.deepStrictEqual(
      texts.filter((t) => /^queued/.test(t)),
      ['queued 1', 'queued 2', 'queued 3'],
    );
    await until(() => f.received.length === 5, 5000, 'all five answers');
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
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [],
    );
    assert.strictEqual(server.rejected, 0);
  });

  /** The gaps between consecutive arrivals at the server, in ms. */
  const gapsOf = (arrivals) => arrivals.slice(1).map((a, i) => a.at - arrivals[i].at);
  /** The most arrivals any window of `ms` held. */
  const busiest = (arrivals, ms) => {
    let best = 0;
    for (let i = 0, j = 0; i < arrivals.length; i++) {
      while (arrivals[i].at - arrivals[j].at >= ms) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  };
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

  it('a live key gets 100/s: 150 messages at once all succeed, no 429, more than the test rate in a second and at most 100', async () => {
    server = await startRateLimitedServer({ limit: 100, windowMs: 1000 });
    const f = await startFlow({
      baseUri: server.url,
      apiKey: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      client: { rateLimit: 0, maxRetries: 0, timeout: 30 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    for (let i = 0; i < 150; i++) f.node('p1').receive({ payload: { name: `live${i}` } });
    await until(() => f.received.length + f.errors.length === 150, 25000, 'all 150 answers');
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [],
    );
    assert.strictEqual(f.received.length, 150);
    assert.strictEqual(server.rejected, 0);
    assert.strictEqual(server.arrivals.length, 150);
    const peak = server.peak();
    // The test-mode rate (25/s) would take 6 s for 150; the live rate takes about 1.5 s.
    assert.ok(peak > 25, `the busiest second held ${peak} requests: not the live rate`);
    assert.ok(peak <= 100, `the busiest second held ${peak} requests`);
  });

  it('a set rateLimit wins over the automatic one: a burst up to the limit goes at once, the excess waits for the window', async () => {
    server = await startRateLimitedServer({ limit: 10, windowMs: 1000 });
    const f = await startFlow({
      baseUri: server.url,
      // A live key (automatically 100/s): the configured 10/s must win.
      apiKey: 'sk_live_4eC39HqLyjWDarjtT1zdp7dc',
      client: { rateLimit: 10, maxRetries: 0, timeout: 30 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    for (let i = 0; i < 20; i++) f.node('p1').receive({ payload: { name: `s${i}` } });
    await until(() => f.received.length + f.errors.length === 20, 25000, 'all 20 answers');
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [],
    );
    assert.strictEqual(server.rejected, 0);
    const gaps = gapsOf(server.arrivals);
    const show = `arrival gaps ${gaps.join(', ')} ms`;
    // No sliding second holds more than the limit (not the live key's 100)...
    assert.ok(server.peak() <= 10, `${server.peak()} in one second; ${show}`);
    // ...the first ten fit the second and go together, not spread 100 ms apart...
    const at = server.arrivals.map((a) => a.at);
    assert.ok(at[9] - at[0] < 500, `the first 10 took ${at[9] - at[0]} ms to arrive; ${show}`);
    // ...and the eleventh waits until the first has left the window.
    assert.ok(at[10] - at[0] >= 1000, `the 11th came ${at[10] - at[0]} ms after the 1st; ${show}`);
    assert.ok(median(gaps.slice(0, 9)) < 50, `median of the first gaps; ${show}`);
    assert.ok(busiest(server.arrivals, 1000) <= 10);
  });

  it('keeps every sliding second within the limit even when a turn comes late (the event loop was busy)', async () => {
    const { RateLimiter } = require('../../dist/stripe/http/ratelimit');
    const limiter = new RateLimiter(10);
    const t0 = Date.now();
    const went = [];
    const all = [];
    for (let i = 0; i < 12; i++) {
      all.push(
        limiter.take().then((finish) => {
          went.push(Date.now());
          finish();
        }),
      );
    }
    await all[0];
    // Block the event loop past the second turn (due ~103 ms after the first): it goes ~90 ms late.
    // Evenly spaced turns alone would then let the 12th go less than a second after the 2nd.
    while (Date.now() < t0 + 195) {
      /* busy */
    }
    await Promise.all(all);
    limiter.close();
    const show = `went at ${went.map((t) => t - t0).join(', ')} ms`;
    for (let i = 0; i + 10 < went.length; i++) {
      assert.ok(
        went[i + 10] - went[i] >= 1000,
        `requests ${i + 1} to ${i + 11} went within ${went[i + 10] - went[i]} ms; ${show}`,
      );
    }
  });

  it('a full window lets the next request go as soon as one slot frees, not once the whole window has emptied', async () => {
    const { RateLimiter } = require('../../dist/stripe/http/ratelimit');
    const limiter = new RateLimiter(10);
    const t0 = Date.now();
    const went = [];
    const take = (n) =>
      Array.from({ length: n }, () =>
        limiter.take().then((finish) => {
          went.push(Date.now() - t0);
          finish();
        }),
      );
    // Five now, five 600 ms later: the window is full. Five more at 800 ms wait for the first five to leave it.
    const all = take(5);
    await new Promise((r) => setTimeout(r, 600));
    all.push(...take(5));
    await new Promise((r) => setTimeout(r, 200));
    all.push(...take(5));
    await Promise.all(all);
    limiter.close();
    const show = `went at ${went.join(', ')} ms`;
    assert.ok(went[10] >= 1000, `the 11th waited for the window: ${show}`);
    // The first five leave the window at about 1,000 ms, the second five only at about 1,600 ms.
    assert.ok(went[14] < 1400, `the last five went when the first five had left: ${show}`);
  });

  it('a rate under one a second spaces requests by its inverse (0.5/s: one in any two seconds)', async () => {
    const { RateLimiter } = require('../../dist/stripe/http/ratelimit');
    const limiter = new RateLimiter(0.5);
    const went = [];
    const both = [0, 1].map(() =>
      limiter.take().then((finish) => {
        went.push(Date.now());
        finish();
      }),
    );
    await Promise.all(both);
    limiter.close();
    assert.ok(went[1] - went[0] >= 1950, `the second went ${went[1] - went[0]} ms after the first`);
  });

  it('counts each request at the time it reached the server, also when answers come back out of order', async () => {
    // Limit 2. A goes first and is slow to arrive (its answer comes 200 ms later); B goes 100 ms later
    // and arrives at once. C and D wait. Counting by the order they went would forget A before B and
    // let three requests arrive within one second.
    const { RateLimiter } = require('../../dist/stripe/http/ratelimit');
    const limiter = new RateLimiter(2);
    const t0 = Date.now();
    const arrivals = [];
    const send = (finish, latency) => {
      const at = Date.now();
      arrivals.push(at + latency);
      setTimeout(finish, latency);
    };
    send(limiter.tryTake(), 200);
    await new Promise((r) => setTimeout(r, 100));
    send(limiter.tryTake(), 0);
    await Promise.all([0, 1].map(() => limiter.take().then((finish) => send(finish, 0))));
    limiter.close();
    const sorted = arrivals.sort((a, b) => a - b);
    const show = `arrived at ${sorted.map((t) => t - t0).join(', ')} ms`;
    for (let i = 0; i + 2 < sorted.length; i++)
      assert.ok(sorted[i + 2] - sorted[i] >= 1000, `three arrivals within a second; ${show}`);
  });

  it('a 429 that still comes back slows the bucket down, is retried, and successes restore the rate', async () => {
    const stripe = await new StripeServer().start();
    server = { stop: () => stripe.stop() };
    let n = 0;
    stripe.on((req, res) => {
      if (n++ > 0) return false;
      error(res, 429, { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests' });
      return true;
    });
    const f = await startFlow({
      baseUri: stripe.url,
      client: { rateLimit: 50, maxRetries: 1, initialDelayMs: 10 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    const limiter = f.node('c1').getClient().limiter;
    f.node('p1').receive({ payload: {} });
    await until(() => f.received.length === 1);
    assert.ok(limiter.currentRate < 50, `rate after a 429: ${limiter.currentRate}`);
    assert.strictEqual(stripe.requests.length, 2);
    // Successes bring it back to the configured rate.
    for (let i = 0; i < 30; i++) f.node('p1').receive({ payload: {} });
    await until(() => f.received.length === 31, 10000, '30 more answers');
    assert.strictEqual(limiter.currentRate, 50);
  });
});
