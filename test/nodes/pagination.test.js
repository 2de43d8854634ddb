'use strict';
// The stripe-subscriber's pagination in Node-RED against a Stripe-like server: the outputs all, page
// and item (with msg.parts for a join node), maxItems, search pages, a page that fails for good, and
// pagination left on where an operation does not paginate.
const assert = require('assert');
const { StripeServer } = require('../helpers/stripe-server');
const { startFlow, until } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');

describe('stripe-subscriber pagination in Node-RED against a Stripe-like server', function () {
  let server;
  withStripeServer((s) => (server = s), { once: true });

  const sub = (extra) => ({
    id: 's1',
    type: 'stripe-subscriber',
    operationId: 'GetCustomers',
    pagination: true,
    ...extra,
  });

  it("output 'all' sends one message with every object across pages", async () => {
    const all = server.fill('/v1/customers', 230);
    const f = await startFlow({ baseUri: server.url, nodes: [sub({ output: 'all', maxItems: 10000 })] });
    f.node('s1').receive({ topic: 'x' });
    await until(() => f.received.length === 1);
    const msg = f.received[0];
    assert.deepStrictEqual(
      msg.payload.map((o) => o.id),
      all.map((o) => o.id),
    );
    assert.strictEqual(msg.topic, 'x');
    assert.deepStrictEqual(
      { page: msg.stripe.page, hasMore: msg.stripe.hasMore, truncated: msg.stripe.truncated },
      { page: 3, hasMore: false, truncated: false },
    );
    assert.strictEqual(server.requests.length, 3);
  });

  it('stops at maxItems and says the result was truncated', async () => {
    server.fill('/v1/customers', 230);
    const f = await startFlow({ baseUri: server.url, nodes: [sub({ output: 'all', maxItems: 120 })] });
    f.node('s1').receive({});
    await until(() => f.received.length === 1);
    assert.strictEqual(f.received[0].payload.length, 120);
    assert.strictEqual(f.received[0].stripe.truncated, true);
  });

  it("output 'page' sends a message per page with msg.parts, and a join node in automatic mode rebuilds the list", async () => {
    const all = server.fill('/v1/customers', 25);
    const f = await startFlow({
      baseUri: server.url,
      nodes: [sub({ output: 'page', query: { limit: '10' }, wires: [['out', 'j1']] })],
      extra: [
        { id: 'j1', type: 'join', z: 'f1', mode: 'auto', wires: [['joined']] },
        { id: 'joined', type: 'helper', z: 'f1' },
      ],
    });
    const joined = [];
    f.node('joined').on('input', (m) => joined.push(m));
    f.node('s1').receive({});
    await until(() => joined.length === 1);
    assert.deepStrictEqual(
      f.received.map((m) => m.payload.length),
      [10, 10, 5],
    );
    assert.deepStrictEqual(
      f.received.map((m) => m.parts.index),
      [0, 1, 2],
    );
    assert.strictEqual(f.received[2].parts.count, 3);
    assert.deepStrictEqual(
      f.received.map((m) => m.stripe.page),
      [1, 2, 3],
    );
    assert.deepStrictEqual(
      joined[0].payload.map((o) => o.id),
      all.map((o) => o.id),
    );
  });

  it("output 'item' sends a message per object with msg.parts, and a join node rebuilds the list", async () => {
    const all = server.fill('/v1/customers', 12);
    const f = await startFlow({
      baseUri: server.url,
      nodes: [sub({ output: 'item', query: { limit: '5' }, wires: [['out', 'j1']] })],
      extra: [
        { id: 'j1', type: 'join', z: 'f1', mode: 'auto', wires: [['joined']] },
        { id: 'joined', type: 'helper', z: 'f1' },
      ],
    });
    const joined = [];
    f.node('joined').on('input', (m) => joined.push(m));
    f.node('s1').receive({});
    await until(() => joined.length === 1);
    assert.deepStrictEqual(
      f.received.map((m) => m.payload.id),
      all.map((o) => o.id),
    );
    assert.deepStrictEqual(
      f.received.map((m) => m.parts.index),
      [...Array(12).keys()],
    );
    assert.strictEqual(f.received[11].parts.count, 12);
    assert.ok(f.received.slice(0, 11).every((m) => m.parts.count === undefined));
    assert.deepStrictEqual(
      joined[0].payload.map((o) => o.id),
      all.map((o) => o.id),
    );
  });

  it('paginates search results with next_page', async () => {
    const all = server.fill('/v1/charges/search', 150);
    const f = await startFlow({
      baseUri: server.url,
      nodes: [sub({ operationId: 'GetChargesSearch', query: { query: 'amount>100' } })],
    });
    f.node('s1').receive({});
    await until(() => f.received.length === 1);
    assert.strictEqual(f.received[0].payload.length, 150);
    assert.deepStrictEqual(
      f.received[0].payload.map((o) => o.id),
      all.map((o) => o.id),
    );
    assert.deepStrictEqual(
      server.requests.map((r) => r.query.page),
      [undefined, 'page_100'],
    );
  });

  /** 12 customers whose third page (after the 10th, in pages of 5) fails for good. */
  function twelveFailingAfterTen() {
    const all = server.fill('/v1/customers', 12);
    server.on((req, res, r) => {
      if (r.query.starting_after !== all[9].id) return false;
      StripeServer.error(res, 400, { type: 'invalid_request_error', message: 'No such customer' });
      return true;
    });
    return all;
  }

  it('a page that fails for good still sends what was fetched, closing the sequence so a join completes, then the error', async () => {
    const all = twelveFailingAfterTen();
    const f = await startFlow({
      baseUri: server.url,
      nodes: [
        {
          id: 's1',
          type: 'stripe-subscriber',
          operationId: 'GetCustomers',
          pagination: true,
          output: 'item',
          query: { limit: '5' },
          wires: [['out', 'j1']],
        },
      ],
      extra: [
        { id: 'j1', type: 'join', z: 'f1', mode: 'auto', wires: [['joined']] },
        { id: 'joined', type: 'helper', z: 'f1' },
      ],
    });
    const joined = [];
    f.node('joined').on('input', (m) => joined.push(m));
    f.node('s1').receive({});
    await until(() => joined.length === 1 && f.errors.length === 1);
    assert.deepStrictEqual(
      f.received.map((m) => m.payload.id),
      all.slice(0, 10).map((o) => o.id),
    );
    assert.strictEqual(f.received[9].parts.count, 10);
    assert.strictEqual(f.received[9].stripe.truncated, true);
    assert.deepStrictEqual(
      joined[0].payload.map((o) => o.id),
      all.slice(0, 10).map((o) => o.id),
    );
    assert.match(f.errors[0].error.message, /No such customer/);
  });

  it('output all: a page that fails for good sends nothing on, and the Catch node gets what was fetched, marked truncated', async () => {
    const all = twelveFailingAfterTen();
    const f = await startFlow({
      baseUri: server.url,
      nodes: [
        {
          id: 's1',
          type: 'stripe-subscriber',
          operationId: 'GetCustomers',
          pagination: true,
          output: 'all',
          query: { limit: '5' },
        },
      ],
    });
    f.node('s1').receive({});
    await until(() => f.errors.length === 1);
    assert.strictEqual(f.received.length, 0, 'a partial list is not sent on as if it were whole');
    const m = f.errors[0];
    assert.deepStrictEqual(
      m.payload.map((o) => o.id),
      all.slice(0, 10).map((o) => o.id),
    );
    assert.strictEqual(m.stripe.truncated, true);
    assert.strictEqual(m.stripe.hasMore, true);
    assert.strictEqual(m.stripe.page, 2);
    assert.strictEqual(m.statusCode, 400);
    assert.match(m.error.message, /No such customer/);
  });

  it('ignores pagination left on for an operation that does not paginate', async () => {
    const f = await startFlow({
      baseUri: server.url,
      nodes: [
        {
          id: 's1',
          type: 'stripe-subscriber',
          operationId: 'GetCustomersCustomer',
          pagination: true,
          output: 'all',
          path: { customer: 'cus_1' },
        },
      ],
    });
    f.node('s1').receive({});
    await until(() => f.received.length === 1);
    assert.strictEqual(f.received[0].payload.object, 'thing');
    assert.ok(!Array.isArray(f.received[0].payload));
  });
});
