'use strict';
// Store and forward (`offline: hold`) in a real Node-RED (a child process) against the Stripe-like
// server in another process, through a loopback uplink (scripts/uplink.js) that can be cut:
//
//   - CPU per message of POST /v1/customers with `hold` while the uplink is up, against `fail` (the
//     default): each message is written to the node's queue file (node:sqlite, WAL, synchronous=FULL)
//     before done(), sent, then removed; one at a time per publisher (its order);
//   - messages per second through `hold` on this machine's disk (the same runs' wall time);
//   - the RSS of the Node-RED process while 10,000 messages are held (the uplink down), against the
//     same process before.
//
// Needs Node.js 22.13+ (node:sqlite): run `npm run bench` with BENCH_ONLY=hold under the Node.js 22 or
// 24 binary from .test-installs/ (node scripts/test-matrix.js nr5 or node24 installs it).
const fs = require('fs');
const path = require('path');
const { NodeRed } = require('./lib/nodered');
const { startServer } = require('./lib/server');
const { CUSTOMER_MSG, drivenTab, stripeClient, publisher } = require('./lib/flows');
const { heading, median, sleep, envNumber, markdownTable } = require('./lib/common');
const { Uplink } = require('../scripts/uplink');

const VARIANTS = [
  { key: 'fail', route: 'fail', label: 'offline: fail', offline: 'fail' },
  { key: 'hold', route: 'hold', label: 'offline: hold', offline: 'hold' },
];

function holdBenchFlows(uplinkUrl) {
  const driver = { make: CUSTOMER_MSG };
  const fill = `for (let i = 0; i < Number(msg.req.query.n); i++) node.send({ payload: { email: 'held' + i + '@example.com', metadata: { order: String(i) } } });
msg.payload = { ok: true };
return [null, msg];`;
  return [
    stripeClient('c1', uplinkUrl, { rateLimit: 10000, maxRetries: 2 }),
    ...VARIANTS.flatMap((v) =>
      drivenTab({
        tab: v.key,
        route: v.route,
        label: v.label,
        first: `${v.key}_p`,
        driver,
        chain: [{ ...publisher(`${v.key}_p`, v.key, 'c1'), offline: v.offline }],
      }),
    ),
    { id: 'fill', type: 'tab', label: 'fill', disabled: false, info: '' },
    {
      id: 'fill_in',
      type: 'http in',
      z: 'fill',
      url: '/bench/fill',
      method: 'post',
      upload: false,
      swaggerDoc: '',
      x: 100,
      y: 100,
      wires: [['fill_f']],
    },
    {
      id: 'fill_f',
      type: 'function',
      z: 'fill',
      name: 'fill',
      func: fill,
      outputs: 2,
      x: 300,
      y: 100,
      wires: [['fill_p'], ['fill_res']],
    },
    { ...publisher('fill_p', 'fill', 'c1'), offline: 'hold', holdMax: 20000, x: 500, y: 100 },
    {
      id: 'fill_res',
      type: 'http response',
      z: 'fill',
      name: '',
      statusCode: '',
      headers: {},
      x: 500,
      y: 160,
      wires: [],
    },
  ];
}

async function holdBench() {
  const { holdAvailable, heldCount } = require('../dist/stripe');
  const ROUNDS = envNumber('BENCH_ROUNDS', 3);
  const PER_ROUND = envNumber('BENCH_HOLD_PER_ROUND', 1000);
  const WARMUP = envNumber('BENCH_WARMUP', 300);
  const HELD = envNumber('BENCH_HELD', 10000);
  heading(
    `Store and forward: POST /v1/customers with offline fail and hold, ${ROUNDS} rounds of ${PER_ROUND} after ${WARMUP} warm-up (medians); RSS with ${HELD} held`,
  );
  if (!holdAvailable()) {
    console.log(`   skipped: offline: hold needs Node.js 22.13+ (node:sqlite); this is ${process.version}`);
    return null;
  }
  const server = await startServer();
  const uplink = await Uplink.start(server.url);
  let nr;
  const results = {};
  let memory;
  try {
    nr = await NodeRed.start();
    await nr.deploy(holdBenchFlows(uplink.url));
    const run = async (v, n, c) => {
      const cpu0 = nr.cpuSplitMs();
      const r = await nr.request('POST', `/bench/${v.route}?n=${n}&c=${c}`);
      const cpu1 = nr.cpuSplitMs();
      if (r.status !== 200 || r.body.errors) throw new Error(`${v.label}: ${JSON.stringify(r.body).slice(0, 300)}`);
      const user = (cpu1.user - cpu0.user) / n;
      const sys = (cpu1.sys - cpu0.sys) / n;
      return { cpu: user + sys, user, sys, wall: r.body.ms / n };
    };
    for (const v of VARIANTS) await run(v, WARMUP, 1);
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of round % 2 ? VARIANTS.slice().reverse() : VARIANTS) {
        await sleep(100);
        (results[v.key] ||= []).push(await run(v, PER_ROUND, 1));
      }
    }
    // 10,000 held: the uplink down, the messages written to the queue file; RSS after a full GC, before and after.
    await nr.gc();
    const before = nr.memory().rss;
    await uplink.set('down');
    const t0 = Date.now();
    await nr.request('POST', `/bench/fill?n=${HELD}`);
    const file = path.join(nr.userDir, 'stripe-held', 'fill_p.sqlite');
    while (!(fs.existsSync(file) && heldCount(file) >= HELD)) await sleep(100);
    const fillMs = Date.now() - t0;
    await nr.gc();
    const after = nr.memory();
    memory = {
      before,
      after: after.rss,
      peak: after.hwm,
      fillMs,
      fileBytes: fs.statSync(file).size + fs.statSync(`${file}-wal`).size,
    };
  } finally {
    if (nr) await nr.stop();
    await uplink.stop();
    await server.stop();
  }
  const med = (k, f) => median(results[k].map((r) => r[f]));
  const MB = (b) => (b / 1048576).toFixed(1);
  console.log('');
  markdownTable(
    ['', 'CPU ms/msg', 'of it user', 'of it kernel', 'wall ms/msg', 'messages/s'],
    VARIANTS.map((v) => [
      v.label,
      med(v.key, 'cpu').toFixed(3),
      med(v.key, 'user').toFixed(3),
      med(v.key, 'sys').toFixed(3),
      med(v.key, 'wall').toFixed(3),
      (1000 / med(v.key, 'wall')).toFixed(0),
    ]),
  );
  console.log('');
  console.log(
    `   hold ÷ fail: CPU ${(med('hold', 'cpu') / med('fail', 'cpu')).toFixed(2)}× (goal ≤ 1.5×), wall ${(med('hold', 'wall') / med('fail', 'wall')).toFixed(2)}×`,
  );
  for (const v of VARIANTS)
    console.log(`   every round, ${v.label} (CPU ms/msg): ${results[v.key].map((r) => r.cpu.toFixed(3)).join(' ')}`);
  console.log(
    `   ${HELD} held (uplink down): RSS ${MB(memory.before)} MB before, ${MB(memory.after)} MB while they are held (+${MB(memory.after - memory.before)} MB, goal ≤ 20 MB); ` +
      `written in ${(memory.fillMs / 1000).toFixed(1)} s (${((HELD * 1000) / memory.fillMs).toFixed(0)} messages/s into the queue); queue file ${MB(memory.fileBytes)} MB`,
  );
  console.log(
    '   one message at a time per publisher (its order); each record flushed to disk (synchronous=FULL) before done().',
  );
  return { results, memory };
}

module.exports = { holdBench, holdBenchFlows };
