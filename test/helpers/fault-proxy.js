'use strict';
// A fault-injecting HTTP proxy on loopback, put in front of a Stripe-like server (stripe-stateful-mock
// or test/helpers/stripe-server.js). Each request gets a number in arrival order (0, 1, 2, ...); the
// plan says which fault, if any, request n meets. Faults:
//
//   reset      the connection is reset before anything is forwarded (the server never acts)
//   lost       forwarded; the server acts; then the connection is reset instead of the answer
//   500        forwarded; the server acts; the answer is replaced by a 500 api_error
//   503        not forwarded; 503 api_error
//   409        not forwarded; 409 lock_timeout
//   429        not forwarded; 429 rate_limit with Retry-After
//   html502    forwarded; the server acts; a gateway's HTML 502 page comes back instead
//   slow       forwarded; the server acts; the answer is held back `holdMs` (past the client's timeout)
//   truncated  forwarded; the server acts; a 200 whose JSON body is cut in half
//
// `record` keeps, per request: n, fault, method, path, idempotency key, arrival time, body text.
const http = require('http');
const { listenOnLoopback, startStatefulMock } = require('../../scripts/loopback');

const FAULTS = ['reset', 'lost', '500', '503', '409', '429', 'html502', 'slow', 'truncated'];
/** Faults after which the server has acted (the object exists although the client saw a failure). */
const ACTED = new Set(['lost', '500', 'html502', 'slow', 'truncated']);

/** A small seeded PRNG (mulberry32), so a plan is the same on every run. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A plan of `length` entries: gaps of `minGap`..`maxGap` clean requests, then a run of 1..`maxRun`
 * faults in a row. Faults are dealt from a shuffled deck of every kind, so all kinds appear evenly.
 */
function makePlan({ seed = 42, length = 400, kinds = FAULTS, minGap = 2, maxGap = 5, maxRun = 3 } = {}) {
  const rnd = prng(seed);
  const plan = new Array(length).fill(null);
  let deck = [];
  const deal = () => {
    if (!deck.length) {
      deck = kinds.slice();
      for (let i = deck.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [deck[i], deck[j]] = [deck[j], deck[i]];
      }
    }
    return deck.pop();
  };
  let n = 0;
  while (n < length) {
    n += minGap + Math.floor(rnd() * (maxGap - minGap + 1));
    const run = 1 + Math.floor(rnd() * maxRun);
    for (let k = 0; k < run && n < length; k++) plan[n++] = deal();
  }
  return plan;
}

function stripeError(res, status, error, headers = {}) {
  const body = JSON.stringify({ error });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'request-id': `req_proxy${status}`,
    ...headers,
  });
  res.end(body);
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

class FaultProxy {
  /**
   * @param {object} o
   * @param {string} o.target   base URL of the server behind the proxy (http://127.0.0.1:port)
   * @param {Array<string|null>} [o.plan]  fault by request number
   * @param {number} [o.holdMs]  how long a 'slow' answer is held back
   * @param {number|string} [o.retryAfter]  the 429's Retry-After header
   */
  constructor({ target, plan = [], holdMs = 1500, retryAfter = '1' }) {
    this.target = new URL(target);
    this.plan = plan;
    this.holdMs = holdMs;
    this.retryAfter = String(retryAfter);
    this.count = 0;
    this.record = [];
    this.applied = Object.fromEntries(FAULTS.map((f) => [f, 0]));
    this.timers = new Set();
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async start() {
    this.listening = await listenOnLoopback(this.server);
    this.url = this.listening.url;
    this.port = this.server.address().port;
    return this;
  }

  async stop() {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.listening.stop();
  }

  /** Forwards a request to the target; resolves with { status, headers, body } once the answer is read. */
  forward(req, body) {
    return new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: this.target.host, connection: 'close' };
      const up = http.request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: req.method,
          path: req.url,
          headers,
          agent: false,
        },
        (ures) => {
          const chunks = [];
          ures.on('data', (c) => chunks.push(c));
          ures.on('end', () =>
            resolve({ status: ures.statusCode, headers: ures.headers, body: Buffer.concat(chunks) }),
          );
          ures.on('error', reject);
        },
      );
      up.on('error', reject);
      up.end(body);
    });
  }

  static reply(res, answer, body = answer.body) {
    const headers = { ...answer.headers, 'content-length': body.length };
    delete headers['transfer-encoding'];
    delete headers.connection;
    if (res.destroyed || res.socket?.destroyed) return;
    res.writeHead(answer.status, headers);
    res.end(body);
  }

  static reset(req) {
    const s = req.socket;
    if (typeof s.resetAndDestroy === 'function') s.resetAndDestroy();
    else s.destroy();
  }

  handle(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const n = this.count++;
      const fault = this.plan[n] || null;
      const body = Buffer.concat(chunks);
      this.record.push({
        n,
        fault,
        method: req.method,
        path: req.url,
        idempotencyKey: req.headers['idempotency-key'],
        at: Date.now(),
        body: body.toString('utf8'),
      });
      if (fault) this.applied[fault]++;
      this.act(fault, req, res, body).catch((err) => {
        if (!res.headersSent && !res.destroyed)
          stripeError(res, 599, { type: 'api_error', message: `proxy: ${err.message}` });
      });
    });
  }

  async act(fault, req, res, body) {
    switch (fault) {
      case 'reset':
        return FaultProxy.reset(req);
      case '503':
        return stripeError(res, 503, { type: 'api_error', message: 'The service is temporarily unavailable.' });
      case '409':
        return stripeError(res, 409, {
          type: 'invalid_request_error',
          code: 'lock_timeout',
          message:
            'This object cannot be accessed right now because another API request or Stripe process is currently accessing it.',
        });
      case '429':
        return stripeError(
          res,
          429,
          { type: 'invalid_request_error', code: 'rate_limit', message: 'Too many requests hit the API too quickly.' },
          { 'retry-after': this.retryAfter },
        );
      default:
        break;
    }
    const answer = await this.forward(req, body);
    switch (fault) {
      case 'lost':
        return FaultProxy.reset(req);
      case '500':
        return stripeError(res, 500, { type: 'api_error', message: 'An unknown error occurred' });
      case 'html502': {
        const html = Buffer.from(HTML_502);
        res.writeHead(502, { 'content-type': 'text/html', 'content-length': html.length });
        return res.end(html);
      }
      case 'slow': {
        const t = setTimeout(() => {
          this.timers.delete(t);
          FaultProxy.reply(res, answer);
        }, this.holdMs);
        this.timers.add(t);
        return undefined;
      }
      case 'truncated':
        return FaultProxy.reply(res, answer, answer.body.subarray(0, Math.floor(answer.body.length / 2)));
      default:
        return FaultProxy.reply(res, answer);
    }
  }
}

/** Starts stripe-stateful-mock on loopback; resolves with { url, stop }. */
const startStripeMock = () => startStatefulMock();

/** One request straight to a server (no proxy); resolves with the parsed JSON answer. */
function call(baseUrl, method, path, { apiKey, account, form } = {}) {
  return new Promise((resolve, reject) => {
    const body = form ? new URLSearchParams(form).toString() : '';
    const headers = { authorization: `Bearer ${apiKey}` };
    if (account) headers['stripe-account'] = account;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request(new URL(path, baseUrl), { method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (e) {
          reject(e);
        }
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * A fresh connected account on the mock. The mock keeps its data per process, per account: a run
 * that works in its own account starts empty and leaves nothing behind for other tests.
 */
async function freshAccount(mockUrl, apiKey) {
  const id = `acct_${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
  const a = await call(mockUrl, 'POST', '/v1/accounts', { apiKey, form: { type: 'custom', id } });
  if (a.id !== id) throw new Error(`could not create a mock account: ${JSON.stringify(a).slice(0, 200)}`);
  return id;
}

/** Every customer the mock holds for an account, read page by page straight from the mock. */
async function listAllCustomers(mockUrl, apiKey, account) {
  const all = [];
  let after;
  for (;;) {
    const q = new URLSearchParams({ limit: '100' });
    if (after) q.set('starting_after', after);
    const page = await call(mockUrl, 'GET', `/v1/customers?${q}`, { apiKey, account });
    if (!Array.isArray(page.data)) throw new Error(`unexpected list answer: ${JSON.stringify(page).slice(0, 200)}`);
    all.push(...page.data);
    if (!page.has_more || !page.data.length) return all;
    after = page.data[page.data.length - 1].id;
  }
}

/**
 * Counts what the server holds for a run: `tags` are the unique tags sent (one per message), `held`
 * the customers of the run (metadata.run === run), tagged by metadata.tag.
 */
function tally(run, tags, customers) {
  const counts = new Map(tags.map((t) => [t, 0]));
  let held = 0;
  for (const c of customers) {
    if (!c.metadata || c.metadata.run !== run) continue;
    held++;
    const t = c.metadata.tag;
    counts.set(t, (counts.get(t) || 0) + 1);
  }
  let lost = 0;
  let doubled = 0;
  for (const n of counts.values()) {
    if (n === 0) lost++;
    if (n > 1) doubled += n - 1;
  }
  return { held, lost, doubled, counts };
}

module.exports = {
  FaultProxy,
  FAULTS,
  ACTED,
  makePlan,
  prng,
  startStripeMock,
  freshAccount,
  listAllCustomers,
  call,
  tally,
};

/**
 * A Stripe-like server that answers 429 (rate_limit) when a request arrives while `limit` requests
 * already arrived in the last `windowMs` (a sliding window, counting every arrival), and 200 with a
 * customer object otherwise. Records each arrival's time and answer.
 */
async function startRateLimitedServer({ limit = 25, windowMs = 1000 } = {}) {
  const arrivals = [];
  let rejected = 0;
  let seq = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const now = Date.now();
      const recent = arrivals.filter((a) => a.at > now - windowMs).length;
      const limited = recent >= limit;
      arrivals.push({ at: now, status: limited ? 429 : 200 });
      if (limited) {
        rejected++;
        return stripeError(res, 429, {
          type: 'invalid_request_error',
          code: 'rate_limit',
          message: 'Too many requests hit the API too quickly.',
        });
      }
      const body = JSON.stringify({ id: `cus_rl${++seq}`, object: 'customer' });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'request-id': `req_rl${seq}`,
      });
      return res.end(body);
    });
  });
  const listening = await listenOnLoopback(server);
  return {
    url: listening.url,
    arrivals,
    get rejected() {
      return rejected;
    },
    /** Requests per second as the server saw them: (n - 1) over the time from first to last arrival. */
    rate() {
      if (arrivals.length < 2) return 0;
      return ((arrivals.length - 1) * 1000) / (arrivals[arrivals.length - 1].at - arrivals[0].at);
    },
    /** The most arrivals any sliding window held. */
    peak() {
      let best = 0;
      for (let i = 0, j = 0; i < arrivals.length; i++) {
        while (arrivals[i].at - arrivals[j].at >= windowMs) j++;
        best = Math.max(best, i - j + 1);
      }
      return best;
    },
    stop: listening.stop,
  };
}

module.exports.startRateLimitedServer = startRateLimitedServer;
