'use strict';
// What the fleet's tests share: a real Redis (Debian's redis-server on loopback,
// scripts/redis-server.js), a Stripe stand-in that answers 429 past the account's limit across all
// callers (bench/lib/rate-limited-stripe.js, with an EventsStandIn for the pollers), and N real
// Node-RED child processes (bench/lib/nodered.js) running the same flows and credentials, wired as a
// user wires them:
//
//   stripe-fleet (url = the Redis) <- stripe-client (fleet, baseUri = the stand-in)
//   [inject go] -> [function make: keeps c in flight] -> [stripe-publisher PostCustomers] -> [record out]
//                        ^----------- each answer (and each Catch) asks for the next -----/
//   [stripe-webhook (fleet)] -> [change: topic] -> [record out]
//   [stripe-events (fleet)]  -> [change: topic] -> [record out]
//   [catch] -> [record caught]    [status] -> [record statuses]
//   [http in GET /fleet-records] -> [function: the records] -> [http response]
//
// The records are in each instance's global context (memory): read an instance's before a SIGKILL.
const assert = require('assert');
const http = require('http');
const Stripe = require('stripe');
const { NodeRed } = require('../../bench/lib/nodered');
const { RateLimitedStripe } = require('../../bench/lib/rate-limited-stripe');
const { RedisServer } = require('../../scripts/redis-server');

const KEY = 'sk_test_fleetTests4242';
const WEBHOOK_SECRET = 'whsec_fleet_tests_secret';
const WEBHOOK_PATH = '/stripe/fleet-events';
const tab = 'fleet-tab';

const node = (id, type, props, wires = [[]]) => ({ id, type, z: tab, x: 100, y: 100, wires, ...props });
const record = (id, list, what) =>
  node(id, 'function', {
    func: `const l = global.get('${list}') || []; l.push(${what}); global.set('${list}', l); return null;`,
    outputs: 1,
  });

/**
 * The flows every instance runs. `fleet` false leaves every node's `fleet` empty (the same flows
 * without a fleet). `publisher`, `webhook`, `events`: include that part (an object of more settings,
 * or true). `client`: more client settings.
 */
function fleetFlows({ redisUrl, baseUri, fleet = true, prefix = 'stripe', client = {}, publisher, webhook, events }) {
  const fleetId = fleet ? 'fleet' : '';
  const flows = [
    { id: tab, type: 'tab', label: 'fleet' },
    ...(fleet ? [{ id: 'fleet', type: 'stripe-fleet', name: 'test fleet', url: redisUrl, prefix }] : []),
    {
      id: 'client',
      type: 'stripe-client',
      name: 'stand-in',
      baseUri,
      apiVersion: '',
      maxRetries: '2',
      timeout: '10',
      rateLimit: '0',
      fleet: fleetId,
      ...client,
    },
    record(
      'rec-out',
      'out',
      '{ from: msg.from, id: msg.payload && msg.payload.id, topic: msg.topic, meta: msg.payload && msg.payload.metadata, source: msg.stripe && msg.stripe.source }',
    ),
    node('catch', 'catch', { scope: null, uncaught: false }, [['rec-catch']]),
    record(
      'rec-catch',
      'caught',
      '{ id: msg.error.source.id, message: msg.error.message, statusCode: msg.statusCode, code: msg.stripe && msg.stripe.error && msg.stripe.error.code }',
    ),
    node('status', 'status', { scope: null }, [['rec-status']]),
    record(
      'rec-status',
      'statuses',
      '{ id: msg.status.source.id, text: msg.status.text, fill: msg.status.fill, shape: msg.status.shape, at: Date.now() }',
    ),
    node('http-in', 'http in', { url: '/fleet-records', method: 'get' }, [['read']]),
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
  if (publisher) {
    // msg.payload { n, c, tag }: n customers, c in flight; each answer (or error) sends the next.
    const make = `const mk = (seq, tag) => ({ from: 'publisher', payload: { name: 'customer ' + tag + '-' + seq, metadata: { tag, seq: String(seq) } } });
if (msg.start) {
  const st = { n: msg.payload.n, sent: 0, tag: msg.payload.tag };
  context.set('st', st);
  const out = [];
  while (st.sent < Math.min(msg.payload.c, st.n)) out.push(mk(st.sent++, st.tag));
  return [out];
}
const st = context.get('st');
if (st && st.sent < st.n) return mk(st.sent++, st.tag);
return null;`;
    flows.push(
      node(
        'go',
        'inject',
        { props: [{ p: 'payload' }, { p: 'start', v: 'true', vt: 'bool' }], payload: '{}', payloadType: 'json' },
        [['make']],
      ),
      node('make', 'function', { func: make, outputs: 1 }, [['pub']]),
      node(
        'pub',
        'stripe-publisher',
        {
          client: 'client',
          method: 'POST',
          operationId: 'PostCustomers',
          path: {},
          query: {},
          payload: {},
          ...(publisher === true ? {} : publisher),
        },
        [['rec-out', 'make']],
      ),
      node('catch-pub', 'catch', { scope: ['pub'], uncaught: false }, [['make']]),
    );
  }
  if (webhook) {
    flows.push(
      node(
        'wh',
        'stripe-webhook',
        {
          url: WEBHOOK_PATH,
          events: ['*'],
          tolerance: 300,
          store: '',
          fleet: fleetId,
          ...(webhook === true ? {} : webhook),
        },
        [['wh-from']],
      ),
      node('wh-from', 'change', { rules: [{ t: 'set', p: 'from', pt: 'msg', to: 'webhook', tot: 'str' }] }, [
        ['rec-out'],
      ]),
    );
  }
  if (events) {
    flows.push(
      node(
        'ev',
        'stripe-events',
        {
          client: 'client',
          events: ['*'],
          interval: 5,
          store: '',
          start: 'replay',
          replayHours: 1,
          fleet: fleetId,
          ...(events === true ? {} : events),
        },
        [['ev-from']],
      ),
      node('ev-from', 'change', { rules: [{ t: 'set', p: 'from', pt: 'msg', to: 'poll', tot: 'str' }] }, [['rec-out']]),
    );
  }
  return flows;
}

/** The credentials of every instance: the client's key, the webhook's secret, the fleet's login. */
function fleetCredentials({ username, password } = {}) {
  return {
    client: { apiKey: KEY },
    wh: { secret: WEBHOOK_SECRET },
    fleet: { ...(username ? { username } : {}), ...(password ? { password } : {}) },
  };
}

/** The stripe-fleet node's log line once it is connected (English or German). */
const READY = /Redis (at \S+ is ready|unter \S+ ist bereit)/;

class Fleet {
  /**
   * Starts a Redis (unless `redis: false`), the stand-in and `n` Node-RED instances with the same
   * flows. `flows` takes { redisUrl, baseUri } and returns the flows (default: fleetFlows with
   * `parts`). `redisUrl` overrides the Redis's url (an unreachable one).
   */
  static async start({
    n = 3,
    redis = {},
    redisUrl,
    stripe = {},
    parts = {},
    credentials,
    flows,
    settings,
    lang,
  } = {}) {
    const f = new Fleet();
    f.instances = [];
    try {
      f.redis = redis ? await RedisServer.start(redis) : undefined;
      f.stripe = await new RateLimitedStripe(stripe).start();
      f.redisUrl = redisUrl ?? (f.redis && f.redis.url);
      const ctx = { redisUrl: f.redisUrl, baseUri: f.stripe.url };
      f.flows = flows ? flows(ctx) : fleetFlows({ ...ctx, ...parts });
      f.credentials = credentials ?? fleetCredentials({ password: redis && redis.password });
      const started = await Promise.allSettled(
        Array.from({ length: n }, () =>
          NodeRed.start({ stripeGlobal: false, flows: f.flows, credentials: f.credentials, settings, lang }),
        ),
      );
      for (const s of started) if (s.status === 'fulfilled') f.instances.push(s.value);
      const failed = started.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      // A fleet that can reach its Redis: the test starts once every instance is connected (until
      // then a webhook is answered 503 and a poller waits, as they should).
      const reachable = redis && !credentials && !(parts && parts.fleet === false);
      if (reachable) {
        await until(
          () => f.instances.every((nr) => nr.log.some((l) => READY.test(l))),
          20000,
          'every instance connected to Redis',
        );
      }
      return f;
    } catch (err) {
      await f.stop();
      throw err;
    }
  }

  /** Instance i's records: { out, caught, statuses }. */
  async records(i) {
    const r = await this.instances[i].request('GET', '/fleet-records');
    assert.strictEqual(r.status, 200, `records of instance ${i}: HTTP ${r.status}`);
    return r.body;
  }

  /** Every running instance's records, by instance number (killed ones keep what was read last). */
  async allRecords() {
    this.lastRecords = this.lastRecords || [];
    for (let i = 0; i < this.instances.length; i++) {
      if (this.alive(i)) this.lastRecords[i] = await this.records(i);
    }
    return this.lastRecords;
  }

  alive(i) {
    const c = this.instances[i].child;
    return c.exitCode === null && c.signalCode === null;
  }

  /** SIGKILL instance i (its records are read first, then kept in lastRecords). */
  async kill(i) {
    this.lastRecords = this.lastRecords || [];
    this.lastRecords[i] = await this.records(i);
    this.instances[i].child.kill('SIGKILL');
    await this.instances[i].exited;
  }

  /** Sends msg.payload into instance i's inject node `go` (as its button does, with that payload). */
  async inject(i, payload) {
    const r = await this.instances[i].request('POST', '/inject/go', {
      body: {
        __user_inject_props__: [
          { p: 'payload', v: JSON.stringify(payload), vt: 'json' },
          { p: 'start', v: 'true', vt: 'bool' },
        ],
      },
    });
    assert.strictEqual(r.status, 200, `inject into instance ${i}: HTTP ${r.status}`);
  }

  async stop() {
    await Promise.all(this.instances.map((nr) => nr.stop()));
    if (this.stripe && this.stripe.listening) await this.stripe.stop();
    if (this.redis) await this.redis.stop();
  }
}

const stripeNode = Stripe(KEY);

/** A signed delivery of `event` as Stripe sends it: the body and its Stripe-Signature header. */
function signed(event) {
  const body = JSON.stringify(event);
  return {
    body,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': stripeNode.webhooks.generateTestHeaderString({ payload: body, secret: WEBHOOK_SECRET }),
    },
  };
}

/** POSTs a signed delivery to a Node-RED's webhook route; resolves { status, body }. */
function deliver(port, event, path = WEBHOOK_PATH) {
  const { body, headers } = signed(event);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        agent: false,
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * As Stripe delivers: again after any answer that is not 2xx (or no answer), with a short pause here
 * (Stripe waits minutes to days). Resolves with every answer's status, the last one 2xx.
 */
async function deliverUntilAccepted(port, event, { pauseMs = 200, ms = 60000 } = {}) {
  const statuses = [];
  const end = Date.now() + ms;
  for (;;) {
    let status;
    try {
      status = (await deliver(port, event)).status;
    } catch (err) {
      status = err.code || 'error';
    }
    statuses.push(status);
    if (typeof status === 'number' && status >= 200 && status < 300) return statuses;
    if (Date.now() > end) throw new Error(`${event.id} not accepted within ${ms} ms: ${statuses.join(' ')}`);
    await new Promise((r) => setTimeout(r, pauseMs));
  }
}

/** An event as Stripe sends it (the shape GET /v1/events lists). */
function makeEvent(n, type = 'invoice.paid') {
  return {
    id: `evt_fleet${String(n).padStart(6, '0')}${Math.random().toString(36).slice(2, 8)}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    data: { object: { id: `in_${n}`, object: 'invoice' } },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  };
}

/** Polls `check()` (async) until it returns a truthy value; that value. */
async function until(check, ms, what, every = 100) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

/** The last status each node showed, from one instance's records: id -> status. */
function lastStatus(recs, id) {
  const mine = recs.statuses.filter((s) => s.id === id);
  return mine[mine.length - 1];
}

/** Asserts that `ids` (every id that came out, from all instances) hold each of `expected` once. */
function assertEachOnce(ids, expected, what = 'event') {
  const counts = new Map();
  for (const id of ids) counts.set(id, (counts.get(id) || 0) + 1);
  const twice = [...counts].filter(([, c]) => c > 1).map(([id, c]) => `${id} x${c}`);
  const missing = expected.filter((id) => !counts.has(id));
  const unexpected = [...counts.keys()].filter((id) => !expected.includes(id));
  assert.deepStrictEqual(
    { twice, missing, unexpected },
    { twice: [], missing: [], unexpected: [] },
    `each ${what} out of the fleet once (${ids.length} out, ${expected.length} expected)`,
  );
}

module.exports = {
  Fleet,
  fleetFlows,
  fleetCredentials,
  signed,
  deliver,
  deliverUntilAccepted,
  makeEvent,
  until,
  lastStatus,
  assertEachOnce,
  KEY,
  WEBHOOK_SECRET,
  WEBHOOK_PATH,
};
