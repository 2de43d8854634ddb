'use strict';
// The flow the sidebar's tests share: test/hold's store-and-forward flow with one publisher (pubA,
// offline: hold) behind an uplink that can be cut, plus an inject `one` that sends customers (one, or
// the numbers [from, to) of the payload a test injects) through the function `make-one`, a
// subscriber `sub` that asks for a customer that does not exist (a 404), and a webhook node `hook`.
const { holdFlows } = require('../hold/harness');
const { holdAvailable } = require('../../dist/stripe');

const SECRET = 'whsec_sidebarTest';

/** Without node:sqlite (Node.js 20) the publisher fails instead of holding: all but the held section work. */
function flows(baseUri, { hold = holdAvailable() } = {}) {
  const f = holdFlows(baseUri, { only: ['A'], ...(hold ? {} : { publisher: { offline: 'fail' } }) });
  const z = f[0].id;
  f.push(
    {
      id: 'one',
      type: 'inject',
      z,
      x: 120,
      y: 200,
      name: 'one customer',
      props: [{ p: 'payload' }],
      payload: '{"from":1000,"to":1001}',
      payloadType: 'json',
      repeat: '',
      once: false,
      wires: [['make-one']],
    },
    {
      // The customers [from, to) to the publisher, one message each (test/hold's own maker may change).
      id: 'make-one',
      type: 'function',
      z,
      x: 300,
      y: 200,
      func: `for (let seq = msg.payload.from; seq < msg.payload.to; seq++) {
  node.send({ payload: { name: 'customer ' + seq, metadata: { seq: String(seq), pub: 'A' } }, topic: 'order-' + seq });
}
return null;`,
      outputs: 1,
      wires: [['pubA']],
    },
    {
      id: 'get-go',
      type: 'inject',
      z,
      x: 120,
      y: 300,
      name: 'missing',
      props: [],
      repeat: '',
      once: false,
      wires: [['sub']],
    },
    {
      id: 'sub',
      type: 'stripe-subscriber',
      z,
      x: 320,
      y: 300,
      name: 'missing customer',
      client: 'client',
      operationId: 'GetCustomersCustomer',
      path: { customer: 'cus_doesNotExist' },
      query: {},
      wires: [[]],
    },
    { id: 'hook', type: 'stripe-webhook', z, x: 120, y: 400, url: '/sidebar-hook', events: [], wires: [[]] },
  );
  return f;
}

module.exports = { flows, SECRET };
