'use strict';
// The example flows run as a user would run them (click the inject nodes) against the offline
// stand-in, stripe-stateful-mock; the ones that need a Stripe key say so.
const assert = require('assert');
const path = require('path');
const { helper, until, coreNode: core } = require('./helpers/flow');
const { startStatefulMock } = require('../scripts/loopback');
const { listExamples, exampleFlows, CLIENT_ID } = require('../scripts/examples');

const dist = path.join(__dirname, '..', 'dist', 'nodes');
const NODES = [
  require(path.join(dist, 'stripe-client.js')),
  require(path.join(dist, 'stripe-subscriber.js')),
  require(path.join(dist, 'stripe-publisher.js')),
  core('common/20-inject.js'),
  core('common/25-catch.js'),
  core('common/90-comment.js'),
  core('function/15-change.js'),
  core('function/10-function.js'),
];

describe('example flows', function () {
  let mock;
  before(async () => {
    mock = await startStatefulMock();
  });
  after(async () => {
    await helper.unload();
    await mock.stop();
  });

  it('each example has a title, a comment explaining it, and the example client; those needing a key say so', () => {
    const examples = listExamples();
    assert.ok(examples.length >= 7);
    for (const ex of examples) {
      const comment = ex.nodes.find((n) => n.type === 'comment');
      assert.ok(comment && comment.info.length > 40, `${ex.file} explains itself`);
      assert.ok(ex.nodes.some((n) => n.id === CLIENT_ID && n.type === 'stripe-client'), `${ex.file} has the client`);
      assert.ok(!JSON.stringify(ex.nodes).match(/sk_(test|live)_[A-Za-z0-9]{8,}/), `${ex.file} holds no key`);
      if (!ex.offline) {
        assert.match(ex.file, /needs-test-key/);
        assert.match(comment.name + comment.info, /test-mode key/);
      }
    }
    const ops = examples.flatMap((e) => e.nodes.map((n) => n.operationId)).filter(Boolean);
    for (const op of ['GetCustomers', 'PostCustomers', 'PostCustomersCustomer', 'PostProducts', 'PostPrices', 'GetTaxIdsId', 'DeleteCustomersCustomer', 'PostFiles']) {
      assert.ok(ops.includes(op), `an example uses ${op}`);
    }
  });

  it('the offline examples run against the stand-in: create, update, list, product and price, a declined card on the Catch node', async () => {
    // Debug nodes become test helper nodes so the test can read what the user would see in the sidebar.
    const flows = exampleFlows({ baseUri: mock.url, offlineOnly: true }).map((n) => (n.type === 'debug' ? { id: n.id, z: n.z, type: 'helper', name: n.name } : n));
    // node-red-node-test-helper 0.3 registers its preloaded catch module once per catch node in the
    // flow (and fails on the second); these examples have several, so the catch module comes from NODES.
    const preloaded = helper._nodeModules;
    helper._nodeModules = {};
    try {
      await helper.load(NODES, flows, { [CLIENT_ID]: { apiKey: 'sk_test_examples' } });
    } finally {
      helper._nodeModules = preloaded;
    }
    const seen = {};
    for (const n of flows.filter((x) => x.type === 'helper')) {
      seen[n.id] = [];
      helper.getNode(n.id).on('input', (m) => seen[n.id].push(m));
    }
    const click = (id) => helper.getNode(id).receive({});

    click('ex2-i');
    await until(() => seen['ex2-d2'].length === 1 || seen['ex2-e'].length > 0, 5000, 'example 02');
    assert.deepStrictEqual(seen['ex2-e'].map((m) => m.error.message), []);
    const created = seen['ex2-d1'][0].payload;
    const updated = seen['ex2-d2'][0].payload;
    assert.strictEqual(updated.id, created.id);
    assert.strictEqual(updated.description, 'Updated by Node-RED');
    assert.strictEqual(updated.metadata.source, 'node-red ');

    click('ex1-i');
    await until(() => seen['ex1-d'].length === 1 || seen['ex1-e'].length > 0, 5000, 'example 01');
    // The stand-in keeps its customers for the whole process, so other tests' customers may be listed too.
    const listed = seen['ex1-d'][0].payload.map((c) => c.id);
    assert.ok(listed.includes(created.id), 'the new customer is listed');
    assert.ok(listed.every((id) => /^cus_/.test(id)));

    click('ex3-i');
    await until(() => seen['ex3-d'].length === 1 || seen['ex3-e'].length > 0, 5000, 'example 03');
    assert.deepStrictEqual(seen['ex3-e'].map((m) => m.error.message), []);
    const price = seen['ex3-d'][0].payload;
    assert.match(price.product, /^prod_/);
    assert.strictEqual(price.unit_amount, 1890);
    assert.strictEqual(price.nickname, 'Coffee beans 1 kg');

    click('ex4-i');
    await until(() => seen['ex4-e'].length === 1, 5000, 'example 04');
    assert.strictEqual(seen['ex4-d'].length, 0);
    const err = seen['ex4-e'][0];
    assert.strictEqual(err.stripe.error.declineCode, 'insufficient_funds');
    assert.strictEqual(err.stripe.error.type, 'card_error');
    assert.match(err.error.message, /insufficient funds/i);
  });
});
