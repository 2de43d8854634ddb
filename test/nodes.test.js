'use strict';
const assert = require('assert');
const { StripeServer } = require('./helpers/stripe-server');
const { startFlow, stopFlow, until, KEY } = require('./helpers/flow');

describe('nodes in Node-RED against a Stripe-like server', function () {
  let server;
  before(async () => {
    server = await new StripeServer().start();
  });
  after(async () => server.stop());
  afterEach(async () => {
    await stopFlow();
    server.reset();
  });

  describe('stripe-subscriber', function () {
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

  describe('stripe-publisher', function () {
    it("POSTs msg.payload merged over the node's payload templates, form-encoded, with an idempotency key", async () => {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [
          {
            id: 'p1',
            type: 'stripe-publisher',
            method: 'POST',
            operationId: 'PostCustomers',
            payload: { 'metadata[order]': '{{topic}}', email: '{{payload.mail}}' },
          },
        ],
      });
      f.node('p1').receive({
        topic: 'ord-7',
        payload: { mail: 'a@b.c', name: 'Ada', metadata: { src: 'nr' }, preferred_locales: ['en', 'de'] },
      });
      await until(() => f.received.length === 1);
      const r = server.requests[0];
      assert.strictEqual(r.method, 'POST');
      assert.strictEqual(r.path, '/v1/customers');
      assert.strictEqual(r.headers['content-type'], 'application/x-www-form-urlencoded');
      assert.deepStrictEqual(r.body, {
        metadata: { order: 'ord-7', src: 'nr' },
        email: 'a@b.c',
        mail: 'a@b.c',
        name: 'Ada',
        preferred_locales: ['en', 'de'],
      });
      assert.match(r.rawBody.toString(), /preferred_locales\[0\]=en&preferred_locales\[1\]=de/);
      assert.match(r.headers['idempotency-key'], /^[0-9a-f-]{36}$/);
      assert.strictEqual(f.received[0].stripe.idempotencyKey, r.headers['idempotency-key']);
    });

    it('uses msg.idempotencyKey and msg.stripeAccount when given', async () => {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
      });
      f.node('p1').receive({ payload: {}, idempotencyKey: 'order-42', stripeAccount: 'acct_1ABC' });
      await until(() => f.received.length === 1);
      assert.strictEqual(server.requests[0].headers['idempotency-key'], 'order-42');
      assert.strictEqual(server.requests[0].headers['stripe-account'], 'acct_1ABC');
    });

    it('DELETEs with DeleteCustomersCustomer and no idempotency key', async () => {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [
          {
            id: 'p1',
            type: 'stripe-publisher',
            method: 'DELETE',
            operationId: 'DeleteCustomersCustomer',
            path: { customer: '{{payload}}' },
          },
        ],
      });
      f.node('p1').receive({ payload: 'cus_9' });
      await until(() => f.received.length === 1);
      assert.strictEqual(server.requests[0].method, 'DELETE');
      assert.strictEqual(server.requests[0].path, '/v1/customers/cus_9');
      assert.strictEqual(server.requests[0].headers['idempotency-key'], undefined);
    });

    it('uploads a file with PostFiles as multipart', async () => {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostFiles' }],
      });
      const content = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]);
      f.node('p1').receive({
        payload: { file: content, file_name: 'logo.png', purpose: 'business_logo', file_link_data: { create: true } },
      });
      await until(() => f.received.length === 1);
      const r = server.requests[0];
      assert.match(r.headers['content-type'], /^multipart\/form-data; boundary=/);
      assert.strictEqual(r.body.purpose, 'business_logo');
      assert.strictEqual(r.body['file_link_data[create]'], 'true');
      assert.strictEqual(r.body.files.file.filename, 'logo.png');
      assert.ok(r.body.files.file.content.equals(content));
    });

    it('refuses a GET operation, and an operation of the other method', async () => {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [
          { id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'GetCustomers' },
          { id: 'p2', type: 'stripe-publisher', method: 'POST', operationId: 'DeleteCustomersCustomer' },
        ],
      });
      f.node('p1').receive({ payload: {} });
      f.node('p2').receive({ payload: {}, path: { customer: 'cus_1' } });
      await until(() => f.errors.length === 2);
      const texts = f.errors.map((m) => m.error.message).sort();
      assert.match(texts[0], /DeleteCustomersCustomer is a DELETE operation, but this stripe publisher is set to POST/);
      assert.match(texts[1], /GetCustomers is a GET operation; the stripe publisher only writes/);
      assert.strictEqual(server.requests.length, 0);
    });
  });
  describe('stripe-subscriber pagination', function () {
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

    it('shows a Stripe error on the Catch node with msg.stripe.error and a red status', async () => {
      server.on((req, res) => {
        StripeServer.error(
          res,
          402,
          {
            type: 'card_error',
            code: 'card_declined',
            decline_code: 'insufficient_funds',
            message: 'Your card has insufficient funds.',
            doc_url: 'https://stripe.com/docs/error-codes/card-declined',
          },
          { 'request-id': 'req_declined' },
        );
        return true;
      });
      const f = await startFlow({
        baseUri: server.url,
        nodes: [
          {
            id: 'p1',
            type: 'stripe-publisher',
            method: 'POST',
            operationId: 'PostPaymentIntents',
            payload: { amount: '100', currency: 'eur' },
          },
        ],
      });
      const statuses = [];
      const node = f.node('p1');
      const original = node.status.bind(node);
      node.status = (s) => {
        statuses.push(s);
        original(s);
      };
      node.receive({ payload: { confirm: true } });
      await until(() => f.errors.length === 1);
      const m = f.errors[0];
      assert.strictEqual(
        m.error.message,
        'Your card has insufficient funds. [card_error/card_declined/insufficient_funds; HTTP 402; req_declined]',
      );
      assert.deepStrictEqual(m.stripe.error, {
        message: 'Your card has insufficient funds.',
        type: 'card_error',
        code: 'card_declined',
        declineCode: 'insufficient_funds',
        statusCode: 402,
        requestId: 'req_declined',
        // Our message's key in the stripe-client catalog, for flows that word errors themselves.
        messageCode: 'errors.api',
        docUrl: 'https://stripe.com/docs/error-codes/card-declined',
        raw: {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'insufficient_funds',
          message: 'Your card has insufficient funds.',
          doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        },
      });
      assert.strictEqual(m.stripe.operationId, 'PostPaymentIntents');
      assert.deepStrictEqual(statuses[statuses.length - 1], { fill: 'red', shape: 'ring', text: 'insufficient_funds' });
    });
  });
  describe('stripe-client configuration errors', function () {
    const cases = [
      [
        'a publishable key',
        { apiKey: 'pk_test_abc123' },
        /The API key is a publishable key \(pk_\.\.\.\): use a secret key \(sk_\.\.\.\) or restricted key \(rk_\.\.\.\)/,
      ],
      ['an empty key', { apiKey: '' }, /No API key: set a secret key/],
      ['a base URI that is not a URL', { client: { baseUri: 'not a url' } }, /Base URI "not a url" is not a URL/],
      ['a base URI that is not http(s)', { client: { baseUri: 'ftp://127.0.0.1' } }, /Base URI must use https/],
      [
        'plain http to a host that is not loopback',
        { client: { baseUri: 'http://stripe.example.com' } },
        /uses plain http; only https is allowed except to localhost/,
      ],
      [
        'CR/LF in the connected account',
        { client: { stripeAccount: 'acct_1\r\nX-Evil: 1' } },
        /Connected account must be a connected account id like acct_/,
      ],
    ];
    for (const [what, opts, re] of cases) {
      it(`${what}: shown on the node's status and as a one-line error on the Catch node, nothing sent`, async () => {
        const f = await startFlow({
          baseUri: server.url,
          apiKey: opts.apiKey,
          client: opts.client,
          nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomers' }],
        });
        const node = f.node('s1');
        const statuses = [];
        const original = node.status.bind(node);
        node.status = (st) => {
          statuses.push(st);
          original(st);
        };
        node.receive({});
        await until(() => f.errors.length === 1);
        assert.match(f.errors[0].error.message, re);
        assert.doesNotMatch(f.errors[0].error.message, /[\r\n]/);
        assert.strictEqual(statuses[statuses.length - 1].fill, 'red');
        assert.strictEqual(server.requests.length, 0);
      });
    }
  });
  describe('review fixes', function () {
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

    it('a DELETE whose msg.payload is the object just read sends only the id in the path', async () => {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [
          {
            id: 'p1',
            type: 'stripe-publisher',
            method: 'DELETE',
            operationId: 'DeleteCustomersCustomer',
            path: { customer: '{{payload.id}}' },
          },
        ],
      });
      f.node('p1').receive({
        payload: { id: 'cus_7', object: 'customer', email: 'a@b.c', address: null, metadata: { a: '1' } },
      });
      await until(() => f.received.length === 1);
      assert.strictEqual(server.requests[0].url, '/v1/customers/cus_7');
    });

    it('msg.idempotencyKey: removed after success, kept when Stripe may have acted, removed after a refusal', async () => {
      let answer = 200;
      server.on((req, res) => {
        if (answer === 200) return false;
        StripeServer.error(res, answer, {
          type: answer === 400 ? 'invalid_request_error' : 'api_error',
          message: `HTTP ${answer}`,
        });
        return true;
      });
      const f = await startFlow({
        baseUri: server.url,
        nodes: [
          { id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers', wires: [['p2']] },
          { id: 'p2', type: 'stripe-publisher', method: 'POST', operationId: 'PostProducts', payload: { name: 'x' } },
        ],
      });
      f.node('p1').receive({ payload: {}, idempotencyKey: 'order-1' });
      await until(() => f.received.length === 1);
      assert.strictEqual(server.requests[0].headers['idempotency-key'], 'order-1');
      assert.match(
        server.requests[1].headers['idempotency-key'],
        /^[0-9a-f-]{36}$/,
        'the next publisher made its own key',
      );
      assert.strictEqual(f.received[0].idempotencyKey, undefined);

      answer = 503;
      f.node('p2').receive({ payload: {} });
      await until(() => f.errors.length === 1);
      const kept = f.errors[0].idempotencyKey;
      assert.strictEqual(
        kept,
        server.requests[2].headers['idempotency-key'],
        'a 503: sending the message again reuses its key',
      );

      answer = 400;
      f.node('p2').receive({ payload: {}, idempotencyKey: 'order-2' });
      await until(() => f.errors.length === 2);
      assert.strictEqual(f.errors[1].idempotencyKey, undefined, 'after a refusal a corrected message gets a new key');
    });

    it('refuses an idempotency key that is not printable ASCII (it would be altered in the header)', async () => {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
      });
      f.node('p1').receive({ payload: {}, idempotencyKey: 'order-订单' });
      await until(() => f.errors.length === 1);
      assert.match(f.errors[0].error.message, /msg\.idempotencyKey must be printable ASCII/);
      assert.strictEqual(server.requests.length, 0);
    });

    it('does not retry a TLS certificate failure, and says it is a certificate problem', async function () {
      const https = require('https');
      const { execFileSync } = require('child_process');
      const dir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'nr-stripe-tls-'));
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=localhost',
          '-keyout',
          `${dir}/key.pem`,
          '-out',
          `${dir}/cert.pem`,
        ],
        { stdio: 'ignore' },
      );
      const fs = require('fs');
      let handshakes = 0;
      const tls = https.createServer(
        { key: fs.readFileSync(`${dir}/key.pem`), cert: fs.readFileSync(`${dir}/cert.pem`) },
        (req, res) => res.end('{}'),
      );
      tls.on('connection', () => handshakes++);
      await new Promise((r) => tls.listen(0, '127.0.0.1', r));
      try {
        const f = await startFlow({
          baseUri: `https://localhost:${tls.address().port}`,
          client: { maxRetries: 2 },
          nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetBalance' }],
        });
        f.node('s1').receive({});
        await until(() => f.errors.length === 1);
        assert.match(
          f.errors[0].error.message,
          /The TLS certificate of localhost:\d+ was not accepted for GET \/v1\/balance \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
        );
        assert.strictEqual(handshakes, 1, 'one attempt, no retries');
      } finally {
        await new Promise((r) => tls.close(r));
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
