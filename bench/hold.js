'use strict';
// Store and forward (`offline: hold`) in a real Node-RED (a child process) against the Stripe-like
// server in another process, through a loopback uplink (scripts/uplink.js) that can be cut:
//
//   - CPU per message (user and kernel apart) of POST /v1/customers with `hold` while the uplink is up,
//     against `fail` (the default), driven one at a time and BENCH_INFLIGHT (16) in flight: each message
//     is written to the node's queue file (node:sqlite, WAL) and flushed before done(), sent, then
//     removed; with holdAtOnce 1 (the default) one at a time per publisher (its order), and with
//     holdAtOnce 16 up to 16 at once while Stripe answers;
//   - the floor in a flow: a function node that inserts and flushes each message with node:sqlite (what a
//     user would wire instead) before a publisher with `fail`, one at a time and 16 in flight;
//   - the bare floor: a node:sqlite insert + flush of one record on the same disk, in an idle process
//     (bench/lib/sqlite-floor.js);
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
const { CUSTOMER_MSG, drivenTab, stripeClient, publisher, fn } = require('./lib/flows');
const { heading, median, sleep, envNumber, markdownTable } = require('./lib/common');
const { sqliteFloor } = require('./lib/sqlite-floor');
const { Uplink } = require('../scripts/uplink');

const VARIANTS = [
  { key: 'fail', route: 'fail', label: 'offline: fail', offline: 'fail' },
  { key: 'hold', route: 'hold', label: 'offline: hold', offline: 'hold' },
  { key: 'hold16', route: 'hold16', label: 'offline: hold, 16 at once', offline: 'hold', holdAtOnce: 16 },
  // The floor in a flow: what a user would wire instead, a function node that writes each message to
  // its own SQLite file (the floor's table, WAL, synchronous=FULL: each insert flushed) before a
  // publisher with offline: fail. Nothing removes them, nothing sends them again.
  {
    key: 'byhand',
    route: 'byhand',
    label: 'offline: fail, after an insert + flush by hand',
    offline: 'fail',
    byHand: true,
  },
];

/** The function node that writes each message by hand (node:sqlite from functionGlobalContext). */
function byHandWriter(id, tab, next) {
  return fn(
    id,
    tab,
    'insert + flush',
    `context.get('add').run(Date.now(), null, JSON.stringify(msg.payload));
return msg;`,
    [[next]],
    {
      initialize: `const { DatabaseSync } = global.get('sqlite');
const db = new DatabaseSync(global.get('userDir') + '/by-hand.sqlite');
db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE IF NOT EXISTS held (seq INTEGER PRIMARY KEY AUTOINCREMENT, since INTEGER NOT NULL, key TEXT, body TEXT NOT NULL)');
context.set('db', db);
context.set('add', db.prepare('INSERT INTO held (since, key, body) VALUES (?, ?, ?)'));`,
      finalize: `context.get('db').close();`,
    },
  );
}

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
        first: v.byHand ? `${v.key}_w` : `${v.key}_p`,
        driver,
        chain: [
          ...(v.byHand ? [byHandWriter(`${v.key}_w`, v.key, `${v.key}_p`)] : []),
          {
            ...publisher(`${v.key}_p`, v.key, 'c1'),
            offline: v.offline,
            ...(v.holdAtOnce ? { holdAtOnce: v.holdAtOnce } : {}),
          },
        ],
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
  const PER_ROUND = envNumber('BENCH_HOLD_PER_ROUND', 3000);
  const WARMUP = envNumber('BENCH_WARMUP', 2000);
  const HELD = envNumber('BENCH_HELD', 10000);
  const INFLIGHT = envNumber('BENCH_INFLIGHT', 16);
  const MODES = [
    { key: 'seq', c: 1, label: 'one at a time' },
    { key: 'par', c: INFLIGHT, label: `${INFLIGHT} in flight` },
  ];
  heading(
    `Store and forward: POST /v1/customers with offline fail and hold, one at a time and ${INFLIGHT} in flight, ${ROUNDS} rounds of ${PER_ROUND} after ${WARMUP} warm-up (medians); RSS with ${HELD} held`,
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
  let floor;
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
    for (const v of VARIANTS) for (const m of MODES) await run(v, WARMUP, m.c);
    for (let round = 0; round < ROUNDS; round++) {
      for (const m of MODES) {
        for (const v of round % 2 ? VARIANTS.slice().reverse() : VARIANTS) {
          await sleep(100);
          ((results[v.key] ||= {})[m.key] ||= []).push(await run(v, PER_ROUND, m.c));
        }
      }
    }
    // The floor, on the same disk, while Node-RED is idle.
    await sleep(200);
    floor = sqliteFloor(PER_ROUND);
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
  const med = (k, m, f) => median(results[k][m].map((r) => r[f]));
  const MB = (b) => (b / 1048576).toFixed(1);
  const row = (label, r) => [
    label,
    r.cpu.toFixed(3),
    r.user.toFixed(3),
    r.sys.toFixed(3),
    r.wall.toFixed(3),
    (1000 / r.wall).toFixed(0),
  ];
  const medians = (k, m) => Object.fromEntries(['cpu', 'user', 'sys', 'wall'].map((f) => [f, med(k, m, f)]));
  console.log('');
  markdownTable(
    ['', 'CPU ms/msg', 'of it user', 'of it kernel', 'wall ms/msg', 'messages/s'],
    [
      ...MODES.flatMap((m) => VARIANTS.map((v) => row(`${v.label}, ${m.label}`, medians(v.key, m.key)))),
      row('floor: bare node:sqlite insert + flush, one a transaction', floor),
    ],
  );
  console.log('');
  const cpu = (k, m) => med(k, m, 'cpu');
  console.log(
    `   hold with holdAtOnce 16 ÷ fail, ${INFLIGHT} in flight: CPU ${(cpu('hold16', 'par') / cpu('fail', 'par')).toFixed(2)}× (goal ≤ 1.3×), wall ${(med('hold16', 'par', 'wall') / med('fail', 'par', 'wall')).toFixed(2)}×`,
  );
  console.log(
    `   hold (holdAtOnce 1, strictly in order) ÷ fail, ${INFLIGHT} in flight: CPU ${(cpu('hold', 'par') / cpu('fail', 'par')).toFixed(2)}×, wall ${(med('hold', 'par', 'wall') / med('fail', 'par', 'wall')).toFixed(2)}×`,
  );
  console.log(
    `   hold, ${INFLIGHT} in flight ÷ (fail one at a time + floor): CPU ${(cpu('hold', 'par') / (cpu('fail', 'seq') + floor.cpu)).toFixed(2)}× (hold sends one request at a time per publisher, its order; fail with ${INFLIGHT} in flight has ${INFLIGHT} requests on the way at once)`,
  );
  console.log(
    `   hold ÷ (fail after an insert + flush by hand: the floor in the flow), one at a time: CPU ${(cpu('hold', 'seq') / cpu('byhand', 'seq')).toFixed(2)}×; ` +
      `${INFLIGHT} in flight, hold with holdAtOnce 16: ${(cpu('hold16', 'par') / cpu('byhand', 'par')).toFixed(2)}×, holdAtOnce 1: ${(cpu('hold', 'par') / cpu('byhand', 'par')).toFixed(2)}×`,
  );
  console.log(
    `   the floor in the flow costs ${((cpu('byhand', 'seq') - cpu('fail', 'seq')) * 1000).toFixed(0)} µs a message over fail, one at a time; the bare floor, in an idle process, ${(floor.cpu * 1000).toFixed(0)} µs`,
  );
  console.log(
    `   hold ÷ (fail + floor), one at a time: CPU ${(cpu('hold', 'seq') / (cpu('fail', 'seq') + floor.cpu)).toFixed(2)}× (goal ≤ 1.2×); hold ÷ fail ${(cpu('hold', 'seq') / cpu('fail', 'seq')).toFixed(2)}×, wall ${(med('hold', 'seq', 'wall') / med('fail', 'seq', 'wall')).toFixed(2)}×`,
  );
  for (const m of MODES)
    for (const v of VARIANTS)
      console.log(
        `   every round, ${v.label}, ${m.label} (CPU ms/msg): ${results[v.key][m.key].map((r) => r.cpu.toFixed(3)).join(' ')}`,
      );
  console.log(
    `   ${HELD} held (uplink down): RSS ${MB(memory.before)} MB before, ${MB(memory.after)} MB while they are held (+${MB(memory.after - memory.before)} MB, goal ≤ 20 MB); ` +
      `written in ${(memory.fillMs / 1000).toFixed(1)} s (${((HELD * 1000) / memory.fillMs).toFixed(0)} messages/s into the queue); queue file ${MB(memory.fileBytes)} MB`,
  );
  console.log(
    '   holdAtOnce 1 (the default) sends one message at a time per publisher (its order), 16 up to 16 at once while Stripe answers; each record is on disk (flushed) before its done().',
  );
  return { results, memory, floor };
}

module.exports = { holdBench, holdBenchFlows };
