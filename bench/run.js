#!/usr/bin/env node
'use strict';
// Benchmarks (run with `npm run bench`, which builds first). Sections, in order (BENCH_ONLY=<section>
// or a comma-separated list runs only those):
//
// faults      The fault plan: the official `stripe` SDK and our stripe-publisher node (in a real
//             Node-RED runtime) each send the same number of PostCustomers, one after another, through
//             a fault-injecting proxy in front of stripe-stateful-mock, under the same plan of faults by
//             request number, with the same retries and timeout and each library's own default backoff.
//             Afterwards the mock is asked directly what it holds. Printed side by side: sent, answered,
//             failed, held, lost, doubled (and unconfirmed: held although the caller was told it failed).
// ratelimit   200 messages at once through a publisher with rateLimit 0 (automatic: 25/s for a test
//             key) against a server that answers 429 above 25 requests in any sliding second. Printed:
//             the rate the server saw and the count of 429s.
// speed       CPU and wall time per message of POST /v1/customers in a real Node-RED (a child
//             process): our publisher, a function + the core http request node, stripe-node in a
//             function node, and the floor: Node's own http written by hand in a function node;
//             sequential and with 16 in flight (bench/throughput.js).
// pagination  A subscriber reading 10,000, 100,000 and 300,000 objects in output item, page and all: requests,
//             time, peak RSS growth of the Node-RED process (bench/pagination.js).
// bursts      Bursts of 50 and 250 messages at rateLimit 100 with 300 ms round trips, against the
//             time the rate window forces (bench/bursts.js).
// footprint   RSS and start time of an idle Node-RED without the package and with it (bench/footprint.js).
// webhook     Signed webhook events into a real Node-RED: our stripe-webhook against http in + stripe-node's
//             constructEvent in a function node; latency, events/s and CPU per event (bench/webhook.js).
// editor      What a dialog's first open downloads (the slim catalogue; one operation's details), gzip,
//             from a real Node-RED, and one picker keystroke over the whole slim list in Node (bench/editor.js).
// hold        Store and forward: CPU per message (user and kernel) with offline hold against fail while
//             the uplink is up, one at a time and 16 in flight, messages per second through hold, the
//             floor (a bare node:sqlite insert + flush on the same disk), RSS while 10,000 are held
//             (bench/hold.js; Node.js 22.13+).
// fleet       A stripe-fleet on a real loopback Redis (Debian's redis-server): CPU per message of
//             PostCustomers through one publisher with the fleet against without, in the same run; and
//             three Node-RED instances on one shared budget (a test key, 25/s) against a stand-in that
//             answers 429 past 25 in any sliding second: the rate it saw, the 429s (bench/fleet.js).
// sidebar     The Stripe sidebar's cost: CPU per message through a publisher with its recording off, on,
//             and on with an editor connected to /comms, in the same run; the memory of full buffers
//             (bench/sidebar.js).
//
// The faults and ratelimit sections run Node-RED in this process (node-red-node-test-helper); the
// others start Node-RED and the Stripe-like server as child processes, stopped at the end of each
// section, and killed if the bench fails or is interrupted.
//
// Options (environment): BENCH_ONLY; faults: BENCH_MESSAGES (default 100), BENCH_SEED (default 7);
// speed: BENCH_ROUNDS (3), BENCH_PER_ROUND (2000), BENCH_WARMUP (500), BENCH_INFLIGHT (16);
// pagination: BENCH_PAGE_OBJECTS (10000,100000,300000), BENCH_PAGE_ROUNDS (1); bursts: BENCH_BURSTS (50,250),
// BENCH_BURST_ROUNDS (3), BENCH_LATENCY_MS (300); footprint: BENCH_FOOTPRINT_STARTS (3), BENCH_IDLE_MS (3000);
// webhook: BENCH_WEBHOOK_EVENTS (2000), BENCH_WEBHOOK_INFLIGHT (16), BENCH_ROUNDS, BENCH_WARMUP;
// editor: BENCH_EDITOR_ROUNDS (20).
// hold: BENCH_HOLD_PER_ROUND (1000), BENCH_HELD (10000), BENCH_INFLIGHT, BENCH_ROUNDS, BENCH_WARMUP.
// fleet: BENCH_FLEET_PER_ROUND (3000), BENCH_FLEET_PER_INSTANCE (100), BENCH_ROUNDS, BENCH_WARMUP, BENCH_INFLIGHT.
const { randomUUID } = require('crypto');
const path = require('path');
const root = path.join(__dirname, '..');
const {
  FaultProxy,
  FAULTS,
  makePlan,
  startStripeMock,
  freshAccount,
  listAllCustomers,
  tally,
  startRateLimitedServer,
} = require(path.join(root, 'test', 'helpers', 'fault-proxy.js'));
const { startFlow, stopFlow, until, KEY } = require(path.join(root, 'test', 'helpers', 'flow.js'));
const { context } = require('./lib/common');
const children = require('./lib/children');

const MESSAGES = Number(process.env.BENCH_MESSAGES) || 100;
const SEED = Number(process.env.BENCH_SEED) || 7;
const MAX_RETRIES = 3;
const TIMEOUT_S = 1;
const HOLD_MS = 1500;
const RETRY_AFTER = '1';

const plan = makePlan({ seed: SEED, length: 2000, maxRun: 3 });

async function underFaults(name, mock, sendAll) {
  const account = await freshAccount(mock.url, KEY);
  const proxy = await new FaultProxy({ target: mock.url, plan, holdMs: HOLD_MS, retryAfter: RETRY_AFTER }).start();
  const run = randomUUID();
  const tags = Array.from({ length: MESSAGES }, (_, i) => `m${i}`);
  const started = Date.now();
  const outcomes = await sendAll({ proxy, account, run, tags });
  const seconds = (Date.now() - started) / 1000;
  await proxy.stop();
  const customers = await listAllCustomers(mock.url, KEY, account);
  const t = tally(run, tags, customers);
  const failedTags = outcomes.filter((o) => !o.ok).map((o) => o.tag);
  const unconfirmed = failedTags.filter((tag) => (t.counts.get(tag) || 0) > 0).length;
  const errorKinds = {};
  for (const o of outcomes) if (!o.ok) errorKinds[o.why] = (errorKinds[o.why] || 0) + 1;
  return {
    name,
    sent: tags.length,
    answered: outcomes.filter((o) => o.ok).length,
    failed: failedTags.length,
    held: t.held,
    lost: t.lost,
    doubled: t.doubled,
    unconfirmed,
    requests: proxy.count,
    faults: Object.values(proxy.applied).reduce((a, b) => a + b, 0),
    seconds,
    errorKinds,
  };
}

async function sdkRun(mock) {
  const Stripe = require('stripe');
  return underFaults('stripe SDK (stripe-node)', mock, async ({ proxy, account, run, tags }) => {
    const stripe = new Stripe(KEY, {
      host: '127.0.0.1',
      port: proxy.port,
      protocol: 'http',
      maxNetworkRetries: MAX_RETRIES,
      timeout: TIMEOUT_S * 1000,
      stripeAccount: account,
      telemetry: false,
    });
    const out = [];
    for (const tag of tags) {
      try {
        await stripe.customers.create({ email: `${tag}@${run}.example.com`, metadata: { run, tag } });
        out.push({ tag, ok: true });
      } catch (e) {
        out.push({ tag, ok: false, why: `${e.type || e.name}${e.statusCode ? ` ${e.statusCode}` : ''}` });
      }
    }
    return out;
  });
}

async function nodeRun(mock) {
  return underFaults('node-red-contrib-stripe publisher', mock, async ({ proxy, account, run, tags }) => {
    const f = await startFlow({
      baseUri: proxy.url,
      client: { stripeAccount: account, maxRetries: MAX_RETRIES, timeout: TIMEOUT_S, rateLimit: 0 },
      nodes: [
        {
          id: 'p1',
          type: 'stripe-publisher',
          method: 'POST',
          operationId: 'PostCustomers',
          payload: { 'metadata[tag]': '{{topic}}' },
        },
      ],
    });
    const out = [];
    try {
      for (const tag of tags) {
        const r = f.received.length;
        const e = f.errors.length;
        f.node('p1').receive({ topic: tag, payload: { email: `${tag}@${run}.example.com`, metadata: { run } } });
        await until(() => f.received.length > r || f.errors.length > e, 120000, tag);
        if (f.received.length > r) out.push({ tag, ok: true });
        else out.push({ tag, ok: false, why: f.errors[f.errors.length - 1].stripe?.error?.type || 'error' });
      }
    } finally {
      await stopFlow();
    }
    return out;
  });
}

function table(rows, cols) {
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => cells.map((v, i) => String(v).padStart(widths[i])).join('  ');
  const label = Math.max(...rows.map((r) => r.name.length));
  console.log(`${''.padEnd(label)}  ${line(cols)}`);
  for (const r of rows) console.log(`${r.name.padEnd(label)}  ${line(cols.map((c) => r[c]))}`);
}

async function faultBench() {
  const used = plan.slice(0, 400);
  const kinds = Object.fromEntries(FAULTS.map((k) => [k, used.filter((x) => x === k).length]));
  console.log(
    `\n== Fault plan: ${MESSAGES} PostCustomers each, sequential, maxRetries ${MAX_RETRIES}, timeout ${TIMEOUT_S} s, seed ${SEED}`,
  );
  console.log(context());
  console.log(`   faults by request number (runs of up to 3); first 400 requests hold: ${JSON.stringify(kinds)}`);
  console.log(
    `   429s carry Retry-After: ${RETRY_AFTER}; 'slow' answers are held ${HOLD_MS} ms while the server has acted\n`,
  );
  const mock = await startStripeMock();
  try {
    const rows = [await sdkRun(mock), await nodeRun(mock)];
    table(rows, [
      'sent',
      'answered',
      'failed',
      'held',
      'lost',
      'doubled',
      'unconfirmed',
      'requests',
      'faults',
      'seconds',
    ]);
    for (const r of rows) if (r.failed) console.log(`   ${r.name} failures: ${JSON.stringify(r.errorKinds)}`);
    console.log('   answered = the caller got the created object; held = objects the server holds for the run;');
    console.log(
      '   lost = messages the server holds no object for; doubled = extra objects; unconfirmed = held but the caller saw an error',
    );
    return rows;
  } finally {
    await mock.stop();
  }
}

async function rateBench() {
  const N = 200;
  console.log(
    `\n== Rate limit: ${N} messages at once, publisher rateLimit 0 (automatic, test key => 25/s), server: 429 above 25 requests in any sliding second`,
  );
  console.log(context());
  const server = await startRateLimitedServer({ limit: 25, windowMs: 1000 });
  try {
    const f = await startFlow({
      baseUri: server.url,
      client: { rateLimit: 0, maxRetries: 0, timeout: 30 },
      nodes: [{ id: 'p1', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    const started = Date.now();
    for (let i = 0; i < N; i++) f.node('p1').receive({ payload: { name: `n${i}` } });
    await until(() => f.received.length + f.errors.length === N, 120000, 'all answers');
    const elapsed = (Date.now() - started) / 1000;
    await stopFlow();
    const rate = server.rate();
    console.log(`   succeeded ${f.received.length}/${N}, 429s ${server.rejected}, errors ${f.errors.length}`);
    console.log(
      `   achieved rate ${rate.toFixed(2)} req/s at the server (${((rate / 25) * 100).toFixed(1)}% of 25/s); ` +
        `${(N / elapsed).toFixed(2)} msg/s end to end over ${elapsed.toFixed(2)} s; busiest sliding second held ${server.peak()} requests`,
    );
    // The limit is per sliding second, so a run that starts with a burst averages more than 25/s
    // without breaking it: request i and request i + 25 must be a second apart, so N requests span at
    // least floor((N - 1) / 25) seconds, and the highest average rate the server allows is (N - 1) over that.
    const most = (N - 1) / Math.floor((N - 1) / 25);
    console.log(
      `   the most a limit of 25 per sliding second allows for ${N} requests is ${most.toFixed(2)} req/s on average ` +
        `(${N - 1} intervals in ${Math.floor((N - 1) / 25)} s): ${((rate / most) * 100).toFixed(1)}% of it`,
    );
    return { rate, rejected: server.rejected, ok: f.received.length };
  } finally {
    await server.stop();
  }
}

const SECTIONS = {
  faults: faultBench,
  ratelimit: rateBench,
  speed: () => require('./throughput').throughputBench(),
  pagination: () => require('./pagination').paginationBench(),
  bursts: () => require('./bursts').burstBench(),
  footprint: () => require('./footprint').footprintBench(),
  webhook: () => require('./webhook').webhookBench(),
  editor: () => require('./editor').editorBench(),
  hold: () => require('./hold').holdBench(),
  fleet: () => require('./fleet').fleetBench(),
  sidebar: () => require('./sidebar').sidebarBench(),
};

(async () => {
  children.installExitHandlers();
  const only = (process.env.BENCH_ONLY || '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const unknown = only.filter((x) => !SECTIONS[x]);
  if (unknown.length)
    throw new Error(
      `BENCH_ONLY: no section ${unknown.join(', ')}; the sections are ${Object.keys(SECTIONS).join(', ')}`,
    );
  const started = Date.now();
  for (const [name, fn] of Object.entries(SECTIONS)) {
    if (!only.length || only.includes(name)) await fn();
  }
  console.log(`\nbench: ${((Date.now() - started) / 1000).toFixed(0)} s in all\n`);
  process.exit(0);
})().catch((err) => {
  console.error(err);
  // The exit handler kills every child process still running.
  process.exit(1);
});
