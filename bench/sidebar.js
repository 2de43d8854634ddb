'use strict';
// The Stripe sidebar's cost. CPU per message of POST /v1/customers through one stripe-publisher
// (sequential, as the speed section's first column) in two Node-RED child processes started together:
// one with the sidebar's recording off (settings `stripeSidebar: false`: the package as it was before
// the sidebar), one with it on, measured without an editor and with one connected to /comms (a
// websocket that receives every update, as the editor's page does); the variants rotated each round,
// medians. Then the memory of every buffer full, in this process: a recorder with clients whose
// rings are full of requests with parameters (the largest a row gets), webhooks with an hour of
// counts, measured as heap growth after a full GC.
const { NodeRed } = require('./lib/nodered');
const { startServer } = require('./lib/server');
const { throughputFlows } = require('./lib/flows');
const { CommsClient } = require('./lib/comms-client');
const { heading, median, sleep, envNumber, markdownTable } = require('./lib/common');

async function sidebarBench() {
  const ROUNDS = envNumber('BENCH_ROUNDS', 3);
  const PER_ROUND = envNumber('BENCH_PER_ROUND', 2000);
  const WARMUP = envNumber('BENCH_WARMUP', 500);
  heading(
    `The Stripe sidebar: CPU per message (stripe-publisher, sequential), ${ROUNDS} rounds of ${PER_ROUND} after ${WARMUP} warm-up, medians; memory of full buffers`,
  );
  const server = await startServer();
  let off;
  let on;
  let editor;
  const results = { off: [], on: [], editor: [] };
  let frames = 0;
  try {
    [off, on] = await Promise.all([NodeRed.start({ settings: { stripeSidebar: false } }), NodeRed.start()]);
    await Promise.all([off.deploy(throughputFlows(server.url)), on.deploy(throughputFlows(server.url))]);
    const run = async (nr, n) => {
      const cpu0 = nr.cpuMs();
      const r = await nr.request('POST', `/bench/publisher?n=${n}&c=1`);
      const cpu1 = nr.cpuMs();
      if (r.status !== 200 || r.body.errors)
        throw new Error(`sidebar bench: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      return (cpu1 - cpu0) / n;
    };
    await run(off, WARMUP);
    await run(on, WARMUP);
    const variants = [
      { key: 'off', go: () => run(off, PER_ROUND) },
      { key: 'on', go: () => run(on, PER_ROUND) },
      {
        key: 'editor',
        go: async () => {
          editor = await CommsClient.connect(on.port);
          try {
            return await run(on, PER_ROUND);
          } finally {
            frames += editor.raw.length;
            await editor.close();
            editor = undefined;
          }
        },
      },
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < variants.length; i++) {
        const v = variants[(i + round) % variants.length];
        await sleep(100);
        results[v.key].push(await v.go());
      }
    }
  } finally {
    if (editor) await editor.close();
    await Promise.all([off && off.stop(), on && on.stop()]);
    await server.stop();
  }
  const m = (k) => median(results[k]);
  const pct = (k) => `${(((m(k) - m('off')) / m('off')) * 100).toFixed(1)}%`;
  console.log('');
  markdownTable(
    ['', 'CPU ms/msg', 'against recording off'],
    [
      ['recording off (as before the sidebar)', m('off').toFixed(4), ''],
      ['recording on, no editor', m('on').toFixed(4), pct('on')],
      ['recording on, an editor connected', m('editor').toFixed(4), pct('editor')],
    ],
  );
  console.log(
    `   every round (CPU ms/msg): ${Object.entries(results)
      .map(([k, v]) => `${k}: ${v.map((x) => x.toFixed(4)).join(' ')}`)
      .join('   ')}`,
  );
  console.log(
    `   the connected editor received ${frames} websocket frames in ${ROUNDS} rounds of ${PER_ROUND} messages`,
  );

  // Memory with every buffer full.
  const { Sidebar, REQUESTS } = require('../dist/nodes/sidebar');
  const gc = global.gc || (() => undefined);
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const CLIENTS = 4;
  const before = heap();
  const sb = new Sidebar();
  const params = 'name=customer&' + 'metadata%5Border%5D=x'.repeat(100);
  const t0 = Date.now() - REQUESTS * 1000;
  for (let c = 0; c < CLIENTS; c++) {
    const fake = { mode: 'test', limiter: { limit: 25, currentRate: 25 }, onRequest: undefined };
    sb.watch(`client${c}`, fake, `client ${c}`);
    for (let i = 0; i < REQUESTS * 2; i++) {
      fake.onRequest({
        at: t0 + i * 1000,
        ms: 120,
        source: `node${i % 7}`,
        operation: 'PostCustomers',
        method: 'POST',
        path: '/v1/customers',
        status: 200,
        retries: 0,
        throttled: 0,
        requestId: `req_${String(i).padStart(14, '0')}`,
        idempotencyKey: `${String(i).padStart(8, '0')}-aaaa-bbbb-cccc-dddddddddddd`,
        params: params.slice(0, 2048) + String(i),
      });
    }
    for (let k = 0; k < 60; k++) sb.webhook(`hook${c}`, 'accepted', { id: `evt_${k}`, type: 'customer.created' });
  }
  sb.stop();
  const grew = heap() - before;
  console.log(
    `   memory, every buffer full: ${(grew / 1048576).toFixed(2)} MB heap for ${CLIENTS} clients (${REQUESTS} requests each, parameters of ${params.length} bytes) and ${CLIENTS} webhooks, ${(grew / CLIENTS / 1048576).toFixed(2)} MB per client`,
  );
  return { results, grew, sb };
}

module.exports = { sidebarBench };
