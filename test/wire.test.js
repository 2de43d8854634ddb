'use strict';
// What goes out on the wire, in Node-RED with core nodes upstream: query strings and limits, /v2
// query arrays and next_page_url, Idempotency-Key headers across retries, and which requests are
// asked again after a 2xx answer that could not be read. The rules follow stripe-node, or are safer.
const assert = require('assert');
const { StripeServer } = require('./helpers/stripe-server');
const { startCoreFlow, stopFlow, fastRetries, func, outputs, caught } = require('./helpers/flow');

const INJECT = 'common/20-inject.js';
const FUNCTION = 'function/10-function.js';

/** An inject node that sets msg properties: `props` maps a property to [value, type] ('str', 'json', ...). */
const inject = (id, wires, props = {}) => ({
  id,
  type: 'inject',
  name: '',
  props: Object.entries(props).map(([p, [v, vt]]) => ({ p, v, vt })),
  repeat: '',
  crontab: '',
  once: false,
  onceDelay: 0.1,
  topic: '',
  wires: [wires],
});

/** A query string with %5B/%5D shown as brackets (Stripe reads both alike). */
const brackets = (q) => q.replace(/%5B/gi, '[').replace(/%5D/gi, ']');

const customer = (id) => ({
  id,
  object: 'customer',
  created: 1700000000,
  livemode: false,
  email: `${id}@example.test`,
});

describe('on the wire', function () {
  fastRetries({ initialDelayMs: 5, maxDelayMs: 20 });
  let server;
  beforeEach(async () => {
    server = await new StripeServer().start();
  });
  afterEach(async () => {
    await stopFlow();
    await server.stop();
  });

  describe('limit and query strings', function () {
    it('a raw GET /v1/customers/{id} with pagination on reads one object and sends no limit (no query string at all)', async () => {
      server.route('GET', '/v1/customers/cus_1', { body: customer('cus_1') });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [INJECT],
        nodes: [
          inject('inj', ['s1'], { path: ['{"id":"cus_1"}', 'json'] }),
          {
            id: 's1',
            type: 'stripe-subscriber',
            operationId: 'GET /v1/customers/{id}',
            pagination: true,
            output: 'all',
            maxItems: 10000,
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(server.requests[0].url, '/v1/customers/cus_1');
      assert.match(JSON.stringify(f.received[0].payload), /"id":"cus_1"/);
    });

    it('the same raw GET keeps the query the user gave, and adds no limit to it', async () => {
      server.route('GET', '/v1/customers/cus_1', { body: customer('cus_1') });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [INJECT, FUNCTION],
        nodes: [
          inject('inj', ['fn']),
          func('fn', "msg.path = { id: 'cus_1' }; msg.query = { expand: ['default_source'] }; return msg;", ['s1']),
          {
            id: 's1',
            type: 'stripe-subscriber',
            operationId: 'GET /v1/customers/{id}',
            pagination: true,
            output: 'all',
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(server.requests[0].path, '/v1/customers/cus_1');
      assert.strictEqual(brackets(server.requests[0].rawQuery), 'expand[0]=default_source');
    });

    it('a catalogued list operation (GetCustomers) with pagination on still asks for limit=100', async () => {
      server.fill('/v1/customers', 3);
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [INJECT],
        nodes: [
          inject('inj', ['s1']),
          {
            id: 's1',
            type: 'stripe-subscriber',
            operationId: 'GetCustomers',
            pagination: true,
            output: 'all',
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(server.requests[0].path, '/v1/customers');
      assert.strictEqual(server.requests[0].rawQuery, 'limit=100');
      assert.strictEqual(f.received[0].payload.length, 3);
    });

    it('/v2 query arrays from a function node go out indexed: include[0]=a&include[1]=b', async () => {
      server.route('GET', '/v2/core/events', { body: { data: [], next_page_url: null, previous_page_url: null } });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [INJECT, FUNCTION],
        nodes: [
          inject('inj', ['fn']),
          func('fn', "msg.query = { include: ['a', 'b'] }; return msg;", ['s1']),
          { id: 's1', type: 'stripe-subscriber', operationId: 'GET /v2/core/events', wires: [['out']] },
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requests[0].path, '/v2/core/events');
      assert.strictEqual(brackets(server.requests[0].rawQuery), 'include[0]=a&include[1]=b');
    });
  });

  describe('/v2 pagination', function () {
    it('asks for each next page with exactly the next_page_url Stripe gave (not re-encoded), and stops at null', async () => {
      const page2 = '/v2/core/events?page=abc%2Fdef&limit=2';
      // Lower-case escapes and a literal + : a parse and re-encode would change both.
      const page3 = '/v2/core/events?page=x%2fy+z%3d&limit=2';
      const ev = (n) => ({ id: `evt_${n}`, object: 'v2.core.event', type: 'v1.billing.meter.no_meter_found' });
      server.route('GET', '/v2/core/events', (res, r) => {
        if (r.query.page === undefined)
          return StripeServer.json(res, 200, { data: [ev(1), ev(2)], next_page_url: page2, previous_page_url: null });
        if (r.url === page2)
          return StripeServer.json(res, 200, {
            data: [ev(3), ev(4)],
            next_page_url: page3,
            previous_page_url: '/v2/core/events?page=p1',
          });
        if (r.url === page3)
          return StripeServer.json(res, 200, { data: [ev(5)], next_page_url: null, previous_page_url: page2 });
        return StripeServer.error(res, 400, {
          type: 'invalid_request',
          code: 'invalid_page',
          message: `no such page: ${r.url}`,
        });
      });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [INJECT],
        nodes: [
          inject('inj', ['s1']),
          {
            id: 's1',
            type: 'stripe-subscriber',
            operationId: 'GET /v2/core/events',
            pagination: true,
            output: 'all',
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      const urls = server.requests.map((r) => r.url);
      assert.strictEqual(urls.length, 3, `requests: ${urls.join(' , ')}`);
      assert.strictEqual(server.requests[0].path, '/v2/core/events'); // the first page: its limit is the node's business
      assert.deepStrictEqual(urls.slice(1), [page2, page3]);
      assert.deepStrictEqual(
        f.received[0].payload.map((e) => e.id),
        ['evt_1', 'evt_2', 'evt_3', 'evt_4', 'evt_5'],
      );
    });
  });

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
