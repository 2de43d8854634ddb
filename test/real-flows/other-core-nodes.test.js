'use strict';
// Real flows (test/helpers/real-flows.js) through change, flow context, template, json, split and join,
// link call and a subflow: what goes out to a Stripe-like loopback server and what comes back.
const assert = require('assert');
const { startCoreFlow, func, outputs, caught } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');
const { CORE, inject, publisher, subscriber, customer, formBody } = require('../helpers/real-flows');

describe('real flows: core Node-RED nodes upstream of the stripe nodes', function () {
  let server;
  withStripeServer((s) => (server = s));

  describe('flows through other core nodes', function () {
    it('change node sets msg.payload to a JSON value -> PostCustomers posts it', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.change],
        nodes: [
          inject('inj', ['set']),
          {
            id: 'set',
            type: 'change',
            name: '',
            rules: [
              {
                t: 'set',
                p: 'payload',
                pt: 'msg',
                to: '{"email":"c@example.test","metadata":{"via":"change"},"preferred_locales":["fr"]}',
                tot: 'json',
              },
            ],
            wires: [['p1']],
          },
          publisher('p1', { operationId: 'PostCustomers' }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.deepStrictEqual(server.requests[0].body, {
        email: 'c@example.test',
        metadata: { via: 'change' },
        preferred_locales: ['fr'],
      });
      assert.strictEqual(
        formBody(server.requests[0]),
        'email=c%40example.test&metadata[via]=change&preferred_locales[0]=fr',
      );
    });

    it('function node stores an order with flow.set, a change node copies it from flow context into msg.payload -> PostCustomers', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function, CORE.change],
        nodes: [
          inject('inj', ['store']),
          func(
            'store',
            "flow.set('order', { email: 'ctx@example.test', metadata: { order: '7' }, preferred_locales: ['de', 'en'] }); return msg;",
            ['fromCtx'],
          ),
          {
            id: 'fromCtx',
            type: 'change',
            name: '',
            rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'order', tot: 'flow' }],
            wires: [['p1']],
          },
          publisher('p1', { operationId: 'PostCustomers' }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.deepStrictEqual(server.requests[0].body, {
        email: 'ctx@example.test',
        metadata: { order: '7' },
        preferred_locales: ['de', 'en'],
      });
    });

    it('template node renders JSON text, json node parses it -> PostCustomers posts it', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.template, CORE.json],
        nodes: [
          inject('inj', ['tpl'], { payload: 'tpl', payloadType: 'str' }),
          {
            id: 'tpl',
            type: 'template',
            name: '',
            field: 'payload',
            fieldType: 'msg',
            format: 'json',
            syntax: 'mustache',
            template: '{"email":"{{payload}}@example.test","metadata":{"src":"template"}}',
            output: 'str',
            wires: [['parse']],
          },
          { id: 'parse', type: 'json', name: '', property: 'payload', action: 'obj', pretty: false, wires: [['p1']] },
          publisher('p1', { operationId: 'PostCustomers' }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(formBody(server.requests[0]), 'email=tpl%40example.test&metadata[src]=template');
    });

    it('template node without the json node: the JSON text is refused with a hint, nothing is sent', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.template],
        nodes: [
          inject('inj', ['tpl'], { payload: 'tpl', payloadType: 'str' }),
          {
            id: 'tpl',
            type: 'template',
            name: '',
            field: 'payload',
            fieldType: 'msg',
            format: 'json',
            syntax: 'mustache',
            template: '{"email":"{{payload}}@example.test"}',
            output: 'str',
            wires: [['p1']],
          },
          publisher('p1', { operationId: 'PostCustomers', payload: { description: 'from the node' } }),
        ],
      });
      await f.click('inj');
      await caught(f);
      assert.strictEqual(
        f.errors[0].error.message,
        'msg.payload is JSON text, not an object: put a json node before this node',
      );
      assert.strictEqual(server.requests.length, 0, "not sent with the node's settings alone");
    });

    it('split -> subscriber GetCustomersCustomer -> join (automatic) gives the 3 customers in order, answers arriving out of order', async () => {
      server.route('GET', '/v1/customers/cus_a', { body: customer('cus_a'), delayMs: 80 });
      server.route('GET', '/v1/customers/cus_b', { body: customer('cus_b'), delayMs: 40 });
      server.route('GET', '/v1/customers/cus_c', { body: customer('cus_c') });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function, CORE.split],
        nodes: [
          inject('inj', ['ids']),
          func('ids', "msg.payload = ['cus_a', 'cus_b', 'cus_c']; return msg;", ['split']),
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
            property: 'payload',
            wires: [['s1']],
          },
          subscriber('s1', { operationId: 'GetCustomersCustomer', path: { customer: '{{payload}}' } }, ['join']),
          {
            id: 'join',
            type: 'join',
            name: '',
            mode: 'auto',
            build: 'object',
            property: 'payload',
            propertyType: 'msg',
            key: 'topic',
            joiner: '\\n',
            joinerType: 'str',
            accumulate: false,
            timeout: '',
            count: '',
            reduceRight: false,
            reduceExp: '',
            reduceInit: '',
            reduceInitType: '',
            reduceFixup: '',
            wires: [['out']],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.deepStrictEqual(server.requests.map((r) => r.url).sort(), [
        '/v1/customers/cus_a',
        '/v1/customers/cus_b',
        '/v1/customers/cus_c',
      ]);
      const joined = f.received[0].payload;
      assert.ok(Array.isArray(joined), 'the join node makes an array');
      assert.deepStrictEqual(
        joined.map((c) => c.id),
        ['cus_a', 'cus_b', 'cus_c'],
      );
      assert.strictEqual(joined[0].object, 'customer');
    });

    it("link call -> link in -> publisher -> link out (return) answers the link call with Stripe's reply", async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function, CORE.link],
        nodes: [
          inject('inj', ['fn']),
          func('fn', "msg.payload = { email: 'link@example.test', metadata: { via: 'link call' } }; return msg;", [
            'call',
          ]),
          {
            id: 'call',
            type: 'link call',
            name: '',
            links: ['lin'],
            linkType: 'static',
            timeout: '5',
            wires: [['out']],
          },
          { id: 'lin', type: 'link in', name: 'create customer', links: [], wires: [['p1']] },
          publisher('p1', { operationId: 'PostCustomers' }, ['lout']),
          { id: 'lout', type: 'link out', name: '', mode: 'return', links: [], wires: [] },
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.deepStrictEqual(server.requests[0].body, { email: 'link@example.test', metadata: { via: 'link call' } });
      const msg = f.received[0];
      assert.strictEqual(msg.statusCode, 200);
      assert.strictEqual(msg.payload.path, '/v1/customers');
      assert.strictEqual(msg.stripe.operationId, 'PostCustomers');
      assert.strictEqual(f.received.length, 1);
    });

    it("a subflow holding a publisher: a function node before the subflow builds the body, the subflow's output carries the answer", async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func('fn', "msg.payload = { email: 'sub@example.test', preferred_locales: ['nl'] }; return msg;", ['sfi']),
          { id: 'sfi', type: 'subflow:sf1', name: '', wires: [['out']] },
        ],
        extra: [
          {
            id: 'sf1',
            type: 'subflow',
            name: 'Create customer',
            info: '',
            category: '',
            env: [],
            color: '#DDAA99',
            in: [{ x: 60, y: 80, wires: [{ id: 'sfp' }] }],
            out: [{ x: 400, y: 80, wires: [{ id: 'sfp', port: 0 }] }],
          },
          {
            id: 'sfp',
            type: 'stripe-publisher',
            z: 'sf1',
            client: 'c1',
            method: 'POST',
            operationId: 'PostCustomers',
            payload: { 'metadata[via]': 'subflow' },
            wires: [[]],
          },
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.deepStrictEqual(server.requests[0].body, {
        email: 'sub@example.test',
        preferred_locales: ['nl'],
        metadata: { via: 'subflow' },
      });
      assert.strictEqual(f.received[0].statusCode, 200);
      assert.strictEqual(f.received[0].stripe.operationId, 'PostCustomers');
    });
  });
});
