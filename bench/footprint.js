'use strict';
// Footprint: an idle Node-RED (the devDependency, the same settings file) without the package, and
// with the package linked in and one stripe-client + one stripe-publisher deployed (in the flow file
// at start, so "Started flows" includes them) but idle. For each: the time from spawning the process
// to its "Started flows" log line, and its RSS once idle: BENCH_IDLE_MS (default 2 s) after the start,
// a full GC, then the median of 5 readings 200 ms apart; also the JS heap in use plus V8's external
// memory right after that GC (steadier than the RSS). BENCH_FOOTPRINT_STARTS (default 5) starts of
// each, alternating; medians.
const { NodeRed } = require('./lib/nodered');
const { idleFlows } = require('./lib/flows');
const { heading, median, sleep, envNumber, mb, markdownTable } = require('./lib/common');

async function measure(withPackage, idleMs) {
  const { flows, credentials } = idleFlows('http://127.0.0.1:9');
  const nr = await NodeRed.start(
    withPackage
      ? { withPackage, stripeGlobal: false, flows, credentials }
      : { withPackage, stripeGlobal: false, flows: [] },
  );
  try {
    await sleep(idleMs);
    const heap = await nr.gc(1000);
    const readings = [];
    for (let i = 0; i < 5; i++) {
      readings.push(nr.memory().rss);
      await sleep(200);
    }
    // After the readings: the package's nodes are registered, and the flows are not waiting for types.
    const loaded = await nr.request('GET', '/nodes/node-red-contrib-stripe');
    if (withPackage ? loaded.status !== 200 || nr.log.some((l) => /missing types/.test(l)) : loaded.status !== 404) {
      throw new Error(`the package is ${withPackage ? 'not loaded' : 'loaded'} (HTTP ${loaded.status}):\n${nr.tail()}`);
    }
    return { startMs: nr.startMs, rss: median(readings), heap: heap.heapUsed + heap.external };
  } finally {
    await nr.stop();
  }
}

async function footprintBench() {
  const STARTS = envNumber('BENCH_FOOTPRINT_STARTS', 5);
  const IDLE_MS = envNumber('BENCH_IDLE_MS', 2000);
  heading(
    `Footprint: an idle Node-RED without the package, and with it and one stripe-client + one publisher deployed; ${STARTS} starts each, medians`,
  );
  const runs = { without: [], with: [] };
  for (let i = 0; i < STARTS; i++) {
    const order = i % 2 ? ['with', 'without'] : ['without', 'with'];
    for (const k of order) runs[k].push(await measure(k === 'with', IDLE_MS));
  }
  const m = (k, f) => median(runs[k].map((r) => r[f]));
  console.log('');
  const row = (label, k) => [
    label,
    mb(m(k, 'rss')),
    mb(m(k, 'heap')),
    `${(m(k, 'startMs') / 1000).toFixed(2)} s`,
    runs[k].map((r) => `${(r.rss / 1048576).toFixed(1)}/${(r.startMs / 1000).toFixed(2)}`).join(' '),
  ];
  const diff = (f) => m('with', f) - m('without', f);
  markdownTable(
    [
      'Node-RED',
      'RSS idle, after a GC',
      'JS heap + external',
      'start to "Started flows"',
      'every start (RSS MB/start s)',
    ],
    [
      row('without the package', 'without'),
      row('with it, client + publisher deployed', 'with'),
      [
        'difference',
        `${diff('rss') >= 0 ? '+' : ''}${mb(diff('rss'))}`,
        `${diff('heap') >= 0 ? '+' : ''}${mb(diff('heap'))}`,
        `${diff('startMs') >= 0 ? '+' : ''}${(diff('startMs') / 1000).toFixed(2)} s`,
        '',
      ],
    ],
  );
  return runs;
}

module.exports = { footprintBench };
