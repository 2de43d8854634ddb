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
        { id: 'create', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers', payload: { email: '{{payload.email}}', 'metadata[run]': 'itest' } },
        { id: 'list', type: 'stripe-subscriber', operationId: 'GetCustomers', pagination: true, output: 'all', query: { limit: '2' } },
        { id: 'card', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomersCustomerSources', path: { customer: '{{payload.customer}}' } },
        { id: 'remove', type: 'stripe-publisher', method: 'DELETE', operationId: 'DeleteCustomersCustomerSourcesId', path: { customer: '{{payload.customer}}', id: '{{payload.card}}' } },
        { id: 'get', type: 'stripe-subscriber', operationId: 'GetCustomersCustomer', path: { customer: '{{payload}}' } },
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
    assert.deepStrictEqual(f.errors.map((m) => m.error.message), []);
    return f.received[f.received.length - 1];
  };

  it('creates customers, lists them all across pages, and deletes a card', async () => {
    const created = [];
    for (let i = 0; i < 5; i++) created.push((await call('create', { payload: { email: `c${i}@example.com`, name: `C ${i}` } })).payload);
    assert.ok(created.every((c) => /^cus_/.test(c.id) && c.metadata.run === 'itest'));
    assert.deepStrictEqual(created.map((c) => c.email), ['c0@example.com', 'c1@example.com', 'c2@example.com', 'c3@example.com', 'c4@example.com']);

    const listed = await call('list', {});
    // The stand-in keeps customers for the whole process: other tests' customers may be listed too.
    const listedIds = listed.payload.map((c) => c.id);
    assert.strictEqual(new Set(listedIds).size, listedIds.length, 'no customer listed twice');
    assert.deepStrictEqual(listedIds.filter((id) => created.some((c) => c.id === id)).sort(), created.map((c) => c.id).sort());
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
