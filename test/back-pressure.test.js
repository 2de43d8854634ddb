'use strict';
// A long list in `item` mode is not queued ahead of the flow: the subscriber asks for a page only
// once the flow has taken most of what it sent, whether the nodes after it take one message per turn
// of the event loop (the core switch node) or wait for Stripe (a publisher on the same stripe-client,
// whose rate limit then sets the pace of the whole run).
const assert = require('assert');
const { StripeServer } = require('./helpers/stripe-server');
const { startCoreFlow, stopFlow, until } = require('./helpers/flow');

describe('pagination back-pressure: item mode into slower nodes', function () {
  this.timeout(30000);
  let server;
  before(async () => {
    server = await new StripeServer().start();
  });
  after(async () => server.stop());
  afterEach(async () => {
    await stopFlow();
    server.reset();
  });

  /** At each GET of the list: how many objects the flow's end had received then. */
  function watchPages(counter) {
    const seen = [];
    server.on((req, res, r) => {
      if (r.method === 'GET' && r.path === '/v1/customers') seen.push(counter());
      return false;
    });
    return seen;
  }

  /** A core switch node passing every message with a payload.id on to `next`: it takes one message per turn. */
  const sw = (id, next) => ({
    id,
    type: 'switch',
    name: '',
    property: 'payload.id',
    propertyType: 'msg',
    rules: [{ t: 'nnull' }],
    checkall: 'true',
    repair: false,
    outputs: 1,
    wires: [[next]],
  });

  const subscriber = (wires) => ({
    id: 'sub',
    type: 'stripe-subscriber',
    operationId: 'GetCustomers',
    pagination: true,
    output: 'item',
    maxItems: 100000,
    wires: [wires],
  });

  it('into three core switch nodes (one message per turn each): no page is asked for more than two pages ahead of the flow', async () => {
    const total = 3000;
    server.fill('/v1/customers', total);
    const f = await startCoreFlow({
      baseUri: server.url,
      core: ['function/10-switch.js'],
      nodes: [subscriber(['sw1']), sw('sw1', 'sw2'), sw('sw2', 'sw3'), sw('sw3', 'out')],
    });
    const seen = watchPages(() => f.received.length);
    f.node('sub').receive({ payload: 'go' });
    await until(() => f.received.length === total || f.errors.length, 20000, `${total} objects after the switches`);
    assert.strictEqual(f.errors.length, 0);
    assert.strictEqual(seen.length, total / 100);
    // Page k+1 is asked for once the objects of pages 1..k-1 went all the way through, but the one
    // held back to close the sequence: one page is in the flow, one is fetched ahead.
    const behind = seen.map((got, k) => k * 100 - got);
    assert.ok(
      behind.every((b) => b <= 101),
      `objects sent but not yet through the switches when each page was asked for: ${behind.join(' ')}`,
    );
    // Every object once, in order.
    assert.deepStrictEqual(
      f.received.map((m) => m.parts.index),
      Array.from({ length: total }, (_, i) => i),
    );
  });

  it("output 'page' into a core split node and three switch nodes: no page is asked for more than two pages ahead of the flow", async () => {
    const total = 3000;
    server.fill('/v1/customers', total);
    const f = await startCoreFlow({
      baseUri: server.url,
      core: ['function/10-switch.js', 'sequence/17-split.js'],
      nodes: [
        { ...subscriber(['split']), output: 'page' },
        {
          id: 'split',
          type: 'split',
          name: '',
          splt: '\\n',
          spltType: 'str',
          arraySplt: 1,
          arraySpltType: 'len',
          stream: false,
          addname: '',
          wires: [['sw1']],
        },
        sw('sw1', 'sw2'),
        sw('sw2', 'sw3'),
        sw('sw3', 'out'),
      ],
    });
    const seen = watchPages(() => f.received.length);
    f.node('sub').receive({ payload: 'go' });
    await until(() => f.received.length === total || f.errors.length, 20000, `${total} objects after the switches`);
    assert.strictEqual(f.errors.length, 0);
    // In page mode a page's message is held back until the next page came: page k+1 is asked for
    // once the objects of pages 1..k-2 went all the way through, but a few still in the switches.
    const behind = seen.map((got, k) => k * 100 - got);
    assert.ok(
      behind.every((b) => b <= 205),
      `objects sent but not yet through the switches when each page was asked for: ${behind.join(' ')}`,
    );
    assert.deepStrictEqual(
      f.received.map((m) => m.payload.id),
      server.collections.get('/v1/customers').map((o) => o.id),
    );
  });

  it('into a publisher on the same stripe-client: the rate limit paces the pages too, at most two pages of POSTs wait', async () => {
    const total = 600;
    server.fill('/v1/customers', total);
    const posts = () => server.requestsTo('POST').length;
    const f = await startCoreFlow({
      baseUri: server.url,
      client: { rateLimit: 300 },
      core: ['function/15-change.js'],
      nodes: [
        subscriber(['path']),
        {
          id: 'path',
          type: 'change',
          name: '',
          rules: [{ t: 'set', p: 'path.customer', pt: 'msg', to: 'payload.id', tot: 'msg' }],
          wires: [['pub']],
        },
        {
          id: 'pub',
          type: 'stripe-publisher',
          method: 'POST',
          operationId: 'PostCustomersCustomer',
          payload: { description: 'seen' },
          wires: [['out']],
        },
      ],
    });
    const seen = watchPages(posts);
    f.node('sub').receive({ payload: 'go' });
    await until(() => f.received.length === total || f.errors.length, 20000, `${total} customers updated`);
    assert.strictEqual(f.errors.length, 0, f.errors[0] && f.errors[0].error.message);
    assert.strictEqual(seen.length, total / 100);
    // Page k is asked for once the POSTs of pages 1..k-3 have reached Stripe.
    assert.ok(
      seen.every((got, k) => got >= Math.max(0, k - 2) * 100),
      `POSTs that had reached the server when each page was asked for: ${seen.join(' ')}`,
    );
    assert.strictEqual(new Set(server.requestsTo('POST').map((r) => r.path)).size, total);
  });
});
