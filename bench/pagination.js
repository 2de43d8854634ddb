'use strict';
// Pagination in a real Node-RED: a stripe-subscriber (GetCustomers, pagination on, pages of 100) reads
// a list of BENCH_PAGE_OBJECTS (default 10,000, 100,000 and 300,000) customers of about 150 bytes each
// from the Stripe-like server (another process), in output `item`, `page` and `all`; a function node
// counts the objects that arrive and answers when the run is done. `item` is also run into a core
// switch node that passes only the sequence's last message (a light consumer), and measured against
// stripe-node's auto-pagination in a function node (one message per object), the list as one array
// into the core split node, and the floor: a plain Node process reading and parsing the same pages.
// Each run is in a fresh process, after a warm-up run of 1,000 objects and a full GC. Printed: the
// requests the server answered, the time, the CPU of the Node-RED process, and the growth of its peak
// RSS over its RSS before the run (/proc/<pid>/clear_refs resets the peak to the current RSS; VmHWM
// is read after the run).
const { NodeRed } = require('./lib/nodered');
const { startServer } = require('./lib/server');
const { paginationFlows, itemReferenceFlows } = require('./lib/flows');
const { floorProcess } = require('./lib/pages-floor');
const { heading, median, envList, envNumber, mb, markdownTable, sleep } = require('./lib/common');

const OUTPUTS = ['item', 'page', 'all'];
/** Node-RED's guide for the Raspberry Pi starts it with this, so that V8 frees unused memory sooner. */
const PI_HEAP = ['--max-old-space-size=256'];

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

/**
 * One measured run in a fresh Node-RED: deploys `flows`, runs `warmup` objects, a full GC, resets the
 * peak RSS, then runs `n` objects. `go(count)` starts a run of `count` objects and resolves with the
 * driver's answer. Resolves with { ms, cpu, growth, rssBefore, requests }.
 */
async function freshRun(server, flows, go, n, warmup, nodeArgs) {
  const nr = await NodeRed.start({ nodeArgs });
  try {
    await nr.deploy(flows);
    await go(nr, warmup);
    await server.reset();
    await nr.gc();
    nr.resetPeak();
    const before = nr.memory();
    const cpu0 = nr.cpuMs();
    const body = await go(nr, n);
    const cpu = nr.cpuMs() - cpu0;
    const after = nr.memory();
    const stats = await server.stats();
    await nr.gc();
    return {
      ms: body.ms,
      cpu,
      rssBefore: before.rss,
      growth: after.hwm - before.rss,
      afterGc: nr.memory().rss - before.rss,
      requests: stats.byRoute['GET /v1/customers'] || 0,
    };
  } finally {
    await nr.stop();
  }
}

/** A driver route run over `count` objects of the server's list; fails unless every object was counted. */
function listRun(server, route, what) {
  return async (nr, count) => {
    await server.configure({ listCount: count });
    const r = await nr.request('POST', `/bench/${route}?n=1&c=1`);
    if (r.status !== 200 || typeof r.body !== 'object')
      throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    if (r.body.errors) throw new Error(`${what}, ${count} objects: ${r.body.firstError}`);
    if (r.body.items !== count) throw new Error(`${what}: counted ${r.body.items} objects of ${count}`);
    return r.body;
  };
}

/** The split reference's run: the array is made in the flow, no server. */
function splitRun(nr, count) {
  return nr.request('POST', `/bench/split?n=1&c=1&items=${count}`).then((r) => {
    if (r.status !== 200 || r.body.items !== count)
      throw new Error(`split reference: ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body;
  });
}

/** The floor: a plain Node process reading and parsing the same pages (bench/lib/pages-floor.js). */
async function floorRun(server, n, warmup) {
  const floor = await floorProcess(server.url);
  try {
    await server.configure({ listCount: warmup });
    await floor.run();
    await server.configure({ listCount: n });
    await floor.gc();
    await sleep(500);
    floor.resetPeak();
    const before = floor.memory();
    const r = await floor.run();
    if (r.objects !== n) throw new Error(`pages floor: read ${r.objects} objects of ${n}`);
    const growth = floor.memory().hwm - before.rss;
    await floor.gc();
    await sleep(500);
    return { ms: r.ms, growth, afterGc: floor.memory().rss - before.rss };
  } finally {
    await floor.stop();
  }
}

async function paginationBench() {
  const SIZES = envList('BENCH_PAGE_OBJECTS', [10000, 100000, 300000]);
  const ROUNDS = envNumber('BENCH_PAGE_ROUNDS', 1);
  const WARMUP = 1000;
  const max = Math.max(...SIZES);
  heading(
    `Pagination in Node-RED: GetCustomers over ${SIZES.map((n) => n.toLocaleString('en')).join(', ')} objects of ~150 bytes, pages of 100, ` +
      `a fresh Node-RED per run${ROUNDS > 1 ? `, median of ${ROUNDS}` : ''}`,
  );
  const server = await startServer();
  const results = {};
  const others = {};
  const add = (table, key, n, r) => ((table[key] ||= {})[n] ||= []).push(r);
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const n of SIZES) {
        for (const output of OUTPUTS) {
          const go = listRun(server, `paginate-${output}`, `output ${output}`);
          add(results, output, n, await freshRun(server, paginationFlows(server.url, max), go, n, WARMUP));
        }
        const flows = [...paginationFlows(server.url, max), ...itemReferenceFlows(server.url, max), ...splitTab()];
        const piRun = listRun(server, 'paginate-item', 'item on a Pi heap');
        add(others, 'pi', n, await freshRun(server, paginationFlows(server.url, max), piRun, n, WARMUP, PI_HEAP));
        add(
          others,
          'switch',
          n,
          await freshRun(server, flows, listRun(server, 'paginate-item-switch', 'item into a switch'), n, WARMUP),
        );
        add(
          others,
          'sdk',
          n,
          await freshRun(server, flows, listRun(server, 'stripe-node-pages', 'stripe-node pages'), n, WARMUP),
        );
        add(others, 'split', n, await freshRun(server, flows, splitRun, n, WARMUP));
        add(others, 'floor', n, await floorRun(server, n, WARMUP));
      }
    }
  } finally {
    await server.stop();
  }
  const med = (table, key, n, f) => median(table[key][n].map((r) => r[f]));
  const signed = (b) => (b < 0 ? `-${mb(-b)}` : `+${mb(b)}`);
  const cell = (table, key, n) =>
    `${(med(table, key, n, 'ms') / 1000).toFixed(2)} s · +${mb(med(table, key, n, 'growth'))} (${signed(med(table, key, n, 'afterGc'))})`;
  console.log('');
  markdownTable(
    ['output', ...SIZES.map((n) => `${n.toLocaleString('en')} objects: requests · time · CPU · peak RSS growth`)],
    OUTPUTS.map((output) => [
      `\`${output}\` into a function node`,
      ...SIZES.map(
        (n) =>
          `${med(results, output, n, 'requests')} · ${(med(results, output, n, 'ms') / 1000).toFixed(2)} s · ${(med(results, output, n, 'cpu') / 1000).toFixed(2)} s · +${mb(med(results, output, n, 'growth'))}`,
      ),
    ]),
  );
  console.log(
    '\n   `item` and its company: time · peak RSS growth (RSS after the run and a full GC, against before the run)',
  );
  markdownTable(
    ['run', ...SIZES.map((n) => `${n.toLocaleString('en')} objects`)],
    [
      ['ours: `item` into a function node (above)', ...SIZES.map((n) => cell(results, 'item', n))],
      [
        'ours: `item` into a function node, on a heap set as for a Raspberry Pi (`node --max-old-space-size=256`)',
        ...SIZES.map((n) => cell(others, 'pi', n)),
      ],
      ['ours: `item` into a switch node passing the last message', ...SIZES.map((n) => cell(others, 'switch', n))],
      [
        'stripe-node auto-pagination in a function node, one message per object',
        ...SIZES.map((n) => cell(others, 'sdk', n)),
      ],
      ['the list as one array into the core split node', ...SIZES.map((n) => cell(others, 'split', n))],
      [
        'floor: a plain Node process reading and parsing the pages (no Node-RED)',
        ...SIZES.map((n) => cell(others, 'floor', n)),
      ],
    ],
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
  return { results, others };
}

module.exports = { paginationBench };
