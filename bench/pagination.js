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

/**
 * The reference for `item`: what a user builds without us, the whole list as one array (made in a
 * function node here, as an http request node would hand it on) into the core split node, one
 * message per object, into the same driver.
 */
function splitTab() {
  const { driverCode } = require('./lib/flows');
  const tab = 'split';
  const make = `const n = msg.items; const a = new Array(n);
for (let i = 0; i < n; i++) a[i] = { id: 'cus_' + String(i).padStart(8, '0'), object: 'customer', email: 'c' + i + '@example.com', name: 'Customer ' + i, created: 1700000000 + i, livemode: false };
msg.payload = a;
return msg;`;
  const fnNode = (id, name, func, outputs, wires) => ({
    id,
    type: 'function',
    z: tab,
    name,
    func,
    outputs,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: [],
    x: 300,
    y: 100,
    wires,
  });
  return [
    { id: tab, type: 'tab', label: 'split reference', disabled: false, info: '' },
    {
      id: 'split_in',
      type: 'http in',
      z: tab,
      name: '',
      url: '/bench/split',
      method: 'post',
      upload: false,
      swaggerDoc: '',
      x: 100,
      y: 100,
      wires: [['split_drv']],
    },
    fnNode(
      'split_drv',
      'driver',
      driverCode({
        make: '{ bench: i, items: Number(msg.req.query.items) }',
        count: '1',
        fin: '!msg.parts || msg.parts.index === msg.parts.count - 1',
      }),
      2,
      [['split_make'], ['split_res']],
    ),
    fnNode('split_make', 'the list as one array', make, 1, [['split_split']]),
    {
      id: 'split_split',
      type: 'split',
      z: tab,
      name: '',
      splt: '\\n',
      spltType: 'str',
      arraySplt: 1,
      arraySpltType: 'len',
      stream: false,
      addname: '',
      x: 500,
      y: 100,
      wires: [['split_drv']],
    },
    {
      id: 'split_res',
      type: 'http response',
      z: tab,
      name: '',
      statusCode: '',
      headers: {},
      x: 450,
      y: 220,
      wires: [],
    },
  ];
}

/** Peak RSS growth of one run of the split reference over n objects, in a fresh Node-RED. */
async function splitRun(server, n, warmup) {
  const nr = await NodeRed.start();
  try {
    await nr.deploy([...paginationFlows(server.url, n), ...splitTab()]);
    await nr.request('POST', `/bench/split?n=1&c=1&items=${warmup}`);
    await nr.gc();
    nr.resetPeak();
    const before = nr.memory();
    const r = await nr.request('POST', `/bench/split?n=1&c=1&items=${n}`);
    if (r.status !== 200 || r.body.items !== n)
      throw new Error(`split reference: ${JSON.stringify(r.body).slice(0, 300)}`);
    return { ms: r.body.ms, growth: nr.memory().hwm - before.rss };
  } finally {
    await nr.stop();
  }
}

async function paginationBench() {
  const SIZES = envList('BENCH_PAGE_OBJECTS', [10000, 100000]);
  const ROUNDS = envNumber('BENCH_PAGE_ROUNDS', 1);
  const WARMUP = 1000;
  heading(
    `Pagination in Node-RED: GetCustomers over ${SIZES.map((n) => n.toLocaleString('en')).join(' and ')} objects of ~150 bytes, pages of 100, ` +
      `a fresh Node-RED per run${ROUNDS > 1 ? `, median of ${ROUNDS}` : ''}`,
  );
  const server = await startServer();
  const results = {};
  const split = {};
  try {
    for (const n of SIZES) split[n] = await splitRun(server, n, WARMUP);
    for (let round = 0; round < ROUNDS; round++) {
      for (const output of OUTPUTS) {
        for (const n of SIZES) {
          const nr = await NodeRed.start();
          try {
            await nr.deploy(paginationFlows(server.url, Math.max(...SIZES)));
            const run = async (count) => {
              await server.configure({ listCount: count });
              const r = await nr.request('POST', `/bench/paginate-${output}?n=1&c=1`);
              if (r.status !== 200 || typeof r.body !== 'object')
                throw new Error(`output ${output}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
              if (r.body.errors) throw new Error(`output ${output}, ${count} objects: ${r.body.firstError}`);
              if (r.body.items !== count)
                throw new Error(`output ${output}: counted ${r.body.items} objects of ${count}`);
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
      ...SIZES.map(
        (n) =>
          `${med(output, n, 'requests')} · ${(med(output, n, 'ms') / 1000).toFixed(2)} s · ${(med(output, n, 'cpu') / 1000).toFixed(2)} s · +${mb(med(output, n, 'growth'))}`,
      ),
    ]),
  );
  console.log(
    `   reference for \`item\`: the list as one array into the core split node (one message per object): ` +
      SIZES.map((n) => `${n.toLocaleString('en')}: ${(split[n].ms / 1000).toFixed(2)} s, +${mb(split[n].growth)}`).join(
        '; ',
      ),
  );
  const base = median(OUTPUTS.flatMap((o) => SIZES.flatMap((n) => results[o][n].map((r) => r.rssBefore))));
  console.log(`\n   RSS of the Node-RED process before a run (after the warm-up and a full GC): ${mb(base)} (median)`);
  for (const n of SIZES) {
    const limit = Math.ceil(n / 100) + 1;
    const worst = Math.max(...OUTPUTS.flatMap((o) => results[o][n].map((r) => r.requests)));
    console.log(
      `   ${n.toLocaleString('en')} objects: at most ${worst} requests (the bound is ${limit}: ${n / 100} pages of 100, +1)${worst > limit ? '  <-- MORE THAN THE BOUND' : ''}`,
    );
  }
  return results;
}

module.exports = { paginationBench };
