'use strict';
// CPU and wall time per message of POST /v1/customers in a real Node-RED (a child process), three ways:
//
//   (a) our stripe-publisher (PostCustomers; stripe-client rateLimit 10000, maxRetries 2);
//   (b) what a user builds without us: a function node (form body, URL, Authorization,
//       Idempotency-Key, Stripe-Version) -> the core http request node (POST, parsed JSON, keep-alive);
//   (c) stripe-node (the devDependency `stripe`) called from a function node, one Stripe instance made
//       in On Start (maxNetworkRetries 2), stripe.customers.create() then node.send/node.done;
//   (d) the floor: Node's own `http` written by hand in a function node (a keep-alive agent made in On
//       Start, the form body, the headers, JSON.parse of the answer, nothing else: no retries, no checks);
//
// plus the harness alone (the driver and a function node that hands the message straight back), the
// part of every figure that is not the request. Each is driven one message at a time and with
// BENCH_INFLIGHT in flight, against the Stripe-like server in another process. CPU: utime + stime of
// the Node-RED process from /proc/<pid>/stat before and after each run; wall: the driver's own clock.
// Warm-up first, then BENCH_ROUNDS rounds, the variants' order rotated each round; medians.
const { NodeRed } = require('./lib/nodered');
const { startServer } = require('./lib/server');
const { throughputFlows } = require('./lib/flows');
const { heading, median, sleep, envNumber, markdownTable } = require('./lib/common');

const VARIANTS = [
  { key: 'publisher', route: 'publisher', label: 'stripe-publisher' },
  { key: 'http', route: 'http-request', label: 'function + http request' },
  { key: 'sdk', route: 'stripe-node', label: 'stripe-node in a function' },
  { key: 'floor', route: 'http-floor', label: 'http by hand in a function' },
  { key: 'harness', route: 'harness', label: 'harness only (no request)' },
];

async function throughputBench() {
  const ROUNDS = envNumber('BENCH_ROUNDS', 3);
  const PER_ROUND = envNumber('BENCH_PER_ROUND', 2000);
  const WARMUP = envNumber('BENCH_WARMUP', 500);
  const INFLIGHT = envNumber('BENCH_INFLIGHT', 16);
  const MODES = [
    { key: 'seq', c: 1, label: 'sequential' },
    { key: 'par', c: INFLIGHT, label: `${INFLIGHT} in flight` },
  ];
  heading(
    `Speed in Node-RED: POST /v1/customers, ${ROUNDS} rounds of ${PER_ROUND} messages per variant and mode after ${WARMUP} warm-up, medians`,
  );
  const server = await startServer();
  let nr;
  let serverLine;
  const results = {};
  try {
    nr = await NodeRed.start();
    await nr.deploy(throughputFlows(server.url));
    const run = async (v, n, c) => {
      const cpu0 = nr.cpuMs();
      const r = await nr.request('POST', `/bench/${v.route}?n=${n}&c=${c}`);
      const cpu1 = nr.cpuMs();
      if (r.status !== 200 || typeof r.body !== 'object')
        throw new Error(`${v.label}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      if (r.body.errors)
        throw new Error(`${v.label}: ${r.body.errors} of ${n} messages failed; first: ${r.body.firstError}`);
      return { cpu: (cpu1 - cpu0) / n, wall: r.body.ms / n };
    };
    for (const v of VARIANTS) {
      for (const m of MODES) await run(v, WARMUP, m.c);
    }
    await server.reset();
    for (let round = 0; round < ROUNDS; round++) {
      for (const m of MODES) {
        const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
        for (const v of order) {
          await sleep(100);
          const r = await run(v, PER_ROUND, m.c);
          ((results[v.key] ||= {})[m.key] ||= []).push(r);
        }
      }
    }
    const stats = await server.stats();
    const problems = nr.problems().filter((l) => !/Projects disabled|unencrypted credentials/.test(l));
    if (problems.length)
      console.log(
        `   Node-RED logged:\n${problems
          .slice(0, 10)
          .map((l) => `   | ${l}`)
          .join('\n')}`,
      );
    serverLine =
      `   server: ${stats.byRoute['POST /v1/customers'] || 0} POST /v1/customers in the rounds, ${stats.noIdempotencyKey} without an Idempotency-Key, ` +
      `${stats.badRequests} refused; ${stats.connections} new connections during the rounds (keep-alive), at most ${stats.maxOpenConnections} open at once`;
  } finally {
    if (nr) await nr.stop();
    await server.stop();
  }

  const med = (k, m, f) => median(results[k][m].map((r) => r[f]));
  const cell = (k, m) => `${med(k, m, 'cpu').toFixed(3)} (${med(k, m, 'wall').toFixed(3)})`;
  const ratio = (a, b, m) =>
    `CPU ${(med(a, m, 'cpu') / med(b, m, 'cpu')).toFixed(2)}× (wall ${(med(a, m, 'wall') / med(b, m, 'wall')).toFixed(2)}×)`;
  console.log('');
  markdownTable(
    ['', ...MODES.map((m) => `${m.label}: CPU ms/msg (wall ms/msg)`)],
    [
      ...VARIANTS.map((v) => [v.label, ...MODES.map((m) => cell(v.key, m.key))]),
      ['publisher ÷ stripe-node', ...MODES.map((m) => ratio('publisher', 'sdk', m.key))],
      ['publisher ÷ http request', ...MODES.map((m) => ratio('publisher', 'http', m.key))],
      ['publisher ÷ http by hand (the floor)', ...MODES.map((m) => ratio('publisher', 'floor', m.key))],
    ],
  );
  console.log('');
  const worst = Math.max(...MODES.map((m) => med('publisher', m.key, 'cpu') / med('floor', m.key, 'cpu')));
  console.log(
    `   publisher ÷ http by hand, CPU, the worse of the two modes: ${worst.toFixed(2)}× (goal ≤ 1.2×); ÷ stripe-node: ${Math.max(...MODES.map((m) => med('publisher', m.key, 'cpu') / med('sdk', m.key, 'cpu'))).toFixed(2)}×`,
  );
  console.log('   every round (CPU ms/msg):');
  for (const v of VARIANTS) {
    console.log(
      `     ${v.label.padEnd(26)} ${MODES.map((m) => `${m.label}: ${results[v.key][m.key].map((r) => r.cpu.toFixed(3)).join(' ')}`).join('   ')}`,
    );
  }
  console.log(serverLine);
  console.log(
    '   CPU: the Node-RED process only (the server runs in another process); it includes the harness (http in, driver, http response).',
  );
  console.log(
    '   The http request node has keep-alive on (as the other two) and no retries; stripe-node runs with its defaults otherwise (telemetry header on).',
  );
  return results;
}

module.exports = { throughputBench };
