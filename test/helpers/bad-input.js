'use strict';
// What the bad-input tests (test/reliability/bad-input.test.js, bad-answers.test.js) share: one
// Stripe-like server for the block, a watch for unhandled rejections and uncaught exceptions around
// each test, and expectError, which runs one bad case in a real Node-RED and checks what every bad
// case must show.
const assert = require('assert');
const { startFlow, until } = require('./flow');
const { withStripeServer } = require('./server-hooks');

const PUB = { id: 'n1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' };
const SUB = { id: 'n1', type: 'stripe-subscriber', operationId: 'GetCustomers' };

/**
 * Call inside a describe(): `badInputChecks((c) => ({ server, troubles, expectError } = c));`. Before
 * each test `use` gets the server, the test's list of unhandled rejections and uncaught exceptions
 * (`troubles`, empty at the start) and expectError.
 */
function badInputChecks(use) {
  let server;
  let troubles;
  const onTrouble = (e) => troubles.push(e);
  beforeEach(() => {
    troubles = [];
    process.on('unhandledRejection', onTrouble);
    process.on('uncaughtException', onTrouble);
    use({ server, troubles, expectError });
  });
  afterEach(() => {
    process.off('unhandledRejection', onTrouble);
    process.off('uncaughtException', onTrouble);
  });
  // Registered after the watch: after each test the watch ends before the flow is unloaded.
  withStripeServer((s) => (server = s), { once: true });

  /** Starts a flow, sends one message, waits for the error; returns { f, err, status } after checking the common things. */
  async function expectError({ node, msg, client = {}, apiKey, expected, requests = 0 }) {
    const f = await startFlow({ baseUri: server.url, client, apiKey, nodes: [node] });
    const n = f.node('n1');
    const statuses = [];
    n.on('call:status', (c) => statuses.push(c.args[0]));
    // A copy: the node replaces a property nested too deep on the message it was given, and the
    // same case runs again below.
    n.receive({ ...msg });
    await until(() => f.errors.length === 1, 10000, 'the error on the Catch node');
    await until(() => statuses.some((s) => s.fill === 'red'), 2000, 'a red status');
    const err = f.errors[0];
    const text = err.error.message;
    if (expected instanceof RegExp) assert.match(text, expected);
    else assert.strictEqual(text, expected);
    assert.doesNotMatch(text, /[\r\n]/, 'one line');
    assert.strictEqual(err.error.source.id, 'n1');
    // msg.stripe.error.message is Stripe's own message for Stripe's errors, else the whole line.
    if (!err.stripe.error.statusCode || !err.stripe.error.requestId) assert.strictEqual(err.stripe.error.message, text);
    else assert.ok(text.startsWith(err.stripe.error.message));
    const status = statuses[statuses.length - 1];
    assert.strictEqual(status.fill, 'red');
    // Short enough not to run under the neighbouring nodes; the whole text is on the Catch node.
    assert.ok(status.text.length > 0 && status.text.length <= 32, `status "${status.text}"`);
    assert.doesNotMatch(status.text, /[\r\n]/);
    assert.strictEqual(f.received.length, 0, 'nothing sent on');
    assert.strictEqual(server.requests.length, requests);
    return { f, err, status, statuses };
  }
}

module.exports = { PUB, SUB, badInputChecks };
