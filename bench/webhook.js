'use strict';
// Receiving webhooks in a real Node-RED (a child process), two ways, each event signed as Stripe signs:
//
//   (a) our stripe-webhook node (signature, dedupe in the memory context store, 200 at once) -> a
//       function node that ends the message;
//   (b) what a user builds without us on Node-RED 4.1+: http in (POST, "do not parse the body") -> a
//       function node calling stripe-node's webhooks.constructEvent (the official check; no dedupe) ->
//       http response, the event sent to a second function node that ends it.
//
// The bench process signs every body in advance (that cost is Stripe's, not Node-RED's) and posts them
// over keep-alive connections, one at a time (the latency a request adds) and BENCH_WEBHOOK_INFLIGHT at
// once (events per second; Node-RED runs JavaScript on one core). CPU per event: utime + stime of the
// Node-RED process from /proc. BENCH_WEBHOOK_EVENTS per run after a warm-up, BENCH_ROUNDS rounds with
// the order rotated; medians.
const http = require('http');
const Stripe = require('stripe');
const { NodeRed } = require('./lib/nodered');
const { heading, median, envNumber, markdownTable } = require('./lib/common');

const SECRET = 'whsec_bench_secret';

const VARIANTS = [
  { key: 'ours', path: '/bench/ours', label: 'stripe-webhook' },
  { key: 'ref', path: '/bench/ref', label: 'http in + stripe-node in a function' },
];

function flows() {
  return [
    { id: 'tab', type: 'tab', label: 'webhook bench' },
    { id: 'wh', type: 'stripe-webhook', z: 'tab', url: '/bench/ours', events: ['*'], store: '', wires: [['sink']] },
    { id: 'sink', type: 'function', z: 'tab', func: 'return null;', outputs: 1, wires: [[]] },
    {
      id: 'in',
      type: 'http in',
      z: 'tab',
      url: '/bench/ref',
      method: 'post',
      skipBodyParsing: true,
      wires: [['check']],
    },
    {
      id: 'check',
      type: 'function',
      z: 'tab',
      outputs: 2,
      func: `const Stripe = global.get('Stripe');
try {
  const event = Stripe.webhooks.constructEvent(msg.payload, msg.req.headers['stripe-signature'], ${JSON.stringify(SECRET)});
  const answer = { req: msg.req, res: msg.res, statusCode: 200, payload: { received: true } };
  return [answer, { payload: event, topic: event.type }];
} catch (e) {
  msg.statusCode = 400;
  msg.payload = { error: e.message };
  return [msg, null];
}`,
      wires: [['out'], ['sink']],
    },
    { id: 'out', type: 'http response', z: 'tab', statusCode: '', headers: {}, wires: [] },
  ];
}

function signedBodies(n, tag) {
  const signer = Stripe('sk_test_bench');
  const now = Math.floor(Date.now() / 1000);
  const out = [];
  for (let i = 0; i < n; i++) {
    const body = JSON.stringify({
      id: `evt_${tag}_${i}`,
      object: 'event',
      type: 'payment_intent.succeeded',
      livemode: false,
      api_version: '2024-04-10',
      created: now,
      data: { object: { id: `pi_${i}`, object: 'payment_intent', amount: 1999, currency: 'eur', status: 'succeeded' } },
    });
    out.push({
      body,
      header: signer.webhooks.generateTestHeaderString({ payload: body, secret: SECRET, timestamp: now }),
    });
  }
  return out;
}

function post(agent, port, path, { body, header }) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'stripe-signature': header,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`${path}: HTTP ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Posts every request with `c` in flight; resolves with the wall time in ms. */
async function drive(nr, path, requests, c) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: c });
  const started = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < requests.length) await post(agent, nr.port, path, requests[next++]);
  };
  try {
    await Promise.all(Array.from({ length: c }, worker));
  } finally {
    agent.destroy();
  }
  return Number(process.hrtime.bigint() - started) / 1e6;
}

async function webhookBench() {
  const ROUNDS = envNumber('BENCH_ROUNDS', 3);
  const N = envNumber('BENCH_WEBHOOK_EVENTS', 2000);
  const WARMUP = envNumber('BENCH_WARMUP', 500);
  const INFLIGHT = envNumber('BENCH_WEBHOOK_INFLIGHT', 16);
  heading(
    `Webhooks in Node-RED: ${ROUNDS} rounds of ${N} signed events per variant and mode after ${WARMUP} warm-up, medians`,
  );
  const nr = await NodeRed.start({ flows: flows(), credentials: { wh: { secret: SECRET } } });
  const results = {};
  let batch = 0;
  try {
    const run = async (v, n, c) => {
      const requests = signedBodies(n, `${v.key}${batch++}`);
      const cpu0 = nr.cpuMs();
      const ms = await drive(nr, v.path, requests, c);
      return { cpu: (nr.cpuMs() - cpu0) / n, wall: ms / n, perSecond: (n * 1000) / ms };
    };
    for (const v of VARIANTS) for (const c of [1, INFLIGHT]) await run(v, WARMUP, c);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 ? [...VARIANTS].reverse() : VARIANTS;
      for (const v of order) {
        for (const [mode, c] of [
          ['seq', 1],
          ['par', INFLIGHT],
        ]) {
          ((results[v.key] ||= {})[mode] ||= []).push(await run(v, N, c));
        }
      }
    }
    const problems = nr.problems().filter((l) => !/Projects disabled|unencrypted credentials/.test(l));
    if (problems.length)
      console.log(
        problems
          .slice(0, 10)
          .map((l) => `   | ${l}`)
          .join('\n'),
      );
  } finally {
    await nr.stop();
  }
  const m = (k, mode, f) => median(results[k][mode].map((r) => r[f]));
  console.log('');
  markdownTable(
    [
      'variant',
      'latency, 1 at a time',
      `CPU/event, 1 at a time`,
      `events/s, ${INFLIGHT} in flight`,
      `CPU/event, ${INFLIGHT} in flight`,
    ],
    VARIANTS.map((v) => [
      v.label,
      `${m(v.key, 'seq', 'wall').toFixed(3)} ms`,
      `${m(v.key, 'seq', 'cpu').toFixed(3)} ms`,
      `${Math.round(m(v.key, 'par', 'perSecond'))}`,
      `${m(v.key, 'par', 'cpu').toFixed(3)} ms`,
    ]),
  );
  const ratio = (f, mode) => (m('ours', mode, f) / m('ref', mode, f)).toFixed(2);
  console.log(
    `\n   stripe-webhook vs http in + stripe-node: latency ${ratio('wall', 'seq')}x, CPU ${ratio('cpu', 'seq')}x (1 at a time), ` +
      `events/s ${ratio('perSecond', 'par')}x, CPU ${ratio('cpu', 'par')}x (${INFLIGHT} in flight). Ours also keeps every event id (dedupe); the reference keeps none.`,
  );
  return results;
}

module.exports = { webhookBench };
