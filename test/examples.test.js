'use strict';
// The example flows as a newcomer meets them: valid in the editor (no red triangle, no Deploy
// warning), error paths that show something, each explaining what the offline stand-in supports and
// what to click; then run as a user would run them (click the inject nodes) against the offline
// stand-in, stripe-stateful-mock, including the ones that need a Stripe key (their error says why).
const assert = require('assert');
const path = require('path');
const { helper, until, coreNode: core } = require('./helpers/flow');
const { invalidNodes } = require('./helpers/editor-validate');
const { startStatefulMock } = require('../scripts/loopback');
const { listExamples, exampleFlows, CLIENT_ID } = require('../scripts/examples');

const dist = path.join(__dirname, '..', 'dist', 'nodes');
const NODES = [
  require(path.join(dist, 'stripe-client.js')),
  require(path.join(dist, 'stripe-subscriber.js')),
  require(path.join(dist, 'stripe-publisher.js')),
  require(path.join(dist, 'stripe-webhook.js')),
  require(path.join(dist, 'stripe-events.js')),
  core('common/20-inject.js'),
  core('common/25-catch.js'),
  core('common/90-comment.js'),
  core('function/15-change.js'),
  core('function/10-function.js'),
  core('sequence/17-split.js'),
  core('function/10-switch.js'),
  core('network/21-httprequest.js'),
];
const STRIPE_TYPES = ['stripe-subscriber', 'stripe-publisher', 'stripe-webhook', 'stripe-events'];

/** The debug node's sidebar output for a message, as the debug node computes it (JSONata or a property). */
async function debugOutput(debugNode, msg) {
  if (debugNode.targetType === 'jsonata') {
    const jsonata = require(require.resolve('jsonata', { paths: [path.dirname(require.resolve('node-red'))] }));
    return jsonata(debugNode.complete).evaluate(msg);
  }
  if (debugNode.complete === 'true' || debugNode.targetType === 'full') return msg;
  return debugNode.complete.split('.').reduce((v, k) => (v == null ? v : v[k]), msg);
}

describe('example flows', function () {
  it('each example has a title, a comment saying what to click and what the stand-in does, and the example client', () => {
    const examples = listExamples();
    assert.ok(examples.length >= 8);
    for (const ex of examples) {
      const comment = ex.nodes.find((n) => n.type === 'comment');
      assert.ok(comment && comment.info.length > 40, `${ex.file} explains itself`);
      assert.match(comment.info, /\*\*Click/, `${ex.file} says what to click`);
      assert.match(comment.info, /stand-in/, `${ex.file} says what the offline stand-in does with it`);
      assert.ok(
        ex.nodes.some((n) => n.id === CLIENT_ID && n.type === 'stripe-client'),
        `${ex.file} has the client`,
      );
      assert.ok(!JSON.stringify(ex.nodes).match(/sk_(test|live)_[A-Za-z0-9]{8,}/), `${ex.file} holds no key`);
      if (!ex.offline) {
        assert.match(ex.file, /needs-test-key/);
        assert.match(comment.name + comment.info, /test-mode key/);
      }
    }
    const ops = examples.flatMap((e) => e.nodes.map((n) => n.operationId)).filter(Boolean);
    for (const op of [
      'GetCustomers',
      'PostCustomers',
      'PostCustomersCustomer',
      'PostProducts',
      'PostPrices',
      'PostCharges',
      'GetTaxIdsId',
      'DeleteCustomersCustomer',
      'PostFiles',
    ]) {
      assert.ok(ops.includes(op), `an example uses ${op}`);
    }
    assert.deepStrictEqual(
      examples.filter((e) => e.offline).map((e) => e.number),
      ['01', '02', '03', '04', '05', '09', '10', '11', '12', '13'],
    );
    // One of them builds the body in a function node, as most users will.
    const fn = examples.find((e) =>
      e.nodes.some(
        (n) =>
          n.type === 'function' &&
          n.wires[0].some((w) => e.nodes.find((p) => p.id === w && p.operationId === 'PostCustomers')),
      ),
    );
    assert.ok(fn && fn.offline, 'an offline example builds a PostCustomers body in a function node');
  });

  it("each example's client asks for the catalogue's API version, the version its operations are described in", () => {
    const { catalogueHeader } = require('../dist/stripe');
    const version = catalogueHeader().apiVersion;
    assert.match(version, /^\d{4}-\d{2}-\d{2}\.[a-z]+$/);
    for (const e of listExamples()) {
      const client = e.nodes.find((n) => n.id === CLIENT_ID);
      assert.strictEqual(client && client.apiVersion, version, e.file);
    }
  });

  it("each tab's info is its comment (what it does, what the stand-in supports, what to click)", () => {
    const flows = exampleFlows({ baseUri: 'http://127.0.0.1:12111' });
    const tabs = flows.filter((n) => n.type === 'tab');
    assert.strictEqual(tabs.length, listExamples().filter((e) => !e.fleet).length);
    for (const tab of tabs) {
      const comment = flows.find((n) => n.z === tab.id && n.type === 'comment');
      assert.ok(tab.info.includes(comment.info), tab.label);
    }
  });

  it('no node of any example is invalid in the editor (no red triangle, no Deploy warning)', () => {
    const flows = exampleFlows({ baseUri: 'http://127.0.0.1:12111' });
    assert.deepStrictEqual(invalidNodes(flows), []);
    // The check sees what the editor sees: example 02's update node as it was, without its path row.
    const broken = flows.map((n) => (n.id === 'ex2-p2' ? { ...n, path: {} } : n));
    assert.deepStrictEqual(
      invalidNodes(broken).map((r) => r.id),
      ['ex2-p2'],
    );
    // And the default client (https://api.stripe.com) is valid too.
    assert.deepStrictEqual(invalidNodes(exampleFlows({})), []);
    // The fleet's example (npm run fleet's, not npm start's) too.
    assert.deepStrictEqual(invalidNodes(exampleFlows({ baseUri: 'http://127.0.0.1:12111', fleet: 'only' })), []);
  });

  it("every Stripe node is in its Catch node's scope, and the Catch node's debug shows the error text and msg.stripe.error", () => {
    for (const ex of listExamples()) {
      const stripeNodes = ex.nodes.filter((n) => STRIPE_TYPES.includes(n.type)).map((n) => n.id);
      const catches = ex.nodes.filter((n) => n.type === 'catch');
      assert.strictEqual(catches.length, 1, ex.file);
      assert.deepStrictEqual(
        [...catches[0].scope].sort(),
        [...stripeNodes].sort(),
        `${ex.file}: the catch covers every Stripe node`,
      );
      const debug = ex.nodes.find((n) => n.id === catches[0].wires[0][0]);
      assert.strictEqual(debug.type, 'debug', ex.file);
      assert.strictEqual(debug.targetType, 'jsonata', ex.file);
      assert.match(debug.complete, /error\.message/, ex.file);
      assert.match(debug.complete, /stripe\.error/, ex.file);
      assert.notStrictEqual(
        debug.statusVal,
        'statusCode',
        `${ex.file}: the error debug's status does not read a property an error may not carry`,
      );
      assert.strictEqual(debug.statusVal, 'error.message', ex.file);
    }
  });

  describe('clicked against the stand-in', function () {
    let mock;
    let flows;
    const seen = {};
    const click = (id) => helper.getNode(id).receive({});
    const errorsOf = (id) => seen[id].map((m) => m.error.message);

    before(async () => {
      mock = await startStatefulMock();
      // Debug nodes become test helper nodes so the test can read what the user would see in the sidebar.
      flows = exampleFlows({ baseUri: mock.url }).map((n) =>
        n.type === 'debug' ? { id: n.id, z: n.z, type: 'helper', name: n.name } : n,
      );
      // node-red-node-test-helper 0.3 registers its preloaded catch module once per catch node in the
      // flow (and fails on the second); these examples have several, so the catch module comes from NODES.
      const preloaded = helper._nodeModules;
      helper._nodeModules = {};
      try {
        await helper.load(NODES, flows, { [CLIENT_ID]: { apiKey: 'sk_test_examples' } });
      } finally {
        helper._nodeModules = preloaded;
      }
      for (const n of flows.filter((x) => x.type === 'helper')) {
        seen[n.id] = [];
        helper.getNode(n.id).on('input', (m) => seen[n.id].push(m));
      }
    });
    after(async () => {
      await helper.unload();
      await mock.stop();
    });

    it('02: creates a customer, then updates it by the id in its path row', async () => {
      click('ex2-i');
      await until(() => seen['ex2-d2'].length === 1 || seen['ex2-e'].length > 0, 5000, 'example 02');
      assert.deepStrictEqual(errorsOf('ex2-e'), []);
      const created = seen['ex2-d1'][0].payload;
      const updated = seen['ex2-d2'][0].payload;
      assert.match(created.id, /^cus_/);
      assert.strictEqual(created.email, 'ada@example.com');
      // What the comment says: the stand-in drops `name` when creating (Stripe keeps it), an update sets it.
      assert.strictEqual(created.name, null);
      assert.strictEqual(updated.id, created.id);
      assert.strictEqual(updated.name, 'Ada King, Countess of Lovelace');
      assert.strictEqual(updated.description, 'Updated by Node-RED');
      // Also as the comment says: the stand-in's update replaces the metadata (Stripe merges it and keeps `till`).
      assert.deepStrictEqual(updated.metadata, { source: 'node-red example 02' });
      assert.strictEqual(seen['ex2-d2'][0].statusCode, 200);
    });

    it('01: on a fresh stand-in, "1. create 3 customers" then "2. list every customer" lists them', async () => {
      click('ex1-i0');
      await until(() => seen['ex1-d0'].length === 3 || seen['ex1-e'].length > 0, 5000, 'example 01 create');
      assert.deepStrictEqual(errorsOf('ex1-e'), []);
      const created = seen['ex1-d0'].map((m) => m.payload);
      assert.deepStrictEqual(created.map((c) => c.email).sort(), [
        'grace@example.com',
        'katherine@example.com',
        'margaret@example.com',
      ]);
      click('ex1-i');
      await until(() => seen['ex1-d'].length === 1 || seen['ex1-e'].length > 0, 5000, 'example 01 list');
      assert.deepStrictEqual(errorsOf('ex1-e'), []);
      // The stand-in keeps its customers for the whole process, so other tests' customers may be listed too.
      const listed = seen['ex1-d'][0].payload.map((c) => c.id);
      for (const c of created) assert.ok(listed.includes(c.id), `${c.email} is listed`);
      assert.ok(listed.every((id) => /^cus_/.test(id)));
    });

    it('03: creates a product and a price for it', async () => {
      click('ex3-i');
      await until(() => seen['ex3-d'].length === 1 || seen['ex3-e'].length > 0, 5000, 'example 03');
      assert.deepStrictEqual(errorsOf('ex3-e'), []);
      const price = seen['ex3-d'][0].payload;
      assert.match(price.product, /^prod_/);
      assert.strictEqual(price.unit_amount, 1890);
      assert.strictEqual(price.nickname, 'Coffee beans 1 kg');
    });

    it('04: a declined card reaches the Catch node; its debug shows the error text and msg.stripe.error with the status', async () => {
      click('ex4-i');
      await until(() => seen['ex4-e'].length === 1, 5000, 'example 04');
      assert.strictEqual(seen['ex4-d'].length, 0);
      const err = seen['ex4-e'][0];
      assert.strictEqual(err.stripe.error.declineCode, 'insufficient_funds');
      assert.strictEqual(err.stripe.error.type, 'card_error');
      assert.strictEqual(err.stripe.error.statusCode, 402);
      assert.strictEqual(err.statusCode, 402);
      assert.match(err.stripe.error.raw.charge, /^ch_/);
      assert.match(err.error.message, /insufficient funds/i);
      // What the debug node shows: the sidebar (its JSONata) and its status (msg.error.message).
      const debugNode = listExamples()
        .flatMap((e) => e.nodes)
        .find((n) => n.id === 'ex4-e');
      const shown = await debugOutput(debugNode, err);
      assert.strictEqual(shown['msg.error.message'], err.error.message);
      assert.strictEqual(shown['msg.stripe.error'].statusCode, 402);
      assert.strictEqual(shown['msg.stripe.error'].code, 'card_declined');
      assert.match(String(await debugOutput({ complete: debugNode.statusVal }, err)), /insufficient funds/i);
    });

    // Needs the runtime to take a function node's object (another JavaScript realm) as the body.
    it('05: a body built in a function node creates the customer', async () => {
      click('ex5-i');
      await until(() => seen['ex5-d'].length === 1 || seen['ex5-e'].length > 0, 5000, 'example 05');
      assert.deepStrictEqual(errorsOf('ex5-e'), []);
      const customer = seen['ex5-d'][0].payload;
      assert.match(customer.id, /^cus_/);
      assert.strictEqual(customer.email, 'order-42@example.com');
      assert.strictEqual(customer.description, 'Created from a function node');
      assert.deepStrictEqual(customer.metadata, { order: '42' });
      assert.strictEqual(customer.name, null, 'the stand-in drops name on create, as the comment says');
    });

    it('06-08 (need a key): the error says the offline stand-in does not support the operation and how to reach test mode', async () => {
      const cases = [
        ['ex6-i', 'ex6-e', 'GET /v1/tax_ids/{id} (GetTaxIdsId)'],
        ['ex7-i', 'ex7-e', 'DELETE /v1/customers/{customer} (DeleteCustomersCustomer)'],
        ['ex8-i', 'ex8-e', 'POST /v1/files (PostFiles)'],
      ];
      for (const [inject, error, what] of cases) {
        click(inject);
        await until(() => seen[error].length === 1, 5000, inject);
        const m = seen[error][0];
        assert.ok(
          m.error.message.includes(`offline stand-in (stripe-stateful-mock), which does not support ${what}`),
          m.error.message,
        );
        assert.match(m.error.message, /run with STRIPE_API_KEY=sk_test_\.\.\. npm start to use Stripe's test mode/);
        assert.strictEqual(m.stripe.error.statusCode, 404);
        assert.strictEqual(m.stripe.error.type, 'invalid_request_error');
        assert.strictEqual(m.statusCode, 404);
      }
    });
  });
});
