'use strict';
// Editor: what a dialog's first open downloads from a real Node-RED (a child process with the package)
// and what one keystroke in the operation picker costs.
// - GET stripe/catalogue (the slim list the picker searches) and GET stripe/catalogue/operations/:id
//   (one operation's details, fetched when it is chosen), as the browser asks for them (gzip): bytes on
//   the wire and the JSON's size.
// - A keystroke: the picker's suggestions (src/editor/catalogue/suggestions.ts: the word search over every
//   operation, the raw-reference check, the list of the best 50) for each prefix of typed queries, in
//   Node, over that same slim list; the median and the slowest of BENCH_EDITOR_ROUNDS (default 20)
//   rounds per prefix. The browser adds drawing the 50 items (the browser tests time the whole update).
// - A keystroke in a template field (src/editor/fields/mapping.ts: the open `{{` at the caret, the
//   offers under what was typed, nearest first, the best 40): the offers of PostInvoicesInvoicePay wired
//   after a stripe-webhook for invoice.paid (the event, its invoice's fields, msg.topic and msg.stripe),
//   for each prefix of typed templates, timed as the picker is.
const http = require('http');
const path = require('path');
const { performance } = require('perf_hooks');
const { NodeRed } = require('./lib/nodered');
const { heading, median, envNumber, markdownTable } = require('./lib/common');

const QUERIES = ['update checkout session', 'credit grant', 'list customers', 'create a refund', 'tax id', 'meter'];
const DETAILS = ['PostCheckoutSessions', 'PostSubscriptions', 'GetCustomers'];
const TEMPLATES = ['{{payload.data.object.amount_due', '{{payload.data.object.customer', 'Paid {{stripe.eventId'];

/** The raw bytes of a GET as a browser asks for them (gzip accepted), and the decoded JSON. */
function get(port, urlPath) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, agent: false, headers: { 'accept-encoding': 'gzip, deflate' } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const wire = Buffer.concat(chunks);
          const zlib = require('zlib');
          const text = (res.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(wire) : wire).toString('utf8');
          if (res.statusCode !== 200) return reject(new Error(`GET ${urlPath}: HTTP ${res.statusCode} ${text}`));
          resolve({
            wire: wire.length,
            json: Buffer.byteLength(text),
            encoding: res.headers['content-encoding'] || '',
            body: JSON.parse(text),
          });
        });
      },
    );
    req.on('error', reject);
  });
}

function percentile(values, p) {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.min(v.length - 1, Math.floor(v.length * p))];
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function downloads() {
  const nr = await NodeRed.start({ stripeGlobal: false, flows: [] });
  try {
    const list = await get(nr.port, '/stripe/catalogue');
    const rows = [['GET stripe/catalogue (first open)', kb(list.wire), kb(list.json), list.encoding || 'none']];
    for (const id of DETAILS) {
      const d = await get(nr.port, `/stripe/catalogue/operations/${id}`);
      rows.push([`GET stripe/catalogue/operations/${id}`, kb(d.wire), kb(d.json), d.encoding || 'none']);
    }
    const ev = await get(nr.port, '/stripe/catalogue/events?types=invoice.paid');
    rows.push(['GET stripe/catalogue/events?types=invoice.paid', kb(ev.wire), kb(ev.json), ev.encoding || 'none']);
    return { list: list.body, rows };
  } finally {
    await nr.stop();
  }
}

function keystrokes(slim) {
  require(path.join(__dirname, '..', 'test', 'helpers', 'editor-modules.js'));
  const { setCatalogue } = require('../src/editor/catalogue/catalogue');
  const { operationChoices } = require('../src/editor/catalogue/suggestions');
  setCatalogue(slim);
  const ROUNDS = envNumber('BENCH_EDITOR_ROUNDS', 20);
  const methods = ['GET', 'POST', 'DELETE'];
  // Warm up the JIT as a dialog that has been typed in would be.
  for (let i = 0; i < 50; i++) for (const q of QUERIES) operationChoices(q, methods);
  const rows = [];
  const all = [];
  for (const q of QUERIES) {
    const per = [];
    const samples = [];
    for (let n = 1; n <= q.length; n++) {
      const text = q.slice(0, n);
      const times = [];
      for (let r = 0; r < ROUNDS; r++) {
        const t0 = performance.now();
        operationChoices(text, methods);
        times.push(performance.now() - t0);
      }
      per.push(median(times));
      samples.push(...times);
    }
    all.push(...samples);
    rows.push([
      `"${q}"`,
      String(q.length),
      `${median(per).toFixed(2)} ms`,
      `${Math.max(...per).toFixed(2)} ms`,
      `${percentile(samples, 0.95).toFixed(2)} ms`,
      `${Math.max(...samples).toFixed(2)} ms`,
    ]);
  }
  const worst = Math.max(...QUERIES.map((_, i) => parseFloat(rows[i][3])));
  const p95 = percentile(all, 0.95);
  const p99 = percentile(all, 0.99);
  return { rows, worst, p95, p99, max: Math.max(...all), operations: slim.operations.length };
}

/** The median and p95 of each prefix's keystroke in a template field after a webhook for invoice.paid. */
function templateKeystrokes() {
  require(path.join(__dirname, '..', 'test', 'helpers', 'editor-modules.js'));
  const m = require('../src/editor/fields/mapping');
  const { offerItem } = require('../src/editor/fields/value-list');
  const { eventObjects } = require('../dist/stripe/requests/responses');
  const nodes = new Map([
    ['wh', { id: 'wh', type: 'stripe-webhook', events: ['invoice.paid'] }],
    ['pub', { id: 'pub', type: 'stripe-publisher', operationId: 'PostInvoicesInvoicePay' }],
  ]);
  const graph = { node: (id) => nodes.get(id), sources: (id) => (id === 'pub' ? [nodes.get('wh')] : []) };
  const [source] = m.messageSources('pub', graph);
  const offers = [...m.eventOffers(eventObjects(source.types)), ...m.commonOffers(source)];
  const keystroke = (text) => {
    const open = m.openTemplate(text, text.length);
    return open ? m.matchOffers(offers, open.typed, 40).map(offerItem) : [];
  };
  const ROUNDS = envNumber('BENCH_EDITOR_ROUNDS', 20);
  for (let i = 0; i < 50; i++) for (const q of TEMPLATES) keystroke(q);
  const rows = [];
  const all = [];
  for (const q of TEMPLATES) {
    const samples = [];
    for (let n = q.indexOf('{{') + 2; n <= q.length; n++) {
      for (let r = 0; r < ROUNDS; r++) {
        const t0 = performance.now();
        keystroke(q.slice(0, n));
        samples.push(performance.now() - t0);
      }
    }
    all.push(...samples);
    rows.push([
      `"${q}"`,
      `${median(samples).toFixed(3)} ms`,
      `${percentile(samples, 0.95).toFixed(3)} ms`,
      `${Math.max(...samples).toFixed(3)} ms`,
    ]);
  }
  return { rows, offers: offers.length, median: median(all), p95: percentile(all, 0.95) };
}

async function editorBench() {
  heading('Editor: what a dialog first downloads (gzip, from a real Node-RED), and one keystroke in the picker');
  const { list, rows } = await downloads();
  markdownTable(['request', 'on the wire', 'JSON', 'encoding'], rows);
  const k = keystrokes(list);
  console.log(`\n   picker keystroke over ${k.operations} operations (Node ${process.version}, search + best 50):`);
  markdownTable(['typed query (each prefix)', 'keystrokes', 'median', 'slowest prefix (median)', 'p95', 'max'], k.rows);
  console.log(
    `   all keystrokes: p95 ${k.p95.toFixed(2)} ms, p99 ${k.p99.toFixed(2)} ms, slowest prefix's median ${k.worst.toFixed(2)} ms ` +
      `(the target is at most 10 ms); the max includes garbage collection and the other processes on this machine: ${k.max.toFixed(2)} ms`,
  );
  const o = templateKeystrokes();
  console.log(
    `\n   template keystroke ({{ offers) of PostInvoicesInvoicePay after a webhook for invoice.paid: ${o.offers} offers (open template + match + best 40):`,
  );
  markdownTable(['typed template (each prefix after {{)', 'median', 'p95', 'max'], o.rows);
  console.log(
    `   all template keystrokes: median ${o.median.toFixed(3)} ms, p95 ${o.p95.toFixed(3)} ms (the target is at most 10 ms; ` +
      'the browser adds drawing the items)',
  );
  return { rows, keystroke: k, offers: o };
}

module.exports = { editorBench };
