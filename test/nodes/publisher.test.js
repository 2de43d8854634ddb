'use strict';
// The stripe-publisher node in Node-RED against a Stripe-like server: form-encoded and multipart
// bodies, DELETE, the operations it refuses, Stripe's errors on the Catch node, and msg.idempotencyKey.
const assert = require('assert');
const { StripeServer } = require('../helpers/stripe-server');
const { startFlow, until } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');

describe('stripe-publisher in Node-RED against a Stripe-like server', function () {
  let server;
  withStripeServer((s) => (server = s), { once: true });

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

  it('a runtime that loads the nodes again and again keeps one flows:started listener of theirs (no MaxListeners warning)', async () => {
    const nodes = [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }];
    let f = await startFlow({ baseUri: server.url, nodes });
    const events = f.helper._events;
    const first = events.listenerCount('flows:started');
    for (let i = 0; i < 12; i++) {
      await f.helper.unload();
      f = await startFlow({ baseUri: server.url, nodes });
    }
    assert.strictEqual(events.listenerCount('flows:started'), first);
  });
});
