'use strict';
// A real flow (test/helpers/real-flows.js) builds msg.payload, msg.path or msg.query in a function node,
// another JavaScript realm: what goes out to a Stripe-like loopback server, and what is refused.
const assert = require('assert');
const { startCoreFlow, KEY, func, outputs, caught } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');
const { CORE, inject, publisher, subscriber, customer, formBody } = require('../helpers/real-flows');

describe('real flows: core Node-RED nodes upstream of the stripe nodes', function () {
  let server;
  withStripeServer((s) => (server = s));

  describe('objects made in a function node (another JavaScript realm)', function () {
    it('posts a body built in a function node: nested objects, arrays of objects, expand, a Date as Unix seconds', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func(
            'fn',
            `msg.payload = {
            customer: 'cus_fn',
            items: [{ price: 'price_a', quantity: 2 }, { price: 'price_b' }],
            metadata: { order: 'o-42', till: '3' },
            expand: ['latest_invoice', 'customer'],
            trial_end: new Date(Date.UTC(2030, 0, 1)),
          };
          return msg;`,
            ['p1'],
          ),
          publisher('p1', { operationId: 'PostSubscriptions' }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requests.length, 1);
      const r = server.requests[0];
      assert.strictEqual(r.method, 'POST');
      assert.strictEqual(r.path, '/v1/subscriptions');
      assert.strictEqual(r.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.strictEqual(r.headers.authorization, `Bearer ${KEY}`);
      assert.match(r.headers['idempotency-key'], /^\S{8,}$/);
      assert.deepStrictEqual(r.body, {
        customer: 'cus_fn',
        items: [{ price: 'price_a', quantity: '2' }, { price: 'price_b' }],
        metadata: { order: 'o-42', till: '3' },
        expand: ['latest_invoice', 'customer'],
        trial_end: '1893456000',
      });
      assert.match(
        formBody(r),
        /(^|&)items\[0\]\[price\]=price_a&items\[0\]\[quantity\]=2&items\[1\]\[price\]=price_b(&|$)/,
      );
      assert.match(formBody(r), /(^|&)expand\[0\]=latest_invoice&expand\[1\]=customer(&|$)/);
      assert.strictEqual(f.received[0].statusCode, 200);
      assert.strictEqual(f.received[0].payload.path, '/v1/subscriptions');
    });

    it('reads the customer named by msg.path, expanded by msg.query, both set in a function node', async () => {
      server.route('GET', '/v1/customers/cus_fn', { body: customer('cus_fn') });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func(
            'fn',
            "msg.path = { customer: 'cus_fn' }; msg.query = { expand: ['default_source', 'tax_ids'] }; return msg;",
            ['s1'],
          ),
          subscriber('s1', { operationId: 'GetCustomersCustomer' }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      const r = server.requests[0];
      assert.strictEqual(r.method, 'GET');
      assert.strictEqual(r.path, '/v1/customers/cus_fn');
      assert.strictEqual(r.rawQuery, 'expand[0]=default_source&expand[1]=tax_ids');
      assert.strictEqual(f.received[0].payload.id, 'cus_fn');
    });

    it('sends a Date in msg.query from a function node as Unix seconds (charges created since New Year)', async () => {
      server.fill('/v1/charges', 2);
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func('fn', 'msg.query = { created: { gte: new Date(Date.UTC(2024, 0, 1)) }, limit: 3 }; return msg;', ['s1']),
          subscriber('s1', { operationId: 'GetCharges' }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requests[0].path, '/v1/charges');
      assert.strictEqual(server.requests[0].rawQuery, 'created[gte]=1704067200&limit=3');
      assert.strictEqual(f.received[0].payload.object, 'list');
    });

    it('refuses a Map (top level or nested) and a function value with a one-line error on the Catch node, sending nothing', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fnMap', 'fnNested', 'fnFunc']),
          func('fnMap', "msg.topic = 'map'; msg.payload = new Map([['email', 'm@example.test']]); return msg;", ['p1']),
          func(
            'fnNested',
            "msg.topic = 'nested'; msg.payload = { email: 'n@example.test', metadata: new Map([['order', '1']]) }; return msg;",
            ['p1'],
          ),
          func(
            'fnFunc',
            "msg.topic = 'function'; msg.payload = { email: 'f@example.test', name: function () { return 'x'; } }; return msg;",
            ['p1'],
          ),
          publisher('p1', { operationId: 'PostCustomers' }),
        ],
      });
      await f.click('inj');
      await caught(f, 3);
      const byTopic = Object.fromEntries(f.errors.map((m) => [m.topic, m.error.message]));
      assert.deepStrictEqual(Object.keys(byTopic).sort(), ['function', 'map', 'nested']);
      for (const text of Object.values(byTopic)) assert.match(text, /^[^\n\r]+$/, 'one line');
      assert.match(byTopic.map, /payload/);
      assert.match(byTopic.nested, /metadata/);
      assert.match(byTopic.function, /name/);
      assert.strictEqual(server.requests.length, 0, 'nothing is sent to Stripe');
      assert.strictEqual(f.received.length, 0);
    });
  });
});
