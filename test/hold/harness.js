'use strict';
// What the store-and-forward tests share: stripe-stateful-mock on loopback with a record of the
// customers it created (in the order it created them), an uplink in front of it that can be cut
// (scripts/uplink.js), and a flow as a user wires it: an inject node, a function node that makes the
// messages, publishers with `offline: hold`, a Catch node and a status node, whose records the flow
// serves on an http-in route (a global context in memory: read them before a SIGKILL).
const assert = require('assert');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { listenOnLoopback } = require('../../scripts/loopback');
const { Uplink } = require('../../scripts/uplink');

const KEY = 'sk_test_holdTests4242';
const tab = 'hold-tab';
const node = (id, type, props, wires = [[]]) => ({ id, type, z: tab, x: 100, y: 100, wires, ...props });
const record = (id, list, what) =>
  node(id, 'function', {
    func: `const l = global.get('${list}') || []; l.push(${what}); global.set('${list}', l); return null;`,
    outputs: 1,
  });

/**
 * stripe-stateful-mock behind an uplink, recording each customer it creates once (`created`: their
 * metadata, in order) and how many requests it has at once (`atOnce`); `delayMs` holds each answer
 * back that long (requests then overlap, as at Stripe).
 */
async function startStripe({ delayMs = 0 } = {}) {
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'silent';
  const { createExpressApp } = require('stripe-stateful-mock');
  require('loglevel').setLevel(process.env.LOG_LEVEL);
  const app = createExpressApp();
  const created = [];
  const seen = new Set();
  // Requests on their way at once: now, and the most since the test last reset it.
  const atOnce = { now: 0, most: 0 };
  const server = http.createServer((req, res) => {
    atOnce.most = Math.max(atOnce.most, ++atOnce.now);
    res.on('close', () => atOnce.now--);
    // A message with msg.query.refuse is refused for good, as Stripe refuses a bad request.
    if (/[?&]refuse=1(&|$)/.test(req.url)) {
      res.writeHead(400, { 'content-type': 'application/json', 'request-id': 'req_refused' });
      res.end(
        JSON.stringify({
          error: { type: 'invalid_request_error', code: 'parameter_invalid', message: 'Refused by the test server' },
        }),
      );
      return;
    }
    res.json = function (body) {
      if (this.statusCode < 300 && body && body.object === 'customer' && !seen.has(body.id)) {
        seen.add(body.id);
        created.push({ ...body.metadata, key: req.headers['idempotency-key'] });
      }
      return Object.getPrototypeOf(this).json.call(this, body);
    };
    if (delayMs) setTimeout(() => app(req, res), delayMs);
    else app(req, res);
  });
  const handle = await listenOnLoopback(server);
  const uplink = await Uplink.start(handle.url);
  return {
    url: handle.url,
    uplink,
    created,
    atOnce,
    stop: async () => {
      await uplink.stop();
      await handle.stop();
    },
  };
}

/** How many messages the flow keeps in flight at once (sent to a publisher, not yet accepted by it). */
const IN_FLIGHT = 16;

/**
 * The flow: inject `go` -> function `make` (msg.payload { from, to }: one message per number, as
 * `{ name, metadata: { seq, pub } }`, to publisher A for even numbers and B for odd ones) -> the
 * publishers. `make` keeps 16 messages in flight, as a device that takes several at once: it sends
 * the next when a publisher has accepted one (done(): a Complete node) or refused it (the Catch
 * node). Given `killAt` (a number), that message is marked to kill Node-RED (SIGKILL) the instant a
 * publisher accepts it (ACCEPT_HOOK, in the settings file). The publishers' outputs, the
 * Catch node and the status node are recorded. `publisher` adds settings to both publishers.
 */
function holdFlows(baseUri, { publisher = {}, client = {}, only } = {}) {
  const pubs = only ?? ['A', 'B'];
  const make = `const names = ${JSON.stringify(pubs)};
const st = context.get('st') || { todo: [], inflight: 0, refuse: [] };
context.set('st', st);
const seqOf = (m) => (m && m.payload && m.payload.metadata ? Number(m.payload.metadata.seq) : NaN);
if (msg.feed) {
  for (let seq = msg.payload.from; seq < msg.payload.to; seq++) st.todo.push(seq);
  st.refuse = st.refuse.concat(msg.payload.refuse || []);
  st.killAt = msg.payload.killAt;
} else if (!Number.isNaN(seqOf(msg))) {
  st.inflight--;
} else return null;
while (st.inflight < ${IN_FLIGHT} && st.todo.length) {
  const seq = st.todo.shift();
  const i = seq % names.length;
  const m = { payload: { name: 'customer ' + seq, metadata: { seq: String(seq), pub: names[i] } }, topic: 'order-' + seq, when: new Date(0) };
  if (st.refuse.includes(seq)) m.query = { refuse: '1' };
  if (seq === st.killAt) m.killOnAccept = true;
  const o = names.map(() => null);
  o[i] = m;
  st.inflight++;
  node.send(o);
}
return null;`;
  return [
    { id: tab, type: 'tab', label: 'hold' },
    {
      id: 'client',
      type: 'stripe-client',
      name: 'stripe',
      baseUri,
      apiVersion: '',
      maxRetries: '1',
      timeout: '3',
      rateLimit: '0',
      ...client,
    },
    node(
      'go',
      'inject',
      {
        props: [{ p: 'payload' }, { p: 'feed', v: 'true', vt: 'bool' }],
        payload: '{}',
        payloadType: 'json',
        repeat: '',
        once: false,
      },
      [['make']],
    ),
    node('make', 'function', { func: make, outputs: pubs.length }, [pubs.map((p) => [`pub${p}`])].flat()),
    ...pubs.map((p) =>
      node(
        `pub${p}`,
        'stripe-publisher',
        {
          client: 'client',
          method: 'POST',
          operationId: 'PostCustomers',
          path: {},
          query: {},
          payload: {},
          offline: 'hold',
          ...publisher,
        },
        [['rec-out']],
      ),
    ),
    record(
      'rec-out',
      'out',
      '{ seq: Number(msg.payload.metadata.seq), pub: msg.payload.metadata.pub, held: msg.stripe.held, topic: msg.topic, when: msg.when instanceof Date }',
    ),
    node('accepted', 'complete', { scope: pubs.map((p) => `pub${p}`), uncaught: false }, [['make']]),
    node('catch', 'catch', { scope: null, uncaught: false }, [['rec-catch', 'make']]),
    record(
      'rec-catch',
      'caught',
      '{ id: msg.error.source.id, message: msg.error.message, seq: msg.payload && msg.payload.metadata ? Number(msg.payload.metadata.seq) : null, key: msg.idempotencyKey, held: msg.stripe && msg.stripe.held }',
    ),
    node('status', 'status', { scope: null }, [['rec-status']]),
    record('rec-status', 'statuses', '{ id: msg.status.source.id, text: msg.status.text }'),
    node('http-in', 'http in', { url: '/hold-records', method: 'get' }, [['read']]),
    node(
      'read',
      'function',
      {
        func: "msg.payload = { out: global.get('out') || [], caught: global.get('caught') || [], statuses: global.get('statuses') || [] }; return msg;",
        outputs: 1,
      },
      [['http-out']],
    ),
    node('http-out', 'http response', {}),
  ];
}

const credentials = { client: { apiKey: KEY } };

/** The file ACCEPT_HOOK appends each accepted number to (in Node-RED's user dir). */
const acceptedFile = (nr) => path.join(nr.userDir, 'accepted.log');

/**
 * For the settings file (NodeRed.start's settingsCode): a Node-RED hook that runs inside done(). Each
 * message a publisher accepts (done() without an error) is written down at that instant (synchronously:
 * a SIGKILL right after keeps the line), and a message marked killOnAccept kills this Node-RED
 * (SIGKILL) the instant it is accepted, as a power cut at that instant would.
 */
const ACCEPT_HOOK = `require(require.resolve('@node-red/util', { paths: [require('path').dirname(require.main.filename)] })).hooks.add(
  'onComplete.holdTests',
  (e) => {
    const m = e.msg;
    if (e.error || !e.node || !/^pub/.test(e.node.id) || !m || !m.payload || !m.payload.metadata) return;
    require('fs').appendFileSync(require('path').join(__dirname, 'accepted.log'), m.payload.metadata.seq + '\\n');
    if (m.killOnAccept) process.kill(process.pid, 'SIGKILL');
  },
);`;

/** Sends numbers [from, to) into the flow, as a click on the inject node with that payload would. */
async function inject(nr, from, to, more = {}) {
  const payload = { from, to, ...more };
  const r = await nr.request('POST', '/inject/go', {
    body: {
      __user_inject_props__: [
        { p: 'payload', v: JSON.stringify(payload), vt: 'json' },
        { p: 'feed', v: 'true', vt: 'bool' },
      ],
    },
  });
  if (r.status !== 200) throw new Error(`inject: HTTP ${r.status}`);
}

/** The numbers the publishers accepted (done()), as the flow wrote them down. */
function accepted(nr) {
  if (!fs.existsSync(acceptedFile(nr))) return [];
  return fs.readFileSync(acceptedFile(nr), 'utf8').split('\n').filter(Boolean).map(Number);
}

async function records(nr) {
  const r = await nr.request('GET', '/hold-records');
  return r.body;
}

/** Polls `check()` (async) until it returns a truthy value; that value. */
async function until(check, ms, what, every = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** Polls the flow's records until `cond(records)` holds; those records. */
const recordsWhen = (nr, cond, ms, what) =>
  until(
    async () => {
      const r = await records(nr);
      return cond(r) ? r : null;
    },
    ms,
    what,
  );

/** The settings file's part: the head of a queue is tried again within a second (seconds to minutes otherwise). */
const FAST_RETRY = { stripeHold: { retryMinMs: 100, retryMaxMs: 1000 } };

/** Whether the status records show publisher `id` saying it holds `n` ("held 12 · no connection"). */
const heldStatus = (recs, id, n) => recs.statuses.some((s) => s.id === id && new RegExp(`^held ${n} · `).test(s.text));

/**
 * Checks what Stripe holds: no message twice, each publisher's (A and B) in order; given `n`, every
 * number in [0, n) once.
 */
function assertOnceInOrder(created, n) {
  const seqs = created.map((c) => Number(c.seq));
  assert.strictEqual(new Set(seqs).size, seqs.length, `nothing doubled: ${seqs}`);
  if (n !== undefined) {
    assert.strictEqual(created.length, n, `Stripe holds ${created.length} customers, expected ${n}`);
    assert.deepStrictEqual(
      [...seqs].sort((a, b) => a - b),
      Array.from({ length: n }, (_, i) => i),
      'each message once',
    );
  }
  for (const pub of ['A', 'B']) {
    const mine = created.filter((c) => c.pub === pub).map((c) => Number(c.seq));
    assert.deepStrictEqual(
      mine,
      mine.slice().sort((a, b) => a - b),
      `publisher ${pub} in order`,
    );
  }
}

module.exports = {
  ACCEPT_HOOK,
  IN_FLIGHT,
  accepted,
  startStripe,
  holdFlows,
  credentials,
  inject,
  records,
  recordsWhen,
  until,
  heldStatus,
  assertOnceInOrder,
  FAST_RETRY,
  KEY,
};
