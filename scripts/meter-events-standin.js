'use strict';
// Billing meters and meter events, in memory, for the offline demo of `npm start` and for the tests:
// POST/GET /v1/billing/meters, GET /v1/billing/meters/{id}/event_summaries (the sum of the values a
// customer reported in a time range), POST /v1/billing/meter_events (v1, form-encoded, secret key),
// POST /v2/billing/meter_event_session (a token for the stream, secret key) and
// POST /v2/billing/meter_event_stream (JSON, authenticated with a session's token only; an expired or
// unknown token is a 401). Every accepted event is kept in `events` (the read-back of the example).
const crypto = require('crypto');

const SESSION_MS = 15 * 60 * 1000; // Stripe's tokens last 15 minutes
const hex = (n) => crypto.randomBytes(n).toString('hex');
const nowS = (ms) => Math.floor(ms / 1000);

/** Stripe's v1 and v2 error bodies. */
const v1Error = (status, message, extra = {}) => ({
  status,
  body: { error: { type: 'invalid_request_error', message, ...extra } },
});
const v2Error = (status, type, code, message) => ({
  status,
  body: { error: { type, code, message, user_message: null } },
});

class MeterEventsStandIn {
  /** `sessionMs`: how long a token lasts; `now`: the clock (ms). */
  constructor({ sessionMs = SESSION_MS, now = () => Date.now() } = {}) {
    this.sessionMs = sessionMs;
    this.now = now;
    this.meters = [];
    this.events = []; // { event_name, identifier, payload, timestamp (s), via: 'v1' | 'stream' }
    this.sessions = new Map(); // token -> expires (ms)
  }

  /** Forgets every token (as if they had all expired): the next stream request gets a 401. */
  expireAll() {
    this.sessions.clear();
  }

  keyOf(headers) {
    return /^Bearer\s+(\S+)$/.exec(String(headers.authorization || ''))?.[1];
  }

  record(e, via) {
    if (typeof e.event_name !== 'string' || !e.event_name) return 'event_name';
    if (!e.payload || typeof e.payload !== 'object') return 'payload';
    if (typeof e.payload.stripe_customer_id !== 'string' || !e.payload.stripe_customer_id)
      return 'payload.stripe_customer_id';
    const value = Number(e.payload.value ?? 1);
    if (!Number.isFinite(value)) return 'payload.value';
    const identifier = e.identifier || `mev_${hex(8)}`;
    // Stripe takes an event's identifier once (within 24 hours): a repeat is not counted again.
    if (!this.events.some((x) => x.identifier === identifier)) {
      const t = e.timestamp === undefined ? nowS(this.now()) : e.timestamp;
      const timestamp = typeof t === 'string' && !/^\d+$/.test(t) ? nowS(Date.parse(t)) : Number(t);
      this.events.push({ event_name: e.event_name, identifier, payload: { ...e.payload }, timestamp, via });
    }
    return undefined;
  }

  summaries(meter, query) {
    const { customer, start_time: start, end_time: end } = query;
    for (const [name, v] of [
      ['customer', customer],
      ['start_time', start],
      ['end_time', end],
    ])
      if (v === undefined || v === '') return v1Error(400, `Missing required param: ${name}.`, { param: name });
    const hits = this.events.filter(
      (e) =>
        e.event_name === meter.event_name &&
        e.payload.stripe_customer_id === customer &&
        e.timestamp >= Number(start) &&
        e.timestamp < Number(end),
    );
    const summary = {
      id: `mtrusg_${hex(8)}`,
      object: 'billing.meter_event_summary',
      aggregated_value: hits.reduce((s, e) => s + Number(e.payload.value ?? 1), 0),
      end_time: Number(end),
      livemode: false,
      meter: meter.id,
      start_time: Number(start),
    };
    return { status: 200, body: { object: 'list', data: [summary], has_more: false, url: query.url } };
  }

  /**
   * Answers a request if it is one of this stand-in's; undefined otherwise. `body` is parsed (JSON
   * or bracket form), `headers` lower-case.
   */
  answer(method, path, query, body, headers) {
    const key = this.keyOf(headers);
    const secret = /^(sk|rk)_(test|live)_/.test(key || '');
    if (method === 'POST' && path === '/v2/billing/meter_event_stream') {
      const expires = key && this.sessions.get(key);
      if (!expires || expires <= this.now()) {
        return v2Error(
          401,
          'temporary_session_expired',
          'temporary_session_expired',
          'The meter event session token is not valid or has expired: create a new meter event session.',
        );
      }
      const events = Array.isArray(body && body.events) ? body.events : undefined;
      if (!events || events.length === 0 || events.length > 100) {
        return v2Error(400, 'invalid_request_error', 'invalid_fields', 'events must hold 1 to 100 events.');
      }
      for (const [i, e] of events.entries()) {
        const bad = this.record(e || {}, 'stream');
        if (bad) return v2Error(400, 'invalid_request_error', 'invalid_fields', `events[${i}].${bad} is invalid.`);
      }
      return { status: 200, body: {} };
    }
    if (!/^\/v[12]\/billing\/meter/.test(path)) return undefined;
    if (!secret) return v1Error(401, 'Invalid API Key provided');
    if (method === 'POST' && path === '/v2/billing/meter_event_session') {
      const token = `mes_tok_${hex(16)}`;
      const created = this.now();
      this.sessions.set(token, created + this.sessionMs);
      return {
        status: 200,
        body: {
          id: `mes_${hex(8)}`,
          object: 'v2.billing.meter_event_session',
          authentication_token: token,
          created: new Date(created).toISOString(),
          expires_at: new Date(created + this.sessionMs).toISOString(),
          livemode: false,
        },
      };
    }
    if (method === 'POST' && path === '/v1/billing/meter_events') {
      const bad = this.record(body, 'v1');
      if (bad) return v1Error(400, `Invalid ${bad}.`, { param: bad.replace(/\.(\w+)/, '[$1]') });
      const e = this.events[this.events.length - 1];
      return {
        status: 200,
        body: { object: 'billing.meter_event', created: nowS(this.now()), livemode: false, ...e, via: undefined },
      };
    }
    if (path === '/v1/billing/meters') {
      if (method === 'GET') {
        const data = this.meters.slice().reverse();
        return { status: 200, body: { object: 'list', data, has_more: false, url: path } };
      }
      if (method === 'POST') {
        if (!body.event_name) return v1Error(400, 'Missing required param: event_name.', { param: 'event_name' });
        const meter = {
          id: `mtr_${hex(12)}`,
          object: 'billing.meter',
          created: nowS(this.now()),
          default_aggregation: body.default_aggregation || { formula: 'sum' },
          display_name: body.display_name || body.event_name,
          event_name: body.event_name,
          livemode: false,
          status: 'active',
        };
        this.meters.push(meter);
        return { status: 200, body: meter };
      }
    }
    const m = /^\/v1\/billing\/meters\/([^/]+)(\/event_summaries)?$/.exec(path);
    if (m && method === 'GET') {
      const meter = this.meters.find((x) => x.id === m[1]);
      if (!meter) return v1Error(404, `No such billing meter: '${m[1]}'`, { code: 'resource_missing', param: 'id' });
      return m[2] ? this.summaries(meter, { ...query, url: path }) : { status: 200, body: meter };
    }
    return undefined;
  }

  /** A Node http handler `(req, res, rawBody) => boolean` (true when it answered). */
  handler() {
    const qs = require('qs');
    const parse = (s) => qs.parse(s, { depth: 20, arrayLimit: 1000, allowPrototypes: false });
    return (req, res, rawBody) => {
      const u = new URL(req.url, 'http://x');
      const text = rawBody && rawBody.length ? rawBody.toString('utf8') : '';
      let body;
      try {
        body = /json/.test(req.headers['content-type'] || '') ? JSON.parse(text || '{}') : parse(text);
      } catch {
        body = null;
      }
      const a = this.answer(req.method, u.pathname, parse(u.search.slice(1)), body || {}, req.headers);
      if (!a) return false;
      res.writeHead(a.status, { 'content-type': 'application/json', 'request-id': `req_${hex(6)}` });
      res.end(JSON.stringify(a.body));
      return true;
    };
  }
}

module.exports = { MeterEventsStandIn, SESSION_MS };
