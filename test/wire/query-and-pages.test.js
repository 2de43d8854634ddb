'use strict';
// On the wire, with core Node-RED nodes upstream (test/helpers/wire.js): query strings and limits,
// /v2 query arrays, and /v2 pages asked for by next_page_url; as stripe-node does, or safer.
const assert = require('assert');
const { StripeServer } = require('../helpers/stripe-server');
const { startCoreFlow, fastRetries, func, outputs } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');
const { INJECT, FUNCTION, inject, brackets, customer } = require('../helpers/wire');

describe('on the wire', function () {
  fastRetries({ initialDelayMs: 5, maxDelayMs: 20 });
  let server;
  withStripeServer((s) => (server = s));

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
});
