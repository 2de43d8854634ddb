'use strict';
// Runs the nodes in a real Node-RED runtime (node-red-node-test-helper) and collects what they send,
// what reaches a Catch node, and every log line.
const path = require('path');
const helper = require('node-red-node-test-helper');

// NODE_RED_UNDER_TEST names another Node-RED to run the nodes in (test:node-red-5 uses Node-RED 5).
const nodeRedMain = require.resolve(process.env.NODE_RED_UNDER_TEST || 'node-red');
helper.init(nodeRedMain);
const coreNodesDir = path.join(
  path.dirname(require.resolve('@node-red/nodes/package.json', { paths: [path.dirname(nodeRedMain)] })),
  'core',
);
/** A core node module (inject, catch, change, ...) of the Node-RED under test. */
const coreNode = (file) => require(path.join(coreNodesDir, file));

const dist = path.join(__dirname, '..', '..', 'dist', 'nodes');
const clientNode = require(path.join(dist, 'stripe-client.js'));
const subscriberNode = require(path.join(dist, 'stripe-subscriber.js'));
const publisherNode = require(path.join(dist, 'stripe-publisher.js'));
const catchNode = coreNode('common/25-catch.js');
const joinNode = coreNode('sequence/17-split.js');

const KEY = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc';

/** The retry backoff the stripe-client c1 gets (its initialDelayMs/maxDelayMs), set by fastRetries(). */
let retryDelays = {};

/**
 * Starts a flow: a stripe-client `c1` pointed at `baseUri`, the given nodes (wired to `out` unless
 * they say otherwise), a helper node `out`, a catch node wired to helper `caught`.
 */
async function startFlow({ baseUri, client = {}, nodes, apiKey = KEY, extra = [] }) {
  const flow = [
    {
      id: 'c1',
      type: 'stripe-client',
      name: 'test',
      baseUri,
      apiVersion: '2024-04-10',
      maxRetries: 0,
      rateLimit: 1000,
      timeout: 5,
      ...retryDelays,
      ...client,
    },
    ...nodes.map((n) => ({ wires: [['out']], client: 'c1', z: 'f1', ...n })),
    { id: 'out', type: 'helper', z: 'f1' },
    { id: 'catcher', type: 'catch', z: 'f1', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper', z: 'f1' },
    ...extra,
    { id: 'f1', type: 'tab' },
  ];
  await helper.load([clientNode, subscriberNode, publisherNode, catchNode, joinNode], flow, { c1: { apiKey } });
  const out = helper.getNode('out');
  const caught = helper.getNode('caught');
  const received = [];
  const errors = [];
  out.on('input', (msg) => received.push(msg));
  caught.on('input', (msg) => errors.push(msg));
  return { helper, received, errors, node: (id) => helper.getNode(id) };
}

/** Resolves when `predicate()` is true, polling; rejects after `ms`. */
async function until(predicate, ms = 5000, what = 'condition') {
  const end = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Shortens the client's retry backoff for the suite around it (the defaults, 0.5 s doubling to 5 s,
 * are for real use): every flow started in it gets a stripe-client with these initialDelayMs and
 * maxDelayMs (StripeClient options the stripe-client node passes on). Call inside a describe().
 */
function fastRetries(delays) {
  before(() => {
    retryDelays = { ...delays };
  });
  after(() => {
    retryDelays = {};
  });
}

/**
 * Starts a flow in which real Node-RED core nodes feed ours, wired as a user wires them. `core` lists
 * the core node modules to load, as paths under the @node-red/nodes/core of the Node-RED under test
 * ('function/10-function.js', 'common/20-inject.js', ...). `nodes` go on tab f1 as given (each names its
 * own wires; stripe nodes get client c1 unless they say). Added as in startFlow: the stripe-client c1,
 * a helper `out`, a catch node (all of tab f1) wired to a helper `caught` and to the nodes in
 * `catchWires`. `extra` is placed as given (subflow definitions and the nodes inside them, other tabs).
 * (The test helper loads the catch module once per catch node in a flow, so a flow holds only this one.)
 */
async function startCoreFlow({ baseUri, client = {}, nodes, core = [], apiKey = KEY, extra = [], catchWires = [] }) {
  const flow = [
    {
      id: 'c1',
      type: 'stripe-client',
      name: 'test',
      baseUri,
      apiVersion: '2024-04-10',
      maxRetries: 0,
      rateLimit: 1000,
      timeout: 5,
      ...retryDelays,
      ...client,
    },
    // x and y as the editor saves them: without them Node-RED takes a node for a config node (a
    // subflow instance is then not instantiated, and a name equal to a node id reads as a reference).
    ...nodes.map((n, i) => ({
      z: 'f1',
      x: 100 + 200 * i,
      y: 100,
      ...(/^stripe-/.test(n.type) ? { client: 'c1' } : {}),
      ...n,
    })),
    { id: 'out', type: 'helper', z: 'f1', x: 900, y: 300 },
    {
      id: 'catcher',
      type: 'catch',
      z: 'f1',
      scope: null,
      uncaught: false,
      x: 100,
      y: 300,
      wires: [['caught', ...catchWires]],
    },
    { id: 'caught', type: 'helper', z: 'f1', x: 300, y: 300 },
    ...extra.map((n) => (n.z && !('x' in n) ? { x: 200, y: 200, ...n } : n)),
    { id: 'f1', type: 'tab' },
  ];
  const modules = [...new Set([clientNode, subscriberNode, publisherNode, catchNode, ...core.map(coreNode)])];
  await helper.load(modules, flow, { c1: { apiKey } });
  const received = [];
  const errors = [];
  helper.getNode('out').on('input', (msg) => received.push(msg));
  helper.getNode('caught').on('input', (msg) => errors.push(msg));
  return {
    helper,
    received,
    errors,
    node: (id) => helper.getNode(id),
    /** Clicks an inject node's button as the editor does (POST /inject/:id on the admin API). */
    click: (id) => helper.request().post(`/inject/${id}`).expect(200),
  };
}

async function stopFlow() {
  await helper.unload();
}

/** A function node running `code` (its body: gets msg, returns msg), as the editor saves it. */
const func = (id, code, wires) => ({
  id,
  type: 'function',
  name: '',
  func: code,
  outputs: 1,
  timeout: 0,
  noerr: 0,
  initialize: '',
  finalize: '',
  libs: [],
  wires: [wires],
});

/** Waits for n messages at the helper after the flow; fails at once with the Catch node's text if an error came instead. */
async function outputs(f, n = 1) {
  await until(() => f.received.length >= n || f.errors.length > 0, 5000, `${n} message(s) after the flow`);
  if (f.errors.length)
    throw new Error(`the Catch node got an error instead: ${f.errors[0].error && f.errors[0].error.message}`);
}

/** Waits for n messages at the Catch node; fails at once if the flow sent a message on instead. */
async function caught(f, n = 1) {
  await until(() => f.errors.length >= n || f.received.length > 0, 5000, `${n} error(s) on the Catch node`);
  if (f.errors.length < n)
    throw new Error(
      `expected an error on the Catch node, but the flow sent a message on: ${JSON.stringify(f.received[0].payload)}`,
    );
}

module.exports = {
  helper,
  startFlow,
  startCoreFlow,
  stopFlow,
  until,
  coreNode,
  fastRetries,
  KEY,
  func,
  outputs,
  caught,
};
