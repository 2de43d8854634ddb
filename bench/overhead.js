'use strict';
// Speed and memory of the nodes against a reference run in the same process, on loopback:
//
// 1. Per-request overhead: N GetCustomersCustomer through a stripe-subscriber in Node-RED, one after
//    another, against the same Stripe-like server read N times by plain axios (the reference: the
//    same HTTP library with no templates, validation, rate limit or Node-RED). Printed: requests/s
//    and ms per request for both, and the ratio.
// 2. Memory of pagination: a list of OBJECTS objects (1 KB each) read with pagination through the
//    subscriber in output 'all' (every object in one message) and output 'item' (one message per
//    object, consumed as they arrive), and the reference: plain axios fetching the same pages and
//    keeping only a count. Printed: heap growth at its peak (sampled while running, after a GC).
const path = require('path');
const axios = require('axios');
const root = path.join(__dirname, '..');
const { StripeServer } = require(path.join(root, 'test', 'helpers', 'stripe-server.js'));
const { startFlow, stopFlow, until, KEY } = require(path.join(root, 'test', 'helpers', 'flow.js'));

const N = Number(process.env.BENCH_REQUESTS) || 2000;
const OBJECTS = Number(process.env.BENCH_OBJECTS) || 20000;

const gc = global.gc || (() => undefined);
const mb = (b) => `${(b / 1048576).toFixed(1)} MB`;

/** Runs fn while sampling the heap every 5 ms; returns the peak growth over the heap before. */
async function peakHeap(fn) {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const started = Date.now();
  await fn();
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(t);
  return { growth: peak - base, ms: Date.now() - started };
}

async function overhead(server) {
  const http = axios.create({ validateStatus: () => true, httpAgent: new (require('http').Agent)({ keepAlive: true }) });
  // Reference: plain axios.
  let started = Date.now();
  for (let i = 0; i < N; i++) {
    const r = await http.get(`${server.url}/v1/customers/cus_${i}`, { headers: { Authorization: `Bearer ${KEY}` } });
    if (r.status !== 200) throw new Error(`reference: HTTP ${r.status}`);
  }
  const refMs = Date.now() - started;
  // Ours: the subscriber in Node-RED.
  const f = await startFlow({
    baseUri: server.url,
    client: { rateLimit: 10000, maxRetries: 0 },
    nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomersCustomer', path: { customer: 'cus_{{payload}}' } }],
  });
  // As in the memory bench: the test helper's record of every log call is not part of the nodes.
  f.helper.log().restore();
  // Wait for each answer by event, not by polling, so the wait adds nothing to the figure.
  let answered;
  const onAnswer = () => answered && answered();
  f.node('out').on('input', onAnswer);
  f.node('caught').on('input', onAnswer);
  started = Date.now();
  for (let i = 0; i < N; i++) {
    await new Promise((resolve) => {
      answered = resolve;
      f.node('s1').receive({ payload: i });
    });
  }
  const ourMs = Date.now() - started;
  const errors = f.errors.length;
  if (errors) console.log(`   first error: ${f.errors[0].error.message}`);
  await stopFlow();
  console.log(`   plain axios (reference)      ${(N / (refMs / 1000)).toFixed(0).padStart(6)} req/s  ${(refMs / N).toFixed(3)} ms/request`);
  console.log(`   stripe-subscriber in Node-RED ${(N / (ourMs / 1000)).toFixed(0).padStart(6)} req/s  ${(ourMs / N).toFixed(3)} ms/request  ` +
    `(${(ourMs / refMs).toFixed(2)}x the reference, +${((ourMs - refMs) / N).toFixed(3)} ms per request; ${errors} errors)`);
}

async function memory(server) {
  server.fill('/v1/customers', OBJECTS, (i) => ({ description: 'x'.repeat(1000), metadata: { i: String(i) } }));
  const rows = [];
  // Reference: plain axios over the same pages, keeping only a count.
  rows.push(['plain axios, count only (reference)', await peakHeap(async () => {
    let after;
    let count = 0;
    for (;;) {
      const r = await axios.get(`${server.url}/v1/customers`, { params: { limit: 100, starting_after: after }, headers: { Authorization: `Bearer ${KEY}` } });
      count += r.data.data.length;
      if (!r.data.has_more) break;
      after = r.data.data[r.data.data.length - 1].id;
    }
    if (count !== OBJECTS) throw new Error(`reference counted ${count}`);
  })]);
  for (const output of ['item', 'page', 'all']) {
    const f = await startFlow({
      baseUri: server.url,
      client: { rateLimit: 10000, maxRetries: 0 },
      nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomers', pagination: true, output, maxItems: OBJECTS }],
    });
    // The test helper records every log and metric call of the runtime (three per message); a real
    // Node-RED does not, so that record is taken out of what is measured.
    f.helper.log().restore();
    let count = 0;
    // Count and drop what arrives, as a downstream node that handles each message would.
    f.received.push = (m) => {
      count += Array.isArray(m.payload) ? m.payload.length : 1;
      return 0;
    };
    const r = await peakHeap(async () => {
      f.node('s1').receive({});
      await until(() => count >= OBJECTS || f.errors.length > 0, 120000, `output ${output}`);
    });
    await stopFlow();
    if (count !== OBJECTS) throw new Error(`output ${output}: counted ${count}`);
    rows.push([`stripe-subscriber, output '${output}'`, r]);
  }
  const ref = rows[0][1];
  for (const [name, r] of rows) {
    console.log(`   ${name.padEnd(38)} peak heap growth ${mb(r.growth).padStart(9)}  in ${String(r.ms).padStart(5)} ms` +
      (r === ref ? '' : `  (${(r.growth / Math.max(ref.growth, 1)).toFixed(1)}x the reference's heap, ${(r.ms / ref.ms).toFixed(2)}x its time)`));
  }
  console.log(`   (${OBJECTS} objects of about 1 KB in pages of 100${global.gc ? '' : '; run node with --expose-gc for steadier figures'})`);
}

async function overheadBench() {
  const server = await new StripeServer().start();
  try {
    console.log(`\n== Per-request overhead: ${N} GETs one after another on loopback`);
    await overhead(server);
    console.log(`\n== Memory of pagination: ${OBJECTS} objects`);
    await memory(server);
  } finally {
    await server.stop();
  }
}

module.exports = { overheadBench };
