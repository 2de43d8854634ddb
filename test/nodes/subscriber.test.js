'use strict';
// The stripe-subscriber node in Node-RED against a Stripe-like server: what it asks for (path, query,
// headers), what it sends on, the files host, and a POST operation refused.
const assert = require('assert');
const { startFlow, until, KEY } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');

describe('stripe-subscriber in Node-RED against a Stripe-like server', function () {
  let server;
  withStripeServer((s) => (server = s), { once: true });

  it('calls GetTaxIdsId with the path parameter from a template and sends the answer on', async () => {
    const f = await startFlow({
      baseUri: server.url,
      nodes: [
        {
          id: 's1',
          type: 'stripe-subscriber',
          operationId: 'GetTaxIdsId',
          path: { id: '{{payload.taxId}}' },
          query: { 'expand[0]': 'owner' },
        },
      ],
    });
    f.node('s1').receive({ payload: { taxId: 'txi_123' }, topic: 't' });
    await until(() => f.received.length === 1);
    const r = server.requests[0];
    assert.strictEqual(r.method, 'GET');
    assert.strictEqual(r.path, '/v1/tax_ids/txi_123');
    assert.strictEqual(r.rawQuery, 'expand[0]=owner');
    assert.strictEqual(r.headers.authorization, `Bearer ${KEY}`);
    assert.strictEqual(r.headers['stripe-version'], '2024-04-10');
    assert.match(r.headers['user-agent'], /^node-red-contrib-stripe\/\d/);
    const msg = f.received[0];
    assert.strictEqual(msg.payload.path, '/v1/tax_ids/txi_123');
    assert.strictEqual(msg.statusCode, 200);
    assert.strictEqual(msg.topic, 't');
    assert.strictEqual(msg.stripe.operationId, 'GetTaxIdsId');
    assert.strictEqual(msg.stripe.method, 'GET');
    assert.strictEqual(msg.stripe.path, '/v1/tax_ids/txi_123');
    assert.match(msg.stripe.requestId, /^req_/);
  });

  it('uses msg.operationId, msg.path and msg.query when the node leaves them empty, the message winning', async () => {
    const f = await startFlow({
      baseUri: server.url,
      nodes: [
        {
          id: 's1',
          type: 'stripe-subscriber',
          operationId: '',
          path: { customer: 'cus_node' },
          query: { limit: '3' },
        },
      ],
    });
    f.node('s1').receive({
      operationId: 'GetCustomersCustomer',
      path: { customer: 'cus_msg' },
      query: { expand: ['default_source'] },
    });
    await until(() => f.received.length === 1);
    assert.strictEqual(server.requests[0].path, '/v1/customers/cus_msg');
    assert.deepStrictEqual(server.requests[0].query, { limit: '3', expand: ['default_source'] });
  });

  it('keeps an id with / .. ? # inside its own path segment', async () => {
    const f = await startFlow({
      baseUri: server.url,
      nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomersCustomer' }],
    });
    f.node('s1').receive({ path: { customer: '../charges?x=1#frag' } });
    await until(() => f.received.length === 1);
    assert.strictEqual(server.requests[0].url, '/v1/customers/..%2Fcharges%3Fx%3D1%23frag');
  });

  it('downloads the quote PDF as a Buffer from the files host', async () => {
    const f = await startFlow({
      baseUri: server.url,
      nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetQuotesQuotePdf', path: { quote: 'qt_1' } }],
    });
    f.node('s1').receive({});
    await until(() => f.received.length === 1);
    assert.strictEqual(server.requests[0].path, '/v1/quotes/qt_1/pdf');
    assert.ok(Buffer.isBuffer(f.received[0].payload));
    assert.strictEqual(f.received[0].payload.subarray(0, 5).toString(), '%PDF-');
  });

  it('refuses a POST operation with a clear error on the Catch node', async () => {
    const f = await startFlow({
      baseUri: server.url,
      nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'PostCustomers' }],
    });
    f.node('s1').receive({ payload: {} });
    await until(() => f.errors.length === 1);
    assert.match(f.errors[0].error.message, /PostCustomers is a POST operation; the stripe subscriber only reads/);
    assert.strictEqual(server.requests.length, 0);
    assert.strictEqual(f.received.length, 0);
  });
});
