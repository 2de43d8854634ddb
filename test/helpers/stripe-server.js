'use strict';
// A Stripe-like HTTP server on loopback for the tests: it records every request (method, path, query,
// headers, parsed body), serves list and search pages from in-memory collections, answers errors in
// Stripe's format, and lets a test script any answer with a handler.
const http = require('http');
const qs = require('qs');
const { listenOnLoopback } = require('../../scripts/loopback');

const QS = { depth: 20, arrayLimit: 1000, parameterLimit: 100000, allowPrototypes: false };

function parseBody(req, raw) {
  const type = req.headers['content-type'] || '';
  if (!raw.length) return {};
  if (type.startsWith('application/x-www-form-urlencoded')) return qs.parse(raw.toString('utf8'), QS);
  if (type.startsWith('application/json')) return JSON.parse(raw.toString('utf8'));
  if (type.startsWith('multipart/form-data')) return parseMultipart(type, raw);
  return raw;
}

function parseMultipart(type, raw) {
  const boundary = /boundary=([^;]+)/.exec(type)[1];
  const out = { files: {} };
  const text = raw.toString('latin1');
  for (const part of text.split(`--${boundary}`)) {
    const m = /^\r\n([\s\S]*?)\r\n\r\n([\s\S]*)\r\n$/.exec(part);
    if (!m) continue;
    const name = /name="([^"]*)"/.exec(m[1])[1];
    const filename = /filename="([^"]*)"/.exec(m[1]);
    const value = Buffer.from(m[2], 'latin1');
    if (filename) out.files[name] = { filename: filename[1], content: value };
    else out[name] = value.toString('utf8');
  }
  return out;
}

class StripeServer {
  constructor() {
    this.requests = [];
    this.collections = new Map(); // path -> array of objects (newest first, as Stripe lists them)
    this.handlers = [];
    this.server = http.createServer((req, res) => this.handle(req, res));
    // The connections open to the server, so a test can wait for the client to let go of them (an
    // aborted request's connection closing is how the server sees the abort).
    this.sockets = new Set();
    this.socketClosed = new WeakMap(); // socket -> a promise resolved when it closes
    this.recordSockets = new WeakMap(); // recorded request -> its socket
    this.allClosedWaiters = [];
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      this.socketClosed.set(socket, new Promise((resolve) => socket.once('close', resolve)));
      socket.once('close', () => {
        this.sockets.delete(socket);
        if (!this.sockets.size) for (const w of this.allClosedWaiters.splice(0)) w();
      });
    });
  }

  async start() {
    this.listening = await listenOnLoopback(this.server);
    this.url = this.listening.url;
    return this;
  }

  stop() {
    return this.listening.stop();
  }

  reset() {
    this.requests = [];
    this.collections.clear();
    this.handlers = [];
  }

  /** How many connections to the server are open. */
  openConnections() {
    return this.sockets.size;
  }

  /** Resolves once no connection to the server is open (the client aborted or let go of each); rejects after `ms`. */
  allClosed(ms = 5000) {
    if (!this.sockets.size) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.allClosedWaiters = this.allClosedWaiters.filter((w) => w !== waiter);
        reject(new Error(`${this.sockets.size} connection(s) to the test server still open after ${ms} ms`));
      }, ms);
      this.allClosedWaiters.push(waiter);
    });
  }

  /** Resolves once the connection a recorded request came on is closed (an aborted request: the abort reached the server); rejects after `ms`. */
  connectionClosed(record, ms = 5000) {
    const socket = this.recordSockets.get(record);
    if (!socket) return Promise.reject(new Error('not a request this server recorded'));
    let timer;
    const late = new Promise((resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the connection of ${record.method} ${record.path} still open after ${ms} ms`)),
        ms,
      );
    });
    return Promise.race([this.socketClosed.get(socket), late]).finally(() => clearTimeout(timer));
  }

  /** Adds a handler `(req, res, record) => boolean`; returning true means it answered. */
  on(fn) {
    this.handlers.push(fn);
  }

  /**
   * Scripts the answers to one route: requests with this method whose path equals `path` (or matches
   * it, a RegExp) get `answers` in turn, the last one repeating. An answer is `{ status, body, headers }`
   * (JSON), `{ status, text, headers }` (sent byte for byte as application/json unless headers say
   * otherwise: a cut-short body, say), `{ ..., delayMs }` to answer later, or a function
   * `(res, record, n)` that answers itself (n: 0 for the route's first request).
   */
  route(method, path, answers) {
    const list = Array.isArray(answers) ? answers : [answers];
    let n = 0;
    this.on((req, res, r) => {
      if (r.method !== method) return false;
      if (path instanceof RegExp ? !path.test(r.path) : r.path !== path) return false;
      const i = n++;
      const a = list[Math.min(i, list.length - 1)];
      if (typeof a === 'function') {
        a(res, r, i);
        return true;
      }
      const send = () => {
        if (a.text !== undefined) {
          res.writeHead(a.status || 200, {
            'content-type': 'application/json',
            'request-id': `req_${Math.random().toString(36).slice(2, 10)}`,
            ...a.headers,
          });
          res.end(a.text);
        } else {
          StripeServer.json(res, a.status || 200, a.body, a.headers);
        }
      };
      if (a.delayMs) setTimeout(send, a.delayMs);
      else send();
      return true;
    });
  }

  /** The recorded requests with this method (and path, a string or RegExp, if given). */
  requestsTo(method, path) {
    return this.requests.filter(
      (r) =>
        r.method === method && (path === undefined || (path instanceof RegExp ? path.test(r.path) : r.path === path)),
    );
  }

  /** Fills a list collection with n objects of a type, ids `${prefix}_${i}` (newest first). */
  fill(path, n, make = () => ({})) {
    const objects = [];
    for (let i = n; i >= 1; i--) objects.push({ id: `obj_${String(i).padStart(5, '0')}`, object: 'thing', ...make(i) });
    this.collections.set(path, objects);
    return objects;
  }

  handle(req, res) {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const u = new URL(req.url, 'http://x');
      const record = {
        at: Date.now(),
        method: req.method,
        url: req.url,
        path: u.pathname,
        rawQuery: u.search.slice(1),
        query: qs.parse(u.search.slice(1), QS),
        headers: req.headers,
        rawBody: raw,
        body: undefined,
      };
      try {
        record.body = parseBody(req, raw);
      } catch (e) {
        record.body = { parseError: e.message };
      }
      this.recordSockets.set(record, req.socket);
      this.requests.push(record);
      for (const h of this.handlers) if (h(req, res, record)) return;
      this.answer(res, record);
    });
  }

  static json(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'request-id': `req_${Math.random().toString(36).slice(2, 10)}`,
      ...headers,
    });
    res.end(text);
  }

  static error(res, status, error, headers) {
    StripeServer.json(res, status, { error }, headers);
  }

  answer(res, r) {
    const auth = r.headers.authorization || '';
    // The meter event stream is authenticated with a meter event session's token, which this server makes.
    if (r.method === 'POST' && r.path === '/v2/billing/meter_event_stream') {
      if (auth !== `Bearer ${StripeServer.METER_TOKEN}`) {
        return StripeServer.error(res, 401, { type: 'temporary_session_expired', message: 'Invalid session token' });
      }
      return StripeServer.json(res, 200, {});
    }
    if (!/^Bearer (sk|rk)_(test|live)_/.test(auth)) {
      return StripeServer.error(res, 401, { type: 'invalid_request_error', message: 'Invalid API Key provided' });
    }
    const list = this.collections.get(r.path);
    if (r.method === 'GET' && list) return this.listPage(res, r, list);
    if (r.method === 'POST' && r.path === '/v2/billing/meter_event_session') {
      return StripeServer.json(res, 200, {
        id: 'mes_1',
        object: 'v2.billing.meter_event_session',
        authentication_token: StripeServer.METER_TOKEN,
        expires_at: new Date(Date.now() + 15 * 60 * 1000).toISOString(),
        livemode: false,
      });
    }
    if (r.method === 'GET' && r.path.endsWith('/pdf')) {
      res.writeHead(200, { 'content-type': 'application/pdf', 'request-id': 'req_pdf' });
      return res.end(Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1'));
    }
    if (r.method === 'GET' && /\/(search)$/.test(r.path)) {
      return StripeServer.json(res, 200, {
        object: 'search_result',
        data: [],
        has_more: false,
        next_page: null,
        url: r.path,
      });
    }
    StripeServer.json(res, 200, {
      id: 'obj_1',
      object: 'thing',
      method: r.method,
      path: r.path,
      deleted: r.method === 'DELETE' || undefined,
    });
  }

  listPage(res, r, list) {
    const limit = Math.min(Number(r.query.limit) || 10, 100);
    const isSearch = r.path.endsWith('/search');
    let start = 0;
    let end;
    if (isSearch) {
      start = r.query.page ? Number(String(r.query.page).replace('page_', '')) : 0;
      end = start + limit;
    } else if (r.query.starting_after) {
      start = list.findIndex((o) => o.id === r.query.starting_after) + 1;
      end = start + limit;
    } else if (r.query.ending_before) {
      end = list.findIndex((o) => o.id === r.query.ending_before);
      start = Math.max(0, end - limit);
    } else {
      end = start + limit;
    }
    const data = list.slice(start, end);
    const hasMore = r.query.ending_before ? start > 0 : end < list.length;
    if (isSearch) {
      return StripeServer.json(res, 200, {
        object: 'search_result',
        data,
        has_more: hasMore,
        next_page: hasMore ? `page_${end}` : null,
        url: r.path,
      });
    }
    StripeServer.json(res, 200, { object: 'list', data, has_more: hasMore, url: r.path });
  }
}

/** The token of every meter event session this server makes. */
StripeServer.METER_TOKEN = 'mes_tok_loopback_session';

module.exports = { StripeServer, json: StripeServer.json, error: StripeServer.error };
