'use strict';
// Reads the example flows (examples/*.json) and lays them out for deployment: one tab per example,
// the shared example stripe-client pointed at the chosen base URI. Used by `npm start` and the tests.
const fs = require('fs');
const path = require('path');

const EXAMPLES_DIR = path.join(__dirname, '..', 'examples');
const CLIENT_ID = 'stripe-example-client';
/** The examples that need Stripe's test mode say so in their file name; the others run against the offline stand-in. */
const NEEDS_KEY = /needs-test-key/;
/** The examples that run on a fleet (several Node-RED instances and a Redis) are `npm run fleet`'s, not `npm start`'s. */
const FLEET = /-fleet(-|\.json$)/;

function listExamples() {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      number: file.replace(/-.*$/, ''),
      title: file
        .replace(/\.json$/, '')
        .replace(/^(\d+)-/, '$1 ')
        .replace(/-/g, ' '),
      offline: !NEEDS_KEY.test(file),
      fleet: FLEET.test(file),
      nodes: JSON.parse(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')),
    }));
}

/**
 * The flows to deploy: a tab per example (only the offline ones when `offlineOnly`; the fleet's
 * examples only with `fleet: true`, and only they with `fleet: 'only'`), every node on
 * its tab, one example client with `baseUri`. A tab's info (the Information sidebar) is its comment's:
 * what the example does, what the offline stand-in supports, what to click in which order.
 */
function exampleFlows({ baseUri, offlineOnly = false, fleet = false } = {}) {
  const flows = [];
  let client;
  for (const ex of listExamples()) {
    if (offlineOnly && !ex.offline) continue;
    if (ex.fleet ? !fleet : fleet === 'only') continue;
    const tab = `tab-${ex.file.replace(/\.json$/, '')}`;
    const comment = ex.nodes.find((n) => n.type === 'comment');
    flows.push({
      id: tab,
      type: 'tab',
      label: ex.title,
      disabled: false,
      info: comment ? `**${comment.name}**\n\n${comment.info}` : '',
    });
    for (const n of ex.nodes) {
      if (n.id === CLIENT_ID) client = client || { ...n };
      else flows.push({ ...n, z: tab });
    }
  }
  if (client) flows.push({ ...client, ...(baseUri ? { baseUri } : {}) });
  return flows;
}

module.exports = { listExamples, exampleFlows, CLIENT_ID, EXAMPLES_DIR };
