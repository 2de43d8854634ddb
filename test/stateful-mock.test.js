'use strict';
// End to end against stripe-stateful-mock: the publisher creates, the subscriber lists across pages,
// the publisher deletes.
const assert = require('assert');
const { startStatefulMock } = require('../scripts/loopback');
const { startFlow, stopFlow, until } = require('./helpers/flow');

describe('against stripe-stateful-mock', function () {
  let mock;
  let f;
  before(async () => {
    mock = await startStatefulMock();
    f = await startFlow({
      baseUri: mock.url,
      apiKey: `sk_test_${Date.now()}`,
      nodes: [
        {
          id: 'create',
          type: 'stripe-publisher',
          method: 'POST',
          operationId: 'PostCustomers',
          payload: { email: '{{payload.email}}', 'metadata[run]': 'itest' },
        },
        {
          id: 'list',
          type: 'stripe-subscriber',
          operationId: 'GetCustomers',
          pagination: true,
          output: 'all',
          query: { limit: '2' },
        },
        {
          id: 'card',
          type: 'stripe-publisher',
          method: 'POST',
          operationId: 'PostCustomersCustomerSources',
          path: { customer: '{{payload.customer}}' },
        },
        {
          id: 'remove',
          type: 'stripe-publisher',
          method: 'DELETE',
          operationId: 'DeleteCustomersCustomerSourcesId',
          path: { customer: '{{payload.customer}}', id: '{{payload.card}}' },
        },
        {
          id: 'get',
          type: 'stripe-subscriber',
          operationId: 'GetCustomersCustomer',
          path: { customer: '{{payload}}' },
        },
      ],
    });
  });
  after(async () => {
    await stopFlow();
    await mock.stop();
  });

  const call = async (id, msg) => {
    const n = f.received.length;
    f.node(id).receive(msg);
    await until(() => f.received.length > n || f.errors.length > 0, 5000, id);
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [],
    );
    return f.received[f.received.length - 1];
  };

  it('creates customers, lists them all across pages, and deletes a card', async () => {
    const created = [];
    for (let i = 0; i < 5; i++)
      created.push((await call('create', { payload: { email: `c${i}@example.com`, name: `C ${i}` } })).payload);
    assert.ok(created.every((c) => /^cus_/.test(c.id) && c.metadata.run === 'itest'));
    assert.deepStrictEqual(
      created.map((c) => c.email),
      ['c0@example.com', 'c1@example.com', 'c2@example.com', 'c3@example.com', 'c4@example.com'],
    );

    const listed = await call('list', {});
    // The stand-in keeps customers for the whole process: other tests' customers may be listed too.
    const listedIds = listed.payload.map((c) => c.id);
    assert.strictEqual(new Set(listedIds).size, listedIds.length, 'no customer listed twice');
    assert.deepStrictEqual(
      listedIds.filter((id) => created.some((c) => c.id === id)).sort(),
      created.map((c) => c.id).sort(),
    );
    assert.ok(listed.stripe.page >= Math.ceil(listedIds.length / 2), 'pages of two');
    assert.ok(listed.stripe.page >= 3);

    const customer = created[2].id;
    const card = (await call('card', { payload: { customer, source: 'tok_visa' } })).payload;
    assert.match(card.id, /^card_/);
    const withCard = await call('get', { payload: customer });
    assert.ok(JSON.stringify(withCard.payload).includes(card.id), 'the customer has the card before the delete');
    const deleted = await call('remove', { payload: { customer, card: card.id } });
    assert.strictEqual(deleted.payload.deleted, true);
    const after = await call('get', { payload: customer });
    assert.ok(!JSON.stringify(after.payload).includes(card.id), 'the card is gone from the customer');
    assert.strictEqual(after.payload.id, customer);
  });
});

// What the offline demo's stand-in does and does not do, as the examples' comments and npm start
// tell a newcomer; and its errors for what it lacks saying so (scripts/loopback.js).
describe('the offline stand-in: its gaps, and errors that name them', function () {
  let mock;
  let raw;
  before(async () => {
    mock = await startStatefulMock();
    raw = await startStatefulMock(0, { explainGaps: false });
  });
  after(async () => {
    await mock.stop();
    await raw.stop();
  });

  const call = async (base, method, urlPath, form, headers = {}) => {
    const res = await fetch(base.url + urlPath, {
      method,
      headers: {
        authorization: 'Bearer sk_test_gaps',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        ...headers,
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    return { status: res.status, body: await res.json() };
  };
  const SAYS =
    /This is the offline stand-in \(stripe-stateful-mock\), which does not support (.+); run with STRIPE_API_KEY=sk_test_\.\.\. npm start to use Stripe's test mode\.$/;

  it('creating a customer drops name and phone (an update sets the name); an update replaces the metadata', async () => {
    const created = (
      await call(mock, 'POST', '/v1/customers', {
        email: 'gap@example.com',
        name: 'Gap',
        phone: '+4912345',
        description: 'kept',
        'metadata[a]': '1',
      })
    ).body;
    assert.strictEqual(created.name, null);
    assert.strictEqual(created.phone, null);
    assert.strictEqual(created.description, 'kept');
    assert.deepStrictEqual(created.metadata, { a: '1' });
    const updated = (await call(mock, 'POST', `/v1/customers/${created.id}`, { name: 'Gap 2', 'metadata[b]': '2' }))
      .body;
    assert.strictEqual(updated.name, 'Gap 2');
    assert.deepStrictEqual(updated.metadata, { b: '2' }, 'Stripe would merge: { a, b }');
  });

  it("lists oldest first, and does not check that a price's product exists", async () => {
    const a = (await call(mock, 'POST', '/v1/customers', { email: 'first@example.com' })).body;
    const b = (await call(mock, 'POST', '/v1/customers', { email: 'second@example.com' })).body;
    const ids = (await call(mock, 'GET', '/v1/customers')).body.data.map((c) => c.id);
    assert.ok(ids.indexOf(a.id) < ids.indexOf(b.id));
    const price = await call(mock, 'POST', '/v1/prices', {
      product: 'prod_doesNotExist',
      currency: 'eur',
      unit_amount: '1',
    });
    assert.strictEqual(price.status, 200);
  });

  it("an operation it lacks: 404 in Stripe's error shape, saying it is the stand-in and how to reach test mode", async () => {
    const del = await call(mock, 'DELETE', '/v1/customers/cus_123');
    assert.strictEqual(del.status, 404);
    assert.deepStrictEqual(Object.keys(del.body), ['error']);
    assert.strictEqual(del.body.error.type, 'invalid_request_error');
    assert.strictEqual(
      SAYS.exec(del.body.error.message)[1],
      'DELETE /v1/customers/{customer} (DeleteCustomersCustomer)',
    );
    assert.match(del.body.error.message, /^No matching path: \/v1\/customers\/cus_123\. /);
    assert.strictEqual(
      SAYS.exec((await call(mock, 'GET', '/v1/tax_ids/txi_1')).body.error.message)[1],
      'GET /v1/tax_ids/{id} (GetTaxIdsId)',
    );
    assert.strictEqual(
      SAYS.exec(
        (await call(mock, 'POST', '/v1/payment_intents', { amount: '1', currency: 'eur' })).body.error.message,
      )[1],
      'POST /v1/payment_intents (PostPaymentIntents)',
    );
    assert.strictEqual(
      SAYS.exec((await call(mock, 'GET', '/v1/no_such_things')).body.error.message)[1],
      'GET /v1/no_such_things',
    );
    // Without the explanation: the stand-in's own words.
    assert.deepStrictEqual((await call(raw, 'DELETE', '/v1/customers/cus_123')).body, {
      error: { type: 'invalid_request_error', message: 'No matching path: /v1/customers/cus_123' },
    });
  });

  it('a search: said to be missing, not "No such customer: search"', async () => {
    assert.match(
      (await call(raw, 'GET', '/v1/customers/search?query=email:%27x%27')).body.error.message,
      /No such customer: search/,
    );
    const search = await call(mock, 'GET', '/v1/customers/search?query=email:%27x%27');
    assert.strictEqual(search.status, 404);
    assert.strictEqual(SAYS.exec(search.body.error.message)[1], 'GET /v1/customers/search (GetCustomersSearch)');
    assert.strictEqual(search.body.error.code, undefined);
  });

  it("a crash inside it (a token it does not know): Stripe's error shape, no stack, saying it is the stand-in", async () => {
    const before = await call(raw, 'POST', '/v1/charges', {
      amount: '100',
      currency: 'eur',
      source: 'tok_unknownToIt',
    });
    assert.strictEqual(before.status, 500);
    assert.ok(before.body.stack && !before.body.error, 'its own answer: { message, stack }');
    const crash = await call(mock, 'POST', '/v1/charges', {
      amount: '100',
      currency: 'eur',
      source: 'tok_unknownToIt',
    });
    assert.strictEqual(crash.status, 500);
    assert.deepStrictEqual(Object.keys(crash.body), ['error']);
    assert.strictEqual(crash.body.error.type, 'api_error');
    assert.match(
      crash.body.error.message,
      /^The offline stand-in \(stripe-stateful-mock\) failed on POST \/v1\/charges: Unhandled source token 'tok_unknownToIt'\. It does not support everything Stripe does; run with STRIPE_API_KEY=sk_test_\.\.\. npm start/,
    );
  });

  it("a missing object: Stripe's fields kept, with a reminder that it keeps objects in memory only", async () => {
    const missing = await call(mock, 'GET', '/v1/customers/cus_gone');
    assert.strictEqual(missing.status, 404);
    assert.strictEqual(missing.body.error.code, 'resource_missing');
    assert.strictEqual(missing.body.error.param, 'id');
    assert.match(
      missing.body.error.message,
      /^No such customer: cus_gone\. The offline stand-in \(stripe-stateful-mock\) knows only what was made since npm start started it/,
    );
  });

  it('leaves answers Stripe would give alike untouched: successes, declines, missing parameters, a replayed idempotent error', async () => {
    const decline = await call(mock, 'POST', '/v1/charges', {
      amount: '100',
      currency: 'eur',
      source: 'tok_chargeDeclinedInsufficientFunds',
    });
    assert.strictEqual(decline.status, 402);
    assert.strictEqual(decline.body.error.message, 'Your card has insufficient funds.');
    const missing = await call(mock, 'POST', '/v1/products', { description: 'no name' });
    assert.strictEqual(missing.body.error.message, 'Missing required param: name.');
    const key = { 'idempotency-key': `gap-${Date.now()}` };
    const first = await call(mock, 'POST', '/v1/customers/cus_gone2', { description: 'x' }, key);
    const again = await call(mock, 'POST', '/v1/customers/cus_gone2', { description: 'x' }, key);
    assert.strictEqual(again.status, first.status);
    assert.deepStrictEqual(again.body, first.body);
  });
});
