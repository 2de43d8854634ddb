'use strict';
// The fleet (stripe-fleet, one Redis shared by several Node-RED instances), in real Node-RED child
// processes and a real Redis (Debian's redis-server on loopback, scripts/redis-server.js):
//
//   - CPU per message of POST /v1/customers through one publisher whose client has a fleet (each
//     request's turn granted by the shared budget in Redis), against the same publisher on a client
//     without one, in the same Node-RED and the same run, against the Stripe-like server in another
//     process, rounds alternating; the CPU time of the Node-RED process from /proc (user + kernel).
//     The clients' rate limit is high (10,000/s) so that the budget never makes a request wait: what
//     is measured is the cost of asking Redis, not the pace.
//   - Three instances together against the budget: each sends BENCH_FLEET_PER_INSTANCE customers
//     with 8 in flight through a client on a test key (rateLimit 0: 25/s) with the fleet, to a
//     stand-in that answers 429 past 25 requests in any sliding second across all callers
//     (bench/lib/rate-limited-stripe.js). Printed: the rate the stand-in saw against the 25/s,
//     the share of the budget used (bench/lib/rate-limited-stripe.js: used()), the busiest sliding
//     second, the 429s.
const { NodeRed } = require('./lib/nodered');
const { startServer } = require('./lib/server');
const { CUSTOMER_MSG, KEY, drivenTab, stripeClient, publisher } = require('./lib/flows');
const { heading, median, sleep, envNumber, markdownTable } = require('./lib/common');
const { RateLimitedStripe } = require('./lib/rate-limited-stripe');
const { RedisServer, redisServerBinary } = require('../scripts/redis-server');
const { track } = require('./lib/children');

const VARIANTS = [
  { key: 'plain', route: 'plain', label: 'without a fleet', client: 'c1' },
  { key: 'fleet', route: 'fleet', label: 'with a fleet (loopback Redis)', client: 'c2' },
];

function fleetNode(id, url) {
  return { id, type: 'stripe-fleet', name: 'bench fleet', url, prefix: 'bench' };
}

function cpuFlows(serverUrl, redisUrl) {
  return [
    fleetNode('fl', redisUrl),
    stripeClient('c1', serverUrl, { rateLimit: 10000, maxRetries: 2 }),
    { ...stripeClient('c2', serverUrl, { rateLimit: 10000, maxRetries: 2 }), fleet: 'fl' },
    ...VARIANTS.flatMap((v) =>
      drivenTab({
        tab: v.key,
        route: v.route,
        label: v.label,
        first: `${v.key}_p`,
        driver: { make: CUSTOMER_MSG },
        chain: [publisher(`${v.key}_p`, v.key, v.client)],
      }),
    ),
  ];
}

/** One publisher on a test key (25/s) with the fleet, driven by POST /bench/budget?n=&c=. */
function budgetFlows(standInUrl, redisUrl, tag) {
  return [
    fleetNode('fl', redisUrl),
    { ...stripeClient('c1', standInUrl, { rateLimit: 0, maxRetries: 2 }), fleet: 'fl' },
    ...drivenTab({
      tab: 'budget',
      route: 'budget',
      label: 'the shared budget',
      first: 'budget_p',
      driver: { make: CUSTOMER_MSG.replace("'customer' + i", `'${tag}-' + i`) },
      chain: [publisher('budget_p', 'budget', 'c1')],
    }),
  ];
}

async function cpuPart(redis) {
  const ROUNDS = envNumber('BENCH_ROUNDS', 3);
  const PER_ROUND = envNumber('BENCH_FLEET_PER_ROUND', 3000);
  const WARMUP = envNumber('BENCH_WARMUP', 300);
  const IN_FLIGHT = envNumber('BENCH_INFLIGHT', 16);
  console.log(
    `\n   CPU per message: ${ROUNDS} rounds of ${PER_ROUND} after ${WARMUP} warm-up, 1 and ${IN_FLIGHT} in flight (medians)`,
  );
  const server = await startServer();
  let nr;
  const results = {};
  try {
    nr = await NodeRed.start();
    await nr.deploy(cpuFlows(server.url, redis.url));
    const run = async (v, n, c) => {
      const cpu0 = nr.cpuMs();
      const r = await nr.request('POST', `/bench/${v.route}?n=${n}&c=${c}`);
      const cpu1 = nr.cpuMs();
      if (r.status !== 200 || r.body.errors) throw new Error(`${v.label}: ${JSON.stringify(r.body).slice(0, 300)}`);
      return { cpu: (cpu1 - cpu0) / n, wall: r.body.ms / n };
    };
    for (const c of [1, IN_FLIGHT]) {
      for (const v of VARIANTS) await run(v, WARMUP, c);
      for (let round = 0; round < ROUNDS; round++) {
        for (const v of round % 2 ? VARIANTS.slice().reverse() : VARIANTS) {
          await sleep(100);
          (results[`${v.key}/${c}`] ||= []).push(await run(v, PER_ROUND, c));
        }
      }
    }
  } finally {
    if (nr) await nr.stop();
    await server.stop();
  }
  const med = (k, f) => median(results[k].map((r) => r[f]));
  console.log('');
  const rows = [];
  for (const c of [1, IN_FLIGHT])
    for (const v of VARIANTS) {
      const k = `${v.key}/${c}`;
      rows.push([`${v.label}, ${c} in flight`, med(k, 'cpu').toFixed(3), med(k, 'wall').toFixed(3)]);
    }
  markdownTable(['', 'CPU ms/msg', 'wall ms/msg'], rows);
  console.log('');
  for (const c of [1, IN_FLIGHT]) {
    const ratio = med(`fleet/${c}`, 'cpu') / med(`plain/${c}`, 'cpu');
    console.log(`   ${c} in flight: fleet ÷ without, CPU ${ratio.toFixed(2)}× (goal ≤ 1.3×)`);
  }
  for (const k of Object.keys(results))
    console.log(`   every round, ${k} (CPU ms/msg): ${results[k].map((r) => r.cpu.toFixed(3)).join(' ')}`);
  return results;
}

async function budgetPart(redis) {
  const INSTANCES = 3;
  const PER_INSTANCE = envNumber('BENCH_FLEET_PER_INSTANCE', 100);
  const LIMIT = 25;
  console.log(
    `\n   The budget: ${INSTANCES} instances, ${PER_INSTANCE} customers each with 8 in flight, a test key (${LIMIT}/s) shared through the fleet; the stand-in answers 429 past ${LIMIT} in any sliding second`,
  );
  const stripe = await new RateLimitedStripe({ limit: LIMIT }).start();
  const instances = [];
  try {
    const started = await Promise.allSettled(
      Array.from({ length: INSTANCES }, (_, i) =>
        NodeRed.start({ stripeGlobal: false }).then(async (nr) => {
          instances.push(nr);
          await nr.deploy(budgetFlows(stripe.url, redis.url, `i${i}`));
          return nr;
        }),
      ),
    );
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    stripe.reset();
    const t0 = Date.now();
    const answers = await Promise.all(instances.map((nr) => nr.request('POST', `/bench/budget?n=${PER_INSTANCE}&c=8`)));
    const wall = (Date.now() - t0) / 1000;
    for (const a of answers)
      if (a.status !== 200 || a.body.errors) throw new Error(`budget run: ${JSON.stringify(a.body).slice(0, 300)}`);
    const r = stripe.report();
    console.log(
      `   ${r.requests} requests, ${r.customers} customers made, ${r.rejected} x 429; ` +
        `rate at the stand-in ${r.rate.toFixed(2)} req/s over ${r.seconds.toFixed(2)} s between the first and the last request ` +
        `(the limit allows them in ${Math.floor((r.requests - 1) / LIMIT)} s: ${(r.used * 100).toFixed(1)}% of the budget used); busiest sliding second ${r.peak}; ` +
        `${((INSTANCES * PER_INSTANCE) / wall).toFixed(2)} messages/s end to end`,
    );
    return r;
  } finally {
    await Promise.all(instances.map((nr) => nr.stop()));
    await stripe.stop();
  }
}

async function fleetBench() {
  heading('Fleet: PostCustomers with a stripe-fleet on loopback Redis against without; three instances on one budget');
  try {
    redisServerBinary();
  } catch (err) {
    console.log(`   skipped: ${err.message}`);
    return null;
  }
  const redis = await RedisServer.start();
  track(redis.child); // killed with the other children if the bench is interrupted
  try {
    const cpu = await cpuPart(redis);
    const budget = await budgetPart(redis);
    return { cpu, budget, key: KEY };
  } finally {
    await redis.stop();
  }
}

module.exports = { fleetBench, cpuFlows, budgetFlows };
