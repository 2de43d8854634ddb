'use strict';
// A 2xx answer whose body cannot be read, with core Node-RED nodes upstream (test/helpers/wire.js):
// which requests are asked again and what the Catch node hears; as stripe-node does, or safer.
const assert = require('assert');
const { startCoreFlow, fastRetries, func, outputs, caught } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');
const { INJECT, FUNCTION, inject, customer } = require('../helpers/wire');

describe('on the wire', function () {
  fastRetries({ initialDelayMs: 5, maxDelayMs: 20 });
  let server;
  withStripeServer((s) => (server = s));

  describe('a 2xx answer whose body cannot be read', function () {
    const cut = { status: 200, text: '{"id":"cus_1","obj' };

    it('a GET is asked again and the readable answer goes on', async () => {
      server.route('GET', '/v1/customers/cus_1', [cut, { body: customer('cus_1') }]);
      const f = await startCoreFlow({
        baseUri: server.url,
        client: { maxRetries: 2 },
        core: [INJECT],
        nodes: [
          inject('inj', ['s1'], { payload: ['cus_1', 'str'] }),
          {
            id: 's1',
            type: 'stripe-subscriber',
            operationId: 'GetCustomersCustomer',
            path: { customer: '{{payload}}' },
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requestsTo('GET', '/v1/customers/cus_1').length, 2);
      assert.strictEqual(f.received[0].payload.id, 'cus_1');
    });

    it('a POST is asked again with the same idempotency key', async () => {
      server.route('POST', '/v1/customers', [cut, { body: customer('cus_1') }]);
      const f = await startCoreFlow({
        baseUri: server.url,
        client: { maxRetries: 2 },
        core: [INJECT, FUNCTION],
        nodes: [
          inject('inj', ['fn']),
          func('fn', "msg.payload = { email: 'cus_1@example.test' }; return msg;", ['p1']),
          { id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers', wires: [['out']] },
        ],
      });
      await f.click('inj');
      await outputs(f);
      const posts = server.requestsTo('POST', '/v1/customers');
      assert.strictEqual(posts.length, 2);
      assert.ok(posts[0].headers['idempotency-key']);
      assert.strictEqual(posts[1].headers['idempotency-key'], posts[0].headers['idempotency-key']);
      assert.strictEqual(f.received[0].payload.id, 'cus_1');
    });

    it('a v1 DELETE (no idempotency key) is sent once; the Catch node hears the outcome is unknown, not a 404 from a second try', async () => {
      server.route('DELETE', '/v1/customers/cus_1', [
        cut,
        {
          status: 404,
          body: {
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              param: 'id',
              message: "No such customer: 'cus_1'",
            },
          },
        },
      ]);
      const f = await startCoreFlow({
        baseUri: server.url,
        client: { maxRetries: 2 },
        core: [INJECT],
        nodes: [
          inject('inj', ['p1'], { payload: ['cus_1', 'str'] }),
          {
            id: 'p1',
            type: 'stripe-publisher',
            method: 'DELETE',
            operationId: 'DeleteCustomersCustomer',
            path: { customer: '{{payload}}' },
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await caught(f);
      assert.strictEqual(server.requestsTo('DELETE', '/v1/customers/cus_1').length, 1, 'exactly one DELETE');
      const text = f.errors[0].error.message;
      assert.match(text, /^[^\n\r]+$/, 'one line');
      assert.match(text, /unknown|may have/i);
      assert.doesNotMatch(text, /No such customer/);
      assert.strictEqual(f.received.length, 0);
    });

    it('a v1 DELETE retried after a connection reset that meets "No such customer" says the first attempt may have deleted it', async () => {
      let first = true;
      server.on((req, res) => {
        if (req.method !== 'DELETE') return false;
        if (first) {
          first = false;
          req.socket.destroy();
          return true;
        }
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            error: {
              type: 'invalid_request_error',
              code: 'resource_missing',
              param: 'id',
              message: "No such customer: 'cus_1'",
            },
          }),
        );
        return true;
      });
      const f = await startCoreFlow({
        baseUri: server.url,
        client: { maxRetries: 2 },
        core: [INJECT],
        nodes: [
          inject('inj', ['p1'], { payload: ['cus_1', 'str'] }),
          {
            id: 'p1',
            type: 'stripe-publisher',
            method: 'DELETE',
            operationId: 'DeleteCustomersCustomer',
            path: { customer: '{{payload}}' },
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await caught(f);
      assert.strictEqual(
        server.requestsTo('DELETE', '/v1/customers/cus_1').length,
        2,
        'the reset DELETE is asked again (a DELETE is safe to repeat)',
      );
      assert.match(
        f.errors[0].error.message,
        /^No such customer: 'cus_1' \[.*\] after 2 attempts; an earlier attempt got no answer and may have deleted it$/,
      );
      assert.strictEqual(f.errors[0].statusCode, 404);
    });
  });
});
