'use strict';
// Stripe's event list and webhook endpoints, in memory, for the offline demo of `npm start` and for
// the tests: GET /v1/events as Stripe pages it (newest first; starting_after, ending_before, limit,
// created[gt|gte|lt|lte], types[], type with a * group; an unknown cursor is a 404; events older than
// 30 days are gone) and /v1/webhook_endpoints (create with a new whsec_ secret shown once, list,
// retrieve, update, delete; at most 16, as Stripe allows).
const crypto = require('crypto');
const qs = require('qs');

const RETENTION_S = 30 * 24 * 3600;
// The API version of the bundled catalogue, as a real account pinned to it would send.
const API_VERSION = require('../spec/catalogue.json').apiVersion;
const MAX_ENDPOINTS = 16;

function stripeError(status, message, extra = {}) {
  return { status, body: { error: { type: 'invalid_request_error', message, ...extra } } };
}

function typeMatches(type, pattern) {
  return pattern.endsWith('*') ? type.startsWith(pattern.slice(0, -1)) : type === pattern;
}

function inRange(t, range) {
  if (range === undefined || range === '') return true;
  if (typeof range !== 'object') return t === Number(range);
  const n = (k) => (range[k] === undefined ? undefined : Number(range[k]));
  return !(
    (n('gt') !== undefined && !(t > n('gt'))) ||
    (n('gte') !== undefined && !(t >= n('gte'))) ||
    (n('lt') !== undefined && !(t < n('lt'))) ||
    (n('lte') !== undefined && !(t <= n('lte')))
  );
}

class EventsStandIn {
  constructor({ now = () => Date.now() } = {}) {
    this.now = now;
    this.events = []; // oldest first
    this.endpoints = [];
    this.seq = 0;
  }

  /** Adds an event (and returns it); `created` defaults to now, in unix seconds. */
  add(type, object = {}, extra = {}) {
    this.seq += 1;
    const created = extra.created ?? Math.floor(this.now() / 1000);
    const event = {
      id: `evt_${String(this.seq).padStart(8, '0')}${crypto.randomBytes(4).toString('hex')}`,
      object: 'event',
      api_version: API_VERSION,
      created,
      data: { object },
      livemode: false,
      pending_webhooks: 0,
      request: { id: null, idempotency_key: null },
      type,
      ...extra,
    };
    this.events.push(event);
    return event;
  }

  /** Removes an event, as if it had aged out of Stripe's list. */
  forget(id) {
    this.events = this.events.filter((e) => e.id !== id);
  }

  list(query) {
    const cutoff = Math.floor(this.now() / 1000) - RETENTION_S;
    const types = query.types ? [].concat(query.types) : undefined;
    if (types && types.length > 20) return stripeError(400, 'You may pass at most 20 types.', { param: 'types' });
    // Cursors are positions in the whole list, as in Stripe: the cursor event need not pass the filters.
    const index = new Map(this.events.map((e, i) => [e, i]));
    const kept = this.events.filter((e) => e.created >= cutoff);
    const position = (id) => {
      const at = this.events.findIndex((e) => e.id === id);
      return at < 0 ? undefined : at;
    };
    const passes = (e) =>
      inRange(e.created, query.created) &&
      (!types || types.includes(e.type)) &&
      (!query.type || typeMatches(e.type, query.type));
    const limit = Math.min(Math.max(Number(query.limit) || 10, 1), 100);
    let page;
    let hasMore;
    if (query.ending_before) {
      const at = position(query.ending_before);
      if (at === undefined) return this.noSuch(query.ending_before);
      const newer = kept.filter((e) => index.get(e) > at && passes(e)); // oldest first
      page = newer.slice(0, limit).reverse();
      hasMore = newer.length > limit;
    } else {
      let older = kept.filter(passes).reverse(); // newest first
      if (query.starting_after) {
        const at = position(query.starting_after);
        if (at === undefined) return this.noSuch(query.starting_after);
        older = older.filter((e) => index.get(e) < at);
      }
      page = older.slice(0, limit);
      hasMore = older.length > limit;
    }
    return { status: 200, body: { object: 'list', data: page, has_more: hasMore, url: '/v1/events' } };
  }

  noSuch(id) {
    return stripeError(404, `No such event: '${id}'`, { code: 'resource_missing', param: 'id' });
  }

  createEndpoint(body) {
    if (!body.url) return stripeError(400, 'Missing required param: url.', { param: 'url' });
    if (!body.enabled_events)
      return stripeError(400, 'Missing required param: enabled_events.', { param: 'enabled_events' });
    if (this.endpoints.length >= MAX_ENDPOINTS) {
      return stripeError(400, `You have reached the maximum of ${MAX_ENDPOINTS} test webhook endpoints.`);
    }
    const ep = {
      id: `we_${crypto.randomBytes(12).toString('hex')}`,
      object: 'webhook_endpoint',
      api_version: body.api_version || null,
      application: null,
      created: Math.floor(this.now() / 1000),
      description: body.description || null,
      enabled_events: [].concat(body.enabled_events),
      livemode: false,
      metadata: body.metadata || {},
      status: 'enabled',
      url: body.url,
    };
    this.endpoints.push(ep);
    return { status: 200, body: { ...ep, secret: `whsec_${crypto.randomBytes(24).toString('hex')}` } };
  }

  updateEndpoint(ep, body) {
    if (body.url !== undefined) ep.url = body.url;
    if (body.enabled_events !== undefined) ep.enabled_events = [].concat(body.enabled_events);
    if (body.description !== undefined) ep.description = body.description;
    if (body.metadata !== undefined) ep.metadata = { ...ep.metadata, ...body.metadata };
    if (body.disabled !== undefined) ep.status = String(body.disabled) === 'true' ? 'disabled' : 'enabled';
    return { status: 200, body: ep };
  }

  /**
   * Answers a request if it is one of this stand-in's; returns undefined otherwise.
   * `query` and `body` are parsed (bracket notation), `method` upper case, `path` without the query.
   */
  answer(method, path, query, body) {
    if (method === 'GET' && path === '/v1/events') return this.list(query);
    const one = /^\/v1\/events\/([^/]+)$/.exec(path);
    if (method === 'GET' && one) {
      const e = this.events.find((x) => x.id === one[1]);
      return e ? { status: 200, body: e } : this.noSuch(one[1]);
    }
    if (path === '/v1/webhook_endpoints') {
      if (method === 'POST') return this.createEndpoint(body);
      if (method === 'GET') {
        const data = this.endpoints.slice().reverse();
        return { status: 200, body: { object: 'list', data, has_more: false, url: path } };
      }
    }
    const m = /^\/v1\/webhook_endpoints\/([^/]+)$/.exec(path);
    if (m) {
      const ep = this.endpoints.find((e) => e.id === m[1]);
      if (!ep) return stripeError(404, `No such webhook endpoint: '${m[1]}'`, { code: 'resource_missing' });
      if (method === 'GET') return { status: 200, body: ep };
      if (method === 'POST') return this.updateEndpoint(ep, body);
      if (method === 'DELETE') {
        this.endpoints = this.endpoints.filter((e) => e !== ep);
        return { status: 200, body: { id: ep.id, object: 'webhook_endpoint', deleted: true } };
      }
    }
    return undefined;
  }

  /** A Node http handler `(req, res) => boolean` (true when it answered), for any http.Server. */
  handler() {
    return (req, res, rawBody) => {
      const u = new URL(req.url, 'http://x');
      const parse = (s) => qs.parse(s, { depth: 20, arrayLimit: 1000, allowPrototypes: false });
      const body = rawBody && rawBody.length ? parse(rawBody.toString('utf8')) : {};
      const a = this.answer(req.method, u.pathname, parse(u.search.slice(1)), body);
      if (!a) return false;
      res.writeHead(a.status, {
        'content-type': 'application/json',
        'request-id': `req_${crypto.randomBytes(6).toString('hex')}`,
      });
      res.end(JSON.stringify(a.body));
      return true;
    };
  }
}

module.exports = { EventsStandIn, RETENTION_S, MAX_ENDPOINTS };
