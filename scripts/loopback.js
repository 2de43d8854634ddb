'use strict';
// Loopback servers for the offline demo of `npm start` and the tests: any http.Server on 127.0.0.1,
// and stripe-stateful-mock (a third-party stateful Stripe stand-in) on one.
const fs = require('fs');
const http = require('http');
const path = require('path');

/** Listens on 127.0.0.1 (port 0 = any free port); stop() also closes kept-alive sockets. */
async function listenOnLoopback(server, port = 0) {
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    server,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const { EventsStandIn } = require('./events-standin');
const { MeterEventsStandIn } = require('./meter-events-standin');

const STAND_IN = 'the offline stand-in (stripe-stateful-mock)';
const Cap = (text) => text[0].toUpperCase() + text.slice(1);
const USE_STRIPE = "run with STRIPE_API_KEY=sk_test_... npm start to use Stripe's test mode";

let operations;
/** The catalogued operation for a method and a concrete path (`DELETE /v1/customers/cus_1` -> DeleteCustomersCustomer). */
function operationFor(method, urlPath) {
  if (!operations) {
    try {
      const file = path.join(__dirname, '..', 'spec', 'catalogue.json');
      operations = JSON.parse(fs.readFileSync(file, 'utf8')).operations.map((op) => ({
        op,
        re: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^{}/]+\\?\}/g, '[^/]+')}$`),
        params: (op.path.match(/\{/g) || []).length,
      }));
    } catch {
      operations = [];
    }
  }
  const hits = operations.filter((o) => o.op.method === method && o.re.test(urlPath));
  // `/v1/customers/search` is GetCustomersSearch, not GetCustomersCustomer: the fewest parameters win.
  hits.sort((a, b) => a.params - b.params);
  return hits.length ? hits[0].op : null;
}

function describeRoute(method, urlPath) {
  const op = operationFor(method, urlPath);
  return op ? `${op.method} ${op.path} (${op.id})` : `${method} ${urlPath}`;
}

/**
 * What the stand-in answered, with its gaps said as such: an error for something it does not have
 * (an unknown route, a search, a crash inside it) tells the user so and how to reach Stripe's test
 * mode instead; a missing object reminds them that it keeps objects in memory only. Stripe's error
 * shape (`{ error: { type, message, ... } }`) and the HTTP status are kept.
 */
function explainStandInError(method, urlPath, statusCode, body) {
  if (statusCode < 400 || !body || typeof body !== 'object') return body;
  const e = body.error && typeof body.error === 'object' ? body.error : null;
  // Its searches are taken for an object id: `GET /v1/customers/search` answers "No such customer: search".
  const search = method === 'GET' && /^\/v1\/[a-z_]+\/search$/.test(urlPath);
  if (statusCode === 404 && e && (search || /^No matching path/.test(String(e.message)))) {
    return {
      error: {
        type: 'invalid_request_error',
        message: `No matching path: ${urlPath}. This is ${STAND_IN}, which does not support ${describeRoute(method, urlPath)}; ${USE_STRIPE}.`,
      },
    };
  }
  if (statusCode === 404 && e && e.code === 'resource_missing') {
    return {
      error: {
        ...e,
        message: `${String(e.message).replace(/\.?$/, '.')} ${Cap(STAND_IN)} knows only what was made since npm start started it: it keeps objects in memory.`,
      },
    };
  }
  if (statusCode >= 500 && !e) {
    // Its crash answer is `{ message: 'Unexpected error: ...', stack }`: not Stripe's shape, and a stack of local paths.
    const what = String(body.message || 'unexpected error').replace(/^Unexpected error:\s*/, '');
    return {
      error: {
        type: 'api_error',
        message: `${Cap(STAND_IN)} failed on ${method} ${urlPath}: ${what}. It does not support everything Stripe does; ${USE_STRIPE}.`,
      },
    };
  }
  return body;
}

/**
 * The event a successful write to the stand-in stands for: `<object>.created` for a POST to a
 * collection, `.updated` for a POST to an object, `.deleted` for a DELETE; a payment intent or charge
 * whose status is `succeeded` also gives `<object>.succeeded`. A plain imitation of Stripe's events,
 * enough for the event nodes' examples to run offline.
 */
function eventsOf(method, urlPath, body) {
  if (!body || typeof body !== 'object' || typeof body.object !== 'string' || typeof body.id !== 'string') return [];
  const type = body.object;
  if (method === 'DELETE') return [`${type}.deleted`];
  if (method !== 'POST') return [];
  const parts = urlPath.split('/').filter(Boolean); // ['v1', 'customers'] or ['v1', 'customers', 'cus_1', ...]
  const out = [parts.length === 2 ? `${type}.created` : `${type}.updated`];
  if ((type === 'payment_intent' || type === 'charge') && body.status === 'succeeded') out.push(`${type}.succeeded`);
  return out;
}

/**
 * An http request handler: the stand-in's express app, its error answers explained (explainStandInError).
 * With `events` (an EventsStandIn), GET /v1/events and /v1/webhook_endpoints are answered from it, and
 * each successful write to the stand-in is recorded there as an event (eventsOf).
 */
function explainingStandIn(app, events, meterEvents) {
  const eventRoutes = events && events.handler();
  const meterRoutes = meterEvents && meterEvents.handler();
  return (req, res) => {
    const urlPath = String(req.url).split('?')[0].replace(/\/+$/, '') || '/';
    if (meterRoutes && /^\/v[12]\/billing\/meter/.test(urlPath)) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (!meterRoutes(req, res, Buffer.concat(chunks))) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify(explainStandInError(req.method, urlPath, 404, { error: { message: 'No matching path' } })),
          );
        }
      });
      return;
    }
    if (eventRoutes && /^\/v1\/(events|webhook_endpoints)(\/|$)/.test(urlPath)) {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        if (!eventRoutes(req, res, Buffer.concat(chunks))) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify(explainStandInError(req.method, urlPath, 404, { error: { message: 'No matching path' } })),
          );
        }
      });
      return;
    }
    // Every answer of the stand-in goes out through express's res.json (res.send(object) calls it).
    // An own property wins over the prototype express gives the response when it takes it.
    res.json = function (body) {
      const json = Object.getPrototypeOf(this).json;
      if (events && this.statusCode < 300)
        for (const type of eventsOf(req.method, urlPath, body)) events.add(type, body);
      return json.call(this, explainStandInError(req.method, urlPath, this.statusCode, body));
    };
    app(req, res);
  };
}

/**
 * stripe-stateful-mock on loopback. `explainGaps` (default on): its errors for what it does not
 * support say so (explainStandInError), and an event list and webhook endpoints are added beside it
 * (the handle's `events`, an EventsStandIn), and billing meters, meter events and the meter event
 * stream with its sessions (the handle's `meterEvents`, a MeterEventsStandIn).
 */
async function startStatefulMock(port = 0, { explainGaps = true } = {}) {
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'silent';
  const { createExpressApp } = require('stripe-stateful-mock');
  // The stand-in logs through loglevel, read from LOG_LEVEL only when it is first loaded.
  require('loglevel').setLevel(process.env.LOG_LEVEL);
  const app = createExpressApp();
  const events = explainGaps ? new EventsStandIn() : undefined;
  const meterEvents = explainGaps ? new MeterEventsStandIn() : undefined;
  const handler = explainGaps ? explainingStandIn(app, events, meterEvents) : app;
  const handle = await listenOnLoopback(http.createServer(handler), port);
  return { ...handle, events, meterEvents };
}

module.exports = { listenOnLoopback, startStatefulMock, explainStandInError, eventsOf, STAND_IN };
