'use strict';
// A lean Stripe-like server for the bench, run in its own process (forked by bench/lib/server.js) so
// that its CPU is not counted with Node-RED's. Unlike test/helpers/stripe-server.js it keeps no record
// of each request (that record would grow for the whole run), and it makes list pages on the fly:
//
//   POST /v1/customers   a customer object (about 700 bytes, shaped like Stripe's) with the email and
//                        metadata[order] of the form body; after `delayMs` if set.
//   GET  /v1/customers   a page of a list of `listCount` customers of about 150 bytes each, newest
//                        first, `limit` (default 10, at most 100), `starting_after`, `has_more`; each
//                        page is built from the cursor's position, never from the whole list.
//   anything else        404 in Stripe's error shape; a missing or malformed key: 401.
//
// Controlled over IPC: { id, cmd: 'configure', args: { delayMs, listCount } }, 'stats', 'reset'.
// Statistics: requests by route, POSTs without an Idempotency-Key, the most requests in flight, the
// connections opened and the most open at once, and (when `recordArrivals`) the arrival time of each
// request, for the busiest sliding second.
const http = require('http');
const { performance } = require('perf_hooks');

const cfg = { delayMs: 0, listCount: 0, recordArrivals: false };
let stats;
function resetStats() {
  stats = {
    requests: 0,
    byRoute: {},
    noIdempotencyKey: 0,
    inFlight: 0,
    maxInFlight: 0,
    arrivals: [],
    badRequests: 0,
    connections: 0,
    openConnections: 0,
    maxOpenConnections: 0,
  };
}
resetStats();

let seq = 0;
const requestId = () => `req_bench${(++seq).toString(36)}`;

function send(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'request-id': requestId(),
    'stripe-version': '2024-04-10',
  });
  res.end(text);
}

function customer(email, order) {
  const n = ++seq;
  return {
    id: `cus_B${n.toString(36).padStart(13, '0')}`,
    object: 'customer',
    address: null,
    balance: 0,
    created: Math.floor(Date.now() / 1000),
    currency: null,
    default_source: null,
    delinquent: false,
    description: null,
    discount: null,
    email,
    invoice_prefix: `B${n.toString(16).toUpperCase().padStart(7, '0')}`,
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: order === null ? {} : { order },
    name: null,
    next_invoice_sequence: 1,
    phone: null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
}

const ID_PREFIX = 'cus_L';
const listId = (i) => `${ID_PREFIX}${String(i).padStart(7, '0')}`;
/** List object i (0 = newest): about 150 bytes of JSON. */
const listObject = (i) => ({
  id: listId(i),
  object: 'customer',
  created: 1700000000 - i,
  email: `customer${i}@example.com`,
  livemode: false,
  metadata: { order: String(i) },
  name: `Customer ${i}`,
});

function listPage(res, query) {
  const limit = Math.min(Math.max(Number(query.get('limit')) || 10, 1), 100);
  const after = query.get('starting_after');
  let start = 0;
  if (after) {
    if (!after.startsWith(ID_PREFIX))
      return send(res, 400, {
        error: { type: 'invalid_request_error', message: `No such customer: '${after}'`, param: 'starting_after' },
      });
    start = Number(after.slice(ID_PREFIX.length)) + 1;
  }
  const end = Math.min(start + limit, cfg.listCount);
  const data = [];
  for (let i = start; i < end; i++) data.push(listObject(i));
  send(res, 200, { object: 'list', data, has_more: end < cfg.listCount, url: '/v1/customers' });
}

function handle(req, res, raw) {
  const auth = req.headers.authorization || '';
  if (!/^Bearer (sk|rk)_(test|live)_/.test(auth)) {
    stats.badRequests++;
    return send(res, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
  }
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  if (req.method === 'POST' && path === '/v1/customers') {
    if (!req.headers['idempotency-key']) stats.noIdempotencyKey++;
    const form = new URLSearchParams(raw.toString('utf8'));
    const body = customer(form.get('email'), form.get('metadata[order]'));
    if (cfg.delayMs > 0) return setTimeout(() => send(res, 200, body), cfg.delayMs);
    return send(res, 200, body);
  }
  if (req.method === 'GET' && path === '/v1/customers')
    return listPage(res, new URLSearchParams(q < 0 ? '' : req.url.slice(q + 1)));
  stats.badRequests++;
  return send(res, 404, {
    error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${path}).` },
  });
}

const server = http.createServer((req, res) => {
  const route = `${req.method} ${req.url.split('?')[0]}`;
  stats.requests++;
  stats.byRoute[route] = (stats.byRoute[route] || 0) + 1;
  if (cfg.recordArrivals) stats.arrivals.push(performance.now());
  stats.inFlight++;
  if (stats.inFlight > stats.maxInFlight) stats.maxInFlight = stats.inFlight;
  res.once('close', () => stats.inFlight--);
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
});
server.on('connection', (socket) => {
  stats.connections++;
  stats.openConnections++;
  if (stats.openConnections > stats.maxOpenConnections) stats.maxOpenConnections = stats.openConnections;
  socket.once('close', () => stats.openConnections--);
});
// Keep connections open across the pauses between rounds (Node's default is 5 s).
server.keepAliveTimeout = 65000;
server.headersTimeout = 66000;

/** The most arrivals within any sliding window of `windowMs`. */
function busiest(arrivals, windowMs) {
  let best = 0;
  for (let i = 0, j = 0; i < arrivals.length; i++) {
    while (arrivals[i] - arrivals[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

process.on('message', (m) => {
  let result;
  if (m.cmd === 'configure') {
    Object.assign(cfg, m.args);
    result = { ...cfg };
  } else if (m.cmd === 'reset') {
    const open = stats.openConnections;
    resetStats();
    stats.openConnections = open;
    stats.maxOpenConnections = open;
  } else if (m.cmd === 'stats') {
    const a = stats.arrivals;
    result = {
      ...stats,
      arrivals: undefined,
      arrivalCount: a.length,
      firstToLastMs: a.length > 1 ? a[a.length - 1] - a[0] : 0,
      busiestSecond: busiest(a, 1000),
      rss: process.memoryUsage().rss,
    };
  }
  process.send({ id: m.id, result });
});

// Exit with the bench: when the IPC channel closes, or when the parent is gone.
process.on('disconnect', () => process.exit(0));
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

server.listen(0, '127.0.0.1', () => {
  process.send({ type: 'ready', port: server.address().port });
});
