'use strict';
// A Stripe stand-in on loopback that limits the rate as Stripe does per account: it counts the
// requests it has served, from all callers together, in a sliding one-second window, and answers
// Stripe's 429 (`{ error: { type: 'invalid_request_error', code: 'rate_limit', message } }`) to a
// request past the limit (25/s, a test key's). A request it serves:
//   - POST /v1/customers makes a customer (cus_...), once per Idempotency-Key: the same key gets the
//     same customer again, as Stripe replays its first answer;
//   - GET /v1/events and /v1/webhook_endpoints are answered by an EventsStandIn
//     (scripts/events-standin.js), when one is given;
//   - anything else is Stripe's 404.
// It reports what the fleet's tests and bench measure: customers made, 429s, the most requests served
// in any sliding second, the first and last request's arrival time. Used by test/fleet/ and
// bench/fleet.js.
const crypto = require('crypto');
const http = require('http');
const qs = require('qs');
const { listenOnLoopback } = require('../../scripts/loopback');

const RATE_LIMIT_MESSAGE =
  'Too many requests hit the API too quickly. We recommend an exponential backoff of your requests.';

class RateLimitedStripe {
  /**
   * @param {object} [o]
   * @param {number} [o.limit]     requests per sliding window (default 25: a test key's)
   * @param {number} [o.windowMs]  default 1000
   * @param {object} [o.events]    an EventsStandIn answering /v1/events and /v1/webhook_endpoints
   * @param {Function} [o.onRequest] `(req, info) => Promise|undefined`, called before a request is
   *                               answered (a test may hold the answer, or kill the caller, there)
   */
  constructor({ limit = 25, windowMs = 1000, events, onRequest } = {}) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.events = events;
    this.onRequest = onRequest;
    this.eventsHandler = events ? events.handler() : undefined;
    this.reset();
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        this.handle(req, res, Buffer.concat(chunks)).catch((err) => {
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { type: 'api_error', message: String(err && err.message) } }));
        });
      });
    });
  }

  /** Forgets every request, customer and 429 (the events stay). */
  reset() {
    this.served = []; // arrival times (ms) of the requests served, in order
    this.rejected = 0; // 429s answered
    this.arrivals = []; // every request: { at, method, path, status }
    this.customers = new Map(); // id -> customer
    this.byKey = new Map(); // Idempotency-Key -> customer id
    this.made = 0; // customers made (a replay of a key makes none)
  }

  async start() {
    this.listening = await listenOnLoopback(this.server);
    this.url = this.listening.url;
    this.port = this.server.address().port;
    return this;
  }

  stop() {
    return this.listening.stop();
  }

  /** Requests served within the window before `now`. */
  inWindow(now) {
    let n = 0;
    for (let i = this.served.length - 1; i >= 0 && this.served[i] > now - this.windowMs; i--) n++;
    return n;
  }

  async handle(req, res, raw) {
    const url = new URL(req.url, 'http://x');
    const info = { method: req.method, path: url.pathname, at: Date.now() };
    if (this.onRequest) await this.onRequest(req, info);
    const now = Date.now();
    if (this.inWindow(now) >= this.limit) {
      this.rejected++;
      this.arrivals.push({ ...info, at: now, status: 429 });
      return this.send(res, 429, {
        error: { type: 'invalid_request_error', code: 'rate_limit', message: RATE_LIMIT_MESSAGE },
      });
    }
    this.served.push(now);
    const record = { ...info, at: now, status: 200 };
    this.arrivals.push(record);
    if (req.method === 'POST' && url.pathname === '/v1/customers') {
      const key = req.headers['idempotency-key'];
      let id = key && this.byKey.get(key);
      if (!id) {
        const body = raw.length ? qs.parse(raw.toString('utf8'), { depth: 20, allowPrototypes: false }) : {};
        id = `cus_${crypto.randomBytes(7).toString('hex')}`;
        this.made++;
        this.customers.set(id, {
          id,
          object: 'customer',
          created: Math.floor(now / 1000),
          email: body.email ?? null,
          name: body.name ?? null,
          metadata: body.metadata ?? {},
          livemode: false,
        });
        if (key) this.byKey.set(key, id);
      }
      return this.send(res, 200, this.customers.get(id), key ? { 'idempotency-key': key } : {});
    }
    if (this.eventsHandler && /^\/v1\/(events|webhook_endpoints)(\/|$)/.test(url.pathname)) {
      if (this.eventsHandler(req, res, raw)) return;
    }
    record.status = 404;
    return this.send(res, 404, {
      error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` },
    });
  }

  send(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'request-id': `req_${crypto.randomBytes(6).toString('hex')}`,
      ...headers,
    });
    res.end(text);
  }

  /** The most requests served within any sliding window (one second by default). */
  peak() {
    let best = 0;
    for (let i = 0, j = 0; i < this.served.length; i++) {
      while (this.served[i] - this.served[j] >= this.windowMs) j++;
      best = Math.max(best, i - j + 1);
    }
    return best;
  }

  /** Arrival times of the first and the last request (served or not), in ms; undefined without any. */
  first() {
    return this.arrivals.length ? this.arrivals[0].at : undefined;
  }

  last() {
    return this.arrivals.length ? this.arrivals[this.arrivals.length - 1].at : undefined;
  }

  /**
   * How much of the budget the requests used over the busy period: the shortest time the limit
   * allows for them over the time they took. n requests at most `limit` per sliding window need at
   * least floor((n - 1) / limit) windows from the first to the last (request i and request
   * i + limit must be a window apart), so used = floor((n - 1) / limit) x window / (last - first).
   * A sender that keeps to the limit as closely as it allows scores 1; gaps lower it. (Plain
   * requests / (limit x seconds) would score a sender that starts with a burst above 1.)
   */
  used() {
    const n = this.arrivals.length;
    if (n < 2) return 0;
    const least = Math.floor((n - 1) / this.limit) * this.windowMs;
    return least / (this.last() - this.first());
  }

  /** Plain figures for a report. */
  report() {
    const seconds = this.arrivals.length > 1 ? (this.last() - this.first()) / 1000 : 0;
    return {
      requests: this.arrivals.length,
      customers: this.made,
      rejected: this.rejected,
      peak: this.peak(),
      first: this.first(),
      last: this.last(),
      seconds,
      rate: seconds > 0 ? (this.arrivals.length - 1) / seconds : 0,
      used: this.used(),
    };
  }
}

module.exports = { RateLimitedStripe, RATE_LIMIT_MESSAGE };
