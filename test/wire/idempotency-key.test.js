'use strict';
// The Idempotency-Key header on the wire, with core Node-RED nodes upstream (test/helpers/wire.js):
// which requests carry one, and the same one on a retry; as stripe-node does, or safer.
const assert = require('assert');
const { startCoreFlow, fastRetries, func, outputs } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');
const { INJECT, FUNCTION, inject, customer } = require('../helpers/wire');

describe('on the wire', function () {
  fastRetries({ initialDelayMs: 5, maxDelayMs: 20 });
  let server;
  withStripeServer((s) => (server = s));

  describe('Idempotency-Key', function () {
    const failOnce = (ok) => [
      { status: 500, body: { error: { type: 'api_error', message: 'Something went wrong on our end' } } },
      { body: ok },
    ];

    it('a /v2 POST carries one, the same on its retry', async () => {
      server.route(
        'POST',
        '/v2/core/event_destinations',
        failOnce({ id: 'ed_1', object: 'v2.core.event_destination' }),
      );
      const f = await startCoreFlow({
        baseUri: server.url,
        client: { maxRetries: 1 },
        core: [INJECT, FUNCTION],
        nodes: [
          inject('inj', ['fn']),
          func(
            'fn',
            "msg.payload = { name: 'orders', type: 'webhook_endpoint', enabled_events: ['v1.billing.meter.error_report_triggered'], webhook_endpoint: { url: 'https://example.test/hook' } }; return msg;",
            ['p1'],
          ),
          {
            id: 'p1',
            type: 'stripe-publisher',
            method: 'POST',
            operationId: 'POST /v2/core/event_destinations',
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      const posts = server.requestsTo('POST', '/v2/core/event_destinations');
      assert.strictEqual(posts.length, 2);
      const key = posts[0].headers['idempotency-key'];
      assert.ok(key && key.length >= 8, `first attempt's key: ${key}`);
      assert.strictEqual(posts[1].headers['idempotency-key'], key);
      assert.strictEqual(f.received[0].payload.id, 'ed_1');
    });

    it('a /v2 DELETE carries one, the same on its retry', async () => {
      server.route(
        'DELETE',
        '/v2/core/event_destinations/ed_1',
        failOnce({ id: 'ed_1', object: 'v2.core.event_destination', deleted: true }),
      );
      const f = await startCoreFlow({
        baseUri: server.url,
        client: { maxRetries: 1 },
        core: [INJECT],
        nodes: [
          inject('inj', ['p1'], { payload: ['ed_1', 'str'] }),
          {
            id: 'p1',
            type: 'stripe-publisher',
            method: 'DELETE',
            operationId: 'DELETE /v2/core/event_destinations/{id}',
            path: { id: '{{payload}}' },
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      const deletes = server.requestsTo('DELETE', '/v2/core/event_destinations/ed_1');
      assert.strictEqual(deletes.length, 2);
      const key = deletes[0].headers['idempotency-key'];
      assert.ok(key && key.length >= 8, `first attempt's key: ${key}`);
      assert.strictEqual(deletes[1].headers['idempotency-key'], key);
    });

    it('a v1 POST carries one, the same on its retry', async () => {
      server.route('POST', '/v1/customers', failOnce(customer('cus_new')));
      const f = await startCoreFlow({
        baseUri: server.url,
        client: { maxRetries: 1 },
        core: [INJECT],
        nodes: [
          inject('inj', ['p1'], { payload: ['{"email":"new@example.test"}', 'json'] }),
          { id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers', wires: [['out']] },
        ],
      });
      await f.click('inj');
      await outputs(f);
      const posts = server.requestsTo('POST', '/v1/customers');
      assert.strictEqual(posts.length, 2);
      assert.ok(posts[0].headers['idempotency-key']);
      assert.strictEqual(posts[1].headers['idempotency-key'], posts[0].headers['idempotency-key']);
      assert.strictEqual(f.received[0].stripe.idempotencyKey, posts[0].headers['idempotency-key']);
    });

    it('a v1 DELETE and a GET carry none', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [INJECT],
        nodes: [
          inject('inj', ['get', 'del'], { payload: ['cus_1', 'str'] }),
          {
            id: 'get',
            type: 'stripe-subscriber',
            operationId: 'GetCustomersCustomer',
            path: { customer: '{{payload}}' },
            wires: [['out']],
          },
          {
            id: 'del',
            type: 'stripe-publisher',
            method: 'DELETE',
            operationId: 'DeleteCustomersCustomer',
            path: { customer: '{{payload}}' },
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f, 2);
      assert.deepStrictEqual(server.requests.map((r) => `${r.method} ${r.path}`).sort(), [
        'DELETE /v1/customers/cus_1',
        'GET /v1/customers/cus_1',
      ]);
      for (const r of server.requests)
        assert.strictEqual(r.headers['idempotency-key'], undefined, `${r.method} has no Idempotency-Key`);
    });
  });
});
