'use strict';
// Flows as users wire them: every message that reaches a stripe node is made by a real Node-RED core
// node upstream (function, inject, change, template, json, split, join, file in, link, subflow), and
// every case checks what went out on the wire to a Stripe-like loopback server and what came back
// to the flow. A function node runs in its own JavaScript realm (a vm context), so its objects, arrays
// and Dates have another Object.prototype than ours: hand-made test messages never show that.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { StripeServer } = require('./helpers/stripe-server');
const { startCoreFlow, stopFlow, until, KEY, func, outputs, caught } = require('./helpers/flow');

const CORE = {
  inject: 'common/20-inject.js',
  link: 'common/60-link.js',
  function: 'function/10-function.js',
  change: 'function/15-change.js',
  template: 'function/80-template.js',
  json: 'parsers/70-JSON.js',
  split: 'sequence/17-split.js',
  file: 'storage/10-file.js',
};

/** An inject node as the editor saves it; by default its payload is a timestamp. */
const inject = (id, wires, props = {}) => ({
  id,
  type: 'inject',
  name: '',
  props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
  repeat: '',
  crontab: '',
  once: false,
  onceDelay: 0.1,
  topic: '',
  payload: '',
  payloadType: 'date',
  wires: [wires],
  ...props,
});

const publisher = (id, props, wires = ['out']) => ({
  id,
  type: 'stripe-publisher',
  method: 'POST',
  wires: [wires],
  ...props,
});
const subscriber = (id, props, wires = ['out']) => ({ id, type: 'stripe-subscriber', wires: [wires], ...props });

/** A customer as Stripe answers GET /v1/customers/{id}. */
const customer = (id, extra = {}) => ({
  id,
  object: 'customer',
  created: 1700000000,
  livemode: false,
  email: `${id}@example.test`,
  name: null,
  description: null,
  metadata: { crm: '17' },
  preferred_locales: [],
  invoice_settings: { default_payment_method: null, footer: null },
  ...extra,
});

const formBody = (r) => r.rawBody.toString('utf8');

describe('real flows: core Node-RED nodes upstream of the stripe nodes', function () {
  let server;
  beforeEach(async () => {
    server = await new StripeServer().start();
  });
  afterEach(async () => {
    await stopFlow();
    await server.stop();
  });

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

  describe('a Stripe object in msg.payload is something read, not a body', function () {
    it("subscriber GetCustomersCustomer -> publisher PostCustomersCustomer posts only the node's payload settings", async () => {
      server.route('GET', '/v1/customers/cus_1', { body: customer('cus_1') });
      server.route('POST', '/v1/customers/cus_1', (res, r) =>
        StripeServer.json(res, 200, customer('cus_1', { description: r.body.description })),
      );
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject],
        nodes: [
          inject('inj', ['s1']),
          subscriber('s1', { operationId: 'GetCustomersCustomer', path: { customer: 'cus_1' } }, ['p1']),
          publisher('p1', {
            operationId: 'PostCustomersCustomer',
            path: { customer: '{{payload.id}}' },
            payload: { description: 'updated' },
          }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.deepStrictEqual(
        server.requests.map((r) => `${r.method} ${r.path}`),
        ['GET /v1/customers/cus_1', 'POST /v1/customers/cus_1'],
      );
      assert.strictEqual(formBody(server.requests[1]), 'description=updated');
      assert.strictEqual(f.received[0].payload.description, 'updated');
      assert.strictEqual(f.received[0].stripe.operationId, 'PostCustomersCustomer');
    });

    it('a Stripe object built in a function node feeds the templates and is not posted either', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func(
            'fn',
            "msg.payload = { id: 'cus_2', object: 'customer', email: 'old@example.test', livemode: false, metadata: {} }; return msg;",
            ['p1'],
          ),
          publisher('p1', {
            operationId: 'PostCustomersCustomer',
            path: { customer: '{{payload.id}}' },
            payload: { 'metadata[previous_email]': '{{payload.email}}' },
          }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requests[0].path, '/v1/customers/cus_2');
      assert.strictEqual(formBody(server.requests[0]), 'metadata[previous_email]=old%40example.test');
    });
  });

  describe('a payload that is not an object feeds the templates', function () {
    it('inject with its default timestamp -> PostCustomers with email ts{{payload}}@example.test', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject],
        nodes: [
          inject('inj', ['p1']),
          publisher('p1', { operationId: 'PostCustomers', payload: { email: 'ts{{payload}}@example.test' } }),
        ],
      });
      const before = Date.now();
      await f.click('inj');
      await outputs(f);
      const r = server.requests[0];
      assert.strictEqual(r.path, '/v1/customers');
      assert.deepStrictEqual(Object.keys(r.body), ['email']);
      const m = /^ts(\d+)@example\.test$/.exec(r.body.email);
      assert.ok(m, `email is ${r.body.email}`);
      assert.ok(Number(m[1]) >= before && Number(m[1]) <= Date.now(), "the inject node's timestamp");
    });

    it('inject with a JSON payload (fired once on deploy) -> PostCustomers posts its fields', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject],
        nodes: [
          inject('inj', ['p1'], {
            once: true,
            onceDelay: 0.05,
            payload: '{"email":"j@example.test"}',
            payloadType: 'json',
          }),
          publisher('p1', { operationId: 'PostCustomers' }),
        ],
      });
      await outputs(f);
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(formBody(server.requests[0]), 'email=j%40example.test');
    });

    it('a string and a boolean from inject nodes, and null from a change node, only fill the templates', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.change],
        nodes: [
          inject('injStr', ['pName'], { payload: 'Ada Lovelace', payloadType: 'str' }),
          publisher('pName', { operationId: 'PostCustomers', payload: { name: '{{payload}}' } }),
          inject('injBool', ['pVip'], { payload: 'true', payloadType: 'bool' }),
          publisher('pVip', { operationId: 'PostCustomers', payload: { 'metadata[vip]': '{{payload}}' } }),
          inject('injNull', ['toNull']),
          {
            id: 'toNull',
            type: 'change',
            name: '',
            rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'null', tot: 'json' }],
            wires: [['pNull']],
          },
          publisher('pNull', { operationId: 'PostCustomers', payload: { description: 'made from nothing' } }),
        ],
      });
      await f.click('injStr');
      await outputs(f, 1);
      await f.click('injBool');
      await outputs(f, 2);
      await f.click('injNull');
      await outputs(f, 3);
      assert.deepStrictEqual(server.requests.map(formBody), [
        'name=Ada%20Lovelace',
        'metadata[vip]=true',
        'description=made%20from%20nothing',
      ]);
    });
  });

  describe('a file read by a file-in node', function () {
    let dir;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-file-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('file in (a single Buffer) -> PostFiles uploads its bytes as the file, purpose from the node settings', async () => {
      const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f, 0x41]);
      const file = path.join(dir, 'evidence.pdf');
      fs.writeFileSync(file, bytes);
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.file],
        nodes: [
          inject('inj', ['read']),
          {
            id: 'read',
            type: 'file in',
            name: '',
            filename: file,
            filenameType: 'str',
            format: '',
            chunk: false,
            sendError: false,
            encoding: 'none',
            allProps: false,
            wires: [['p1']],
          },
          publisher('p1', { operationId: 'PostFiles', payload: { purpose: 'dispute_evidence' } }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      const r = server.requests[0];
      assert.strictEqual(r.method, 'POST');
      assert.strictEqual(r.path, '/v1/files');
      assert.match(r.headers['content-type'], /^multipart\/form-data; boundary=/);
      assert.strictEqual(r.body.purpose, 'dispute_evidence');
      assert.ok(r.body.files.file, 'a file part');
      assert.ok(r.body.files.file.content.equals(bytes), "the file part holds the file's bytes");
      assert.strictEqual(
        r.body.files.file.filename,
        'evidence.pdf',
        'named after the file the file-in node read (msg.filename)',
      );
    });
  });

  describe("errors reach the Catch node with Stripe's details", function () {
    const decline = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      payment_intent: { id: 'pi_123', object: 'payment_intent', status: 'requires_payment_method' },
      charge: 'ch_123',
      payment_method: { id: 'pm_123', object: 'payment_method' },
      advice_code: 'try_again_later',
      network_decline_code: '51',
      request_log_url: 'https://dashboard.stripe.com/test/logs/req_x',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    };

    it('a card decline: Catch -> function reads msg.stripe.error.raw.payment_intent.id; code, decline code, advice code kept', async () => {
      server.route('POST', '/v1/payment_intents', {
        status: 402,
        body: { error: decline },
        headers: { 'request-id': 'req_decline1' },
      });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['p1'], {
            payload:
              '{"amount":500,"currency":"eur","payment_method":"pm_card_chargeDeclinedInsufficientFunds","confirm":true}',
            payloadType: 'json',
          }),
          publisher('p1', { operationId: 'PostPaymentIntents' }),
          func('pick', 'msg.payload = msg.stripe.error.raw.payment_intent.id; return msg;', ['out']),
        ],
        catchWires: ['pick'], // the flow's Catch node -> this function node -> helper `out`
      });
      await f.click('inj');
      await until(() => f.errors.length >= 1, 5000, 'the decline on the Catch node');
      // The Catch node's message goes on to the function node too; if that fails, the Catch node hears of it.
      await until(() => f.received.length === 1 || f.errors.length > 1, 5000, 'the function node after the Catch node');
      if (f.errors.length > 1)
        throw new Error(
          `the function node after the Catch node failed: ${f.errors[1].error.message} (first error: ${f.errors[0].error.message})`,
        );
      assert.strictEqual(f.received[0].payload, 'pi_123');
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(server.requests[0].body.payment_method, 'pm_card_chargeDeclinedInsufficientFunds');
      const msg = f.errors[0];
      assert.strictEqual(msg.statusCode, 402);
      const e = msg.stripe.error;
      assert.strictEqual(e.type, 'card_error');
      assert.strictEqual(e.code, 'card_declined');
      assert.strictEqual(e.declineCode, 'insufficient_funds');
      assert.strictEqual(e.statusCode, 402);
      assert.strictEqual(e.requestId, 'req_decline1');
      assert.strictEqual(e.docUrl, decline.doc_url);
      assert.strictEqual(e.raw.advice_code, 'try_again_later');
      assert.strictEqual(e.raw.network_decline_code, '51');
      assert.strictEqual(e.raw.request_log_url, 'https://dashboard.stripe.com/test/logs/req_x');
      assert.strictEqual(e.raw.charge, 'ch_123');
      assert.deepStrictEqual(e.raw.payment_method, { id: 'pm_123', object: 'payment_method' });
      assert.match(msg.error.message, /^[^\n\r]+$/);
      assert.match(msg.error.message, /insufficient funds/);
    });

    it('a /v2 error keeps user_message in msg.stripe.error.raw (body built in a function node, sent as JSON)', async () => {
      const v2error = { type: 'invalid_request', code: 'x', message: 'm', user_message: 'Try another card' };
      server.route('POST', '/v2/core/event_destinations', { status: 400, body: { error: v2error } });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func(
            'fn',
            "msg.payload = { name: 'orders', type: 'webhook_endpoint', enabled_events: ['v1.billing.meter.error_report_triggered'], webhook_endpoint: { url: 'https://example.test/hook' } }; return msg;",
            ['p1'],
          ),
          publisher('p1', { operationId: 'POST /v2/core/event_destinations' }),
        ],
      });
      await f.click('inj');
      await caught(f);
      assert.strictEqual(server.requests.length, 1, `nothing was sent: ${f.errors[0].error.message}`);
      const r = server.requests[0];
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.deepStrictEqual(r.body, {
        name: 'orders',
        type: 'webhook_endpoint',
        enabled_events: ['v1.billing.meter.error_report_triggered'],
        webhook_endpoint: { url: 'https://example.test/hook' },
      });
      const msg = f.errors[0];
      assert.strictEqual(msg.statusCode, 400);
      assert.strictEqual(msg.stripe.error.code, 'x');
      assert.strictEqual(msg.stripe.error.raw.user_message, 'Try another card');
    });

    it('an API key echoed by the server in an error appears nowhere in the caught message', async () => {
      const echo = {
        type: 'invalid_request_error',
        code: 'api_key_expired',
        message: `Expired API Key provided: ${KEY}`,
        param: KEY,
        key: KEY,
      };
      server.route('POST', '/v1/customers', { status: 401, body: { error: echo } });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func('fn', "msg.payload = { email: 'k@example.test' }; return msg;", ['p1']),
          publisher('p1', { operationId: 'PostCustomers' }),
        ],
      });
      await f.click('inj');
      await caught(f);
      assert.strictEqual(server.requests.length, 1, `nothing was sent: ${f.errors[0].error.message}`);
      const msg = f.errors[0];
      assert.match(msg.error.message, /Expired API Key provided/);
      assert.strictEqual(msg.stripe.error.code, 'api_key_expired');
      const all = JSON.stringify(msg, (k, v) => (typeof v === 'bigint' ? String(v) : v));
      assert.ok(!all.includes(KEY.slice('sk_test_'.length)), `the key appears in the caught message: ${all}`);
    });
  });

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
