'use strict';
// Closing and redeploying while requests are in flight, while a retry waits, while messages queue for
// the rate limit, and in the middle of a long pagination run: nothing sent after close, done called
// for every message, no timers or sockets left behind, no unhandled rejection.
//
// No fixed sleeps: each test waits for the events themselves (done called, the server seeing the
// aborted connection close, the handles and timers back to what they were before). "Nothing more was
// sent" is checked once no timer and no socket of the nodes is left: from then on nothing can send.
const assert = require('assert');
const sinon = require('sinon');
const { StripeServer, error } = require('../helpers/stripe-server');
const { startFlow, stopFlow, until, helper, KEY } = require('../helpers/flow');

/** Counts of this process's active handles by kind, ignoring what the test cannot own. */
function resources() {
  const counts = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] || 0) + 1;
  return counts;
}

/**
 * Resolves once no kind of handle outnumbers the baseline (sockets close asynchronously): no retry or
 * rate-limit timer, no socket is left, so nothing more can be sent. Rejects after 5 s with the difference.
 */
async function backToBaseline(baseline) {
  const extra = () => {
    const now = resources();
    const out = {};
    for (const [k, n] of Object.entries(now)) if (n > (baseline[k] || 0)) out[k] = n - (baseline[k] || 0);
    return out;
  };
  try {
    await until(() => Object.keys(extra()).length === 0, 5000, 'handles back to the baseline');
  } catch {
    assert.deepStrictEqual(extra(), {}, 'handles left behind after close');
  }
}

/** Counts done() calls (Node-RED's _complete) of a node, with or without error. */
function doneSpy(node) {
  return sinon.spy(node, '_complete');
}

describe('reliability: closing and redeploying', function () {
  this.timeout(20000);
  let server;
  let rejections;
  const onRejection = (reason) => rejections.push(reason);
  let baseline;

  before(async () => {
    server = await new StripeServer().start();
    // Warm up: the first load of Node-RED sets up things that stay (settings, registry caches).
    const f = await startFlow({
      baseUri: server.url,
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    f.node('p1').receive({ payload: {} });
    await until(() => f.received.length === 1);
    await stopFlow();
    server.reset();
    await server.allClosed(); // the closed client's connection, as the server sees it
    baseline = resources();
  });
  after(async () => server.stop());
  beforeEach(() => {
    rejections = [];
    process.on('unhandledRejection', onRejection);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onRejection);
    await stopFlow();
    server.reset();
  });

  it('stops a long pagination run: no request and no message after close, done called, nothing left behind', async () => {
    server.fill('/v1/customers', 5000);
    let served = 0;
    server.on((req, res, r) => {
      if (r.path !== '/v1/customers') return false;
      served++;
      // A slow server, so the run is still going when the flow closes.
      setTimeout(() => server.listPage(res, r, server.collections.get('/v1/customers')), 20);
      return true;
    });
    const f = await startFlow({
      baseUri: server.url,
      client: { maxRetries: 2 },
      nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomers', pagination: true, output: 'item' }],
    });
    const done = doneSpy(f.node('s1'));
    f.node('s1').receive({});
    await until(() => served >= 5, 5000, 'five pages');
    const sentAtClose = f.received.length;
    await stopFlow();
    const requestsAtClose = server.requests.length;
    assert.ok(sentAtClose > 0 && sentAtClose < 5000, `${sentAtClose} items sent before close`);
    await until(() => done.callCount === 1, 5000, 'done');
    // The page in flight was aborted: the server sees its connection close.
    await server.connectionClosed(server.requests[requestsAtClose - 1]);
    await server.allClosed();
    // No timer and no socket left: the run cannot ask for another page; none came, nothing was sent.
    await backToBaseline(baseline);
    assert.strictEqual(server.requests.length, requestsAtClose, 'no request after close');
    assert.strictEqual(f.received.length, sentAtClose, 'no message after close');
    assert.strictEqual(done.callCount, 1);
    assert.deepStrictEqual(rejections, []);
  });

  it('stops a pending retry wait (Retry-After 30 s): no retry after close, done called, the timer cleared', async () => {
    server.on((req, res) => {
      error(res, 503, { type: 'api_error', message: 'unavailable' }, { 'retry-after': '30' });
      return true;
    });
    const f = await startFlow({
      baseUri: server.url,
      client: { maxRetries: 2 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    const p1 = f.node('p1');
    const done = doneSpy(p1);
    const statuses = [];
    p1.on('call:status', (c) => statuses.push(c.args[0]));
    for (let i = 0; i < 3; i++) p1.receive({ payload: { name: `n${i}` } });
    await until(
      () => statuses.filter((s) => /^retrying 1\/2/.test(s.text || '')).length === 3,
      5000,
      'three retry waits',
    );
    assert.strictEqual(server.requests.length, 3);
    await stopFlow();
    await until(() => done.callCount === 3, 5000, 'done for every message');
    await server.allClosed(); // the client let go of its kept-alive connections
    await backToBaseline(baseline); // the three 30 s timers are gone: no retry can come
    assert.strictEqual(server.requests.length, 3, 'no retry after close');
    assert.strictEqual(f.received.length, 0);
    assert.deepStrictEqual(rejections, []);
  });

  it('stops requests in flight and messages queued for the rate limit', async () => {
    let arrived = 0;
    server.on(() => {
      arrived++;
      return true; // never answers
    });
    const f = await startFlow({
      baseUri: server.url,
      client: { rateLimit: 2, timeout: 60 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    const done = doneSpy(f.node('p1'));
    for (let i = 0; i < 30; i++) f.node('p1').receive({ payload: { name: `n${i}` } });
    await until(() => arrived >= 1, 5000, 'the first request');
    await stopFlow();
    await until(() => done.callCount === 30, 5000, 'done for all 30');
    const at = server.requests.length;
    assert.ok(at <= 2, `${at} requests before close (at 2 per second)`);
    // The request in flight was aborted: the server sees its connection close.
    await server.connectionClosed(server.requests[0]);
    await server.allClosed();
    // The rate limiter's timer is gone and no socket is left: no queued message can go out now.
    await backToBaseline(baseline);
    assert.strictEqual(server.requests.length, at, 'no request after close');
    assert.strictEqual(arrived, at);
    assert.strictEqual(f.received.length, 0);
    assert.deepStrictEqual(rejections, []);
  });

  it("redeploying a publisher (client kept) frees the rate-limit turns of the old one's messages", async () => {
    const flow = (name) => [
      {
        id: 'c1',
        type: 'stripe-client',
        name: 'test',
        baseUri: server.url,
        apiVersion: '2024-04-10',
        maxRetries: 0,
        rateLimit: 2,
        timeout: 5,
      },
      {
        id: 'p1',
        type: 'stripe-publisher',
        z: 'f1',
        name,
        client: 'c1',
        method: 'POST',
        operationId: 'PostCustomers',
        wires: [['out']],
      },
      { id: 'out', type: 'helper', z: 'f1' },
      { id: 'f1', type: 'tab' },
    ];
    const f = await startFlow({
      baseUri: server.url,
      client: { rateLimit: 2 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    const oldP1 = f.node('p1');
    const clientBefore = f.node('c1');
    const done = doneSpy(oldP1);
    for (let i = 0; i < 20; i++) oldP1.receive({ payload: { name: `old${i}` } }); // 10 s of turns at 2/s
    // Two fit the first second (rateLimit 2) and go at once; the other 18 wait for their turns.
    await until(() => f.received.length >= 1, 5000, 'first old message');
    // Deploy "modified nodes": only p1 changes; the stripe-client (and its rate limiter) stays.
    await helper.setFlows(flow('renamed'), 'nodes', { c1: { apiKey: KEY } });
    assert.strictEqual(helper.getNode('c1'), clientBefore, 'the client node was kept');
    await until(() => done.callCount === 20, 5000, 'done for the old messages');
    const newP1 = helper.getNode('p1');
    assert.notStrictEqual(newP1, oldP1);
    const got = [];
    helper.getNode('out').on('input', (m) => got.push(m));
    newP1.receive({ payload: { name: 'new' } });
    // Without freeing the old turns this would wait ~10 s behind 19 dead messages.
    await until(() => got.length === 1, 3000, 'the new message');
    assert.deepStrictEqual(
      server.requests.map((r) => r.body.name).filter((n) => n !== 'old0' && n !== 'old1'),
      ['new'],
    );
    assert.deepStrictEqual(rejections, []);
  });

  it('closes cleanly after a mix of successes and failures: no handles left', async () => {
    let n = 0;
    server.on((req, res) => {
      n++;
      if (n % 3 === 0) {
        req.socket.destroy();
        return true;
      }
      if (n % 3 === 1) {
        error(res, 500, { type: 'api_error', message: 'boom' });
        return true;
      }
      return false;
    });
    const f = await startFlow({
      baseUri: server.url,
      client: { maxRetries: 1, initialDelayMs: 10 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    for (let i = 0; i < 12; i++) f.node('p1').receive({ payload: { name: `m${i}` } });
    await until(() => f.received.length + f.errors.length === 12, 10000, 'every answer');
    await stopFlow();
    await server.allClosed();
    await backToBaseline(baseline);
    assert.deepStrictEqual(rejections, []);
  });
});
