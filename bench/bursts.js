'use strict';
// Bursts on a slow network: the Stripe-like server (another process) answers each POST /v1/customers
// after BENCH_LATENCY_MS (default 300 ms); a stripe-publisher whose stripe-client has rateLimit 100
// gets bursts of BENCH_BURSTS (default 50 and 250) messages at once, in a real Node-RED. Printed: the
// wall time from the first message to the last answer against the ideal, the time the rate window
// forces: ceil(n / 100) - 1 seconds of waiting for the window plus one round trip (50: 0.3 s;
// 250: 2.3 s). Also: the busiest sliding second and the most requests in flight the server saw.
// A warm-up burst first; then BENCH_BURST_ROUNDS rounds with the sizes interleaved and a pause of
// 1.5 s before each burst (so the previous burst's window is over); medians.
const { NodeRed } = require('./lib/nodered');
const { startServer } = require('./lib/server');
const { burstFlows } = require('./lib/flows');
const { heading, median, sleep, envList, envNumber, markdownTable } = require('./lib/common');

const RATE = 100;

async function burstBench() {
  const SIZES = envList('BENCH_BURSTS', [50, 250]);
  const ROUNDS = envNumber('BENCH_BURST_ROUNDS', 3);
  const LATENCY = envNumber('BENCH_LATENCY_MS', 300);
  heading(
    `Bursts on a slow network: the server answers after ${LATENCY} ms, stripe-client rateLimit ${RATE}, ` +
      `bursts of ${SIZES.join(' and ')} messages at once through the publisher, ${ROUNDS} rounds, medians`,
  );
  const server = await startServer({ delayMs: LATENCY, recordArrivals: true });
  let nr;
  const results = {};
  try {
    nr = await NodeRed.start();
    await nr.deploy(burstFlows(server.url, RATE));
    const burst = async (n) => {
      await sleep(1500);
      await server.reset();
      const r = await nr.request('POST', `/bench/burst?n=${n}&c=${n}`);
      if (r.status !== 200 || typeof r.body !== 'object')
        throw new Error(`burst of ${n}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      if (r.body.errors) throw new Error(`burst of ${n}: ${r.body.errors} failed; first: ${r.body.firstError}`);
      const s = await server.stats();
      return {
        ms: r.body.ms,
        busiest: s.busiestSecond,
        inFlight: s.maxInFlight,
        spread: s.firstToLastMs,
        connections: s.connections,
      };
    };
    await burst(Math.min(...SIZES));
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? SIZES.slice().reverse() : SIZES;
      for (const n of order) (results[n] ||= []).push(await burst(n));
    }
  } finally {
    if (nr) await nr.stop();
    await server.stop();
  }
  console.log('');
  const rows = SIZES.map((n) => {
    const ideal = (Math.ceil(n / RATE) - 1) * 1000 + LATENCY;
    const ms = median(results[n].map((r) => r.ms));
    return [
      `${n} at once`,
      `${(ms / 1000).toFixed(2)} s`,
      `${(ideal / 1000).toFixed(2)} s`,
      `${(ms / ideal).toFixed(2)}×`,
      `${median(results[n].map((r) => r.busiest))}`,
      `${median(results[n].map((r) => r.inFlight))}`,
      results[n].map((r) => (r.ms / 1000).toFixed(2)).join(' '),
    ];
  });
  markdownTable(
    [
      'burst',
      'wall (median)',
      'ideal',
      'wall ÷ ideal',
      'busiest second at the server',
      'most in flight',
      'every round (s)',
    ],
    rows,
  );
  return results;
}

module.exports = { burstBench };
