'use strict';
// Reads the example flows (examples/*.json) and lays them out for deployment: one tab per example,
// the shared example stripe-client pointed at the chosen base URI. Used by `npm start` and the tests.
const fs = require('fs');
const path = require('path');

const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');
const CLIENT_ID = 'stripe-example-client';
/** The examples that the offline stand-in (stripe-stateful-mock) can run. */
const OFFLINE = /^0[1-4]-/;

function listExamples() {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      title: file.replace(/\.json$/, '').replace(/^(\d+)-/, '$1 ').replace(/-/g, ' '),
      offline: OFFLINE.test(file),
      nodes: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')),
    }));
}

/**
 * The flows to deploy: a tab per example (only the offline ones when `offlineOnly`), every node on
 * its tab, one example client with `baseUri`.
 */
function exampleFlows({ baseUri, offlineOnly = false } = {}) {
  const flows = [];
  let client;
  for (const ex of listExamples()) {
    if (offlineOnly && !ex.offline) continue;
    const tab = `tab-${ex.file.replace(/\.json$/, '')}`;
    flows.push({ id: tab, type: 'tab', label: ex.title, disabled: false, info: ex.offline ? '' : 'Needs a Stripe test-mode key (start with STRIPE_API_KEY=sk_test_...).' });
    for (const n of ex.nodes) {
      if (n.id === CLIENT_ID) client = client || { ...n };
      else flows.push({ ...n, z: tab });
    }
  }
  if (client) flows.push({ ...client, ...(baseUri ? { baseUri } : {}) });
  return flows;
}

module.exports = { listExamples, exampleFlows, CLIENT_ID, EXAMPLES_DIR };
