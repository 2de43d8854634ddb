'use strict';
// Pagination in a real Node-RED: a stripe-subscriber (GetCustomers, pagination on, pages of 100) reads
// a list of BENCH_PAGE_OBJECTS (default 10,000 and 100,000) customers of about 150 bytes each from the
// Stripe-like server (another process), in output `item`, `page` and `all`; a function node counts the
// objects that arrive and answers when the run is done. Each (output, size) runs in a fresh Node-RED,
// after a warm-up run of 1,000 objects and a full GC. Printed: the requests the server answered, the
// time, the CPU of the Node-RED process, and the growth of its peak RSS over its RSS before the run
// (/proc/<pid>/clear_refs resets the peak to the current RSS; VmHWM is read after the run).
const { NodeRed } = require('./lib/nodered');
const { startServer } = require('./lib/server');
const { paginationFlows } = require('./lib/flows');
const { heading, median, envList, envNumber, mb, markdownTable } = require('./lib/common');

const OUTPUTS = ['item', 'page', 'all'];

async function paginationBench() {
  const SIZES = envList('BENCH_PAGE_OBJECTS', [10000, 100000]);
  const ROUNDS = envNumber('BENCH_PAGE_ROUNDS', 1);
  const WARMUP = 1000;
  heading(`Pagination in Node-RED: GetCustomers over ${SIZES.map((n) => n.toLocaleString('en')).join(' and ')} objects of ~150 bytes, pages of 100, ` +
    `a fresh Node-RED per run${ROUNDS > 1 ? `, median of ${ROUNDS}` : ''}`);
  const server = await startServer();
  const results = {};
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const output of OUTPUTS) {
        for (const n of SIZES) {
          const nr = await NodeRed.start();
          try {
            await nr.deploy(paginationFlows(server.url, Math.max(...SIZES)));
            const run = async (count) => {
              await server.configure({ listCount: count });
              const r = await nr.request('POST', `/bench/paginate-${output}?n=1&c=1`);
              if (r.status !== 200 || typeof r.body !== 'object') throw new Error(`output ${output}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
              if (r.body.errors) throw new Error(`output ${output}, ${count} objects: ${r.body.firstError}`);
              if (r.body.items !== count) throw new Error(`output ${output}: counted ${r.body.items} objects of ${count}`);
              return r.body;
            };
            await run(WARMUP);
            await server.reset();
            await nr.gc();
            nr.resetPeak();
            const before = nr.memory();
            const cpu0 = nr.cpuMs();
            const body = await run(n);
            const cpu = nr.cpuMs() - cpu0;
            const after = nr.memory();
            const stats = await server.stats();
            ((results[output] ||= {})[n] ||= []).push({
              requests: stats.byRoute['GET /v1/customers'] || 0,
              ms: body.ms,
              cpu,
              rssBefore: before.rss,
              growth: after.hwm - before.rss,
            });
          } finally {
            await nr.stop();
          }
        }
      }
    }
  } finally {
    await server.stop();
  }
  const med = (output, n, f) => median(results[output][n].map((r) => r[f]));
  console.log('');
  markdownTable(
    ['output', ...SIZES.map((n) => `${n.toLocaleString('en')} objects: requests · time · CPU · peak RSS growth`)],
    OUTPUTS.map((output) => [
      `\`${output}\``,
      ...SIZES.map((n) => `${med(output, n, 'requests')} · ${(med(output, n, 'ms') / 1000).toFixed(2)} s · ${(med(output, n, 'cpu') / 1000).toFixed(2)} s · +${mb(med(output, n, 'growth'))}`),
    ]),
  );
  const base = median(OUTPUTS.flatMap((o) => SIZES.flatMap((n) => results[o][n].map((r) => r.rssBefore))));
  console.log(`\n   RSS of the Node-RED process before a run (after the warm-up and a full GC): ${mb(base)} (median)`);
  for (const n of SIZES) {
    const limit = Math.ceil(n / 100) + 1;
    const worst = Math.max(...OUTPUTS.flatMap((o) => results[o][n].map((r) => r.requests)));
    console.log(`   ${n.toLocaleString('en')} objects: at most ${worst} requests (the bound is ${limit}: ${n / 100} pages of 100, +1)${worst > limit ? '  <-- MORE THAN THE BOUND' : ''}`);
  }
  return results;
}

module.exports = { paginationBench };
