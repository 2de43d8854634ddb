'use strict';
// Every operation of the catalogue that stripe-node 23 has, called twice with the same sample parameters:
// through our nodes in Node-RED (subscriber for GET, publisher for POST and DELETE) and through
// stripe-node 23 (the resource method stripe-node's own code calls it with), both against one loopback
// recorder. On the wire the two requests must be the same: method, path, query, body (parsed: form via
// qs, JSON, multipart), content type, and the host each was aimed at (files, meter events).
//
// The sample of a parameter is a value of its type (the first of its enum values where it has them);
// an object or array of objects with nested fields (spec/fields.json) gets its first nested field, so
// every operation that has a nested body field sends one.
const assert = require('assert');
const path = require('path');
const Stripe = require('stripe');
const { getCatalogue, buildRequest } = require('../dist/stripe');
const { requestUrl } = require('../dist/stripe/http/urls');
const fieldsFile = require('../spec/fields.json');
const { readCalls, methodKey } = require('../scripts/catalog/stripe-node');
const { StripeServer, json } = require('./helpers/stripe-server');
const { startFlow, stopFlow, until } = require('./helpers/flow');

const RESOURCES = path.join(path.dirname(require.resolve('stripe')), 'resources');
const shape = (method, p) => `${method} ${p.replace(/\{[^{}]+\}/g, '{}')}`;
const FILE = Buffer.from('file-bytes\n');

/** A value of a parameter's type; objects and arrays of objects get their first nested field. */
function sample(p, depth = 0) {
  const nested = p.fields && p.fields.length && depth < 3 ? p.fields[0] : undefined;
  switch (p.type) {
    case 'integer':
    case 'number':
      return 7;
    case 'boolean':
      return true;
    case 'array':
      if (nested) return [{ [nested.name]: sample(nested, depth + 1) }];
      return [p.enum && p.enum.length ? p.enum[0] : 'a1'];
    case 'object':
      return nested ? { [nested.name]: sample(nested, depth + 1) } : { k: 'v' };
    default:
      return p.enum && p.enum.length ? p.enum[0] : `${p.name}-v`;
  }
}

/** The stripe-node method of each `METHOD /path shape`: the resource instance and the method's name. */
function stripeNodeMethods(stripe) {
  const instances = [];
  const seen = new Set();
  const walk = (o, depth) => {
    if (!o || typeof o !== 'object' || seen.has(o) || depth > 6) return;
    seen.add(o);
    if (typeof o._makeRequest === 'function') instances.push(o);
    for (const k of Object.keys(o)) if (!k.startsWith('_')) walk(o[k], depth + 1);
  };
  walk(stripe, 0);
  const byShape = new Map();
  const calls = readCalls(RESOURCES);
  const perMethod = new Map();
  for (const c of calls) perMethod.set(methodKey(c), (perMethod.get(methodKey(c)) || 0) + 1);
  // accounts.retrieve calls /v1/accounts/{id} or /v1/account; accounts.retrieveCurrent only the latter.
  calls.sort((a, b) => (perMethod.get(methodKey(a)) > 1) - (perMethod.get(methodKey(b)) > 1));
  for (const c of calls) {
    const cls = require(c.file)[c.className];
    const instance = instances.find((i) => i.constructor === cls);
    const key = shape(c.httpMethod, c.path);
    if (instance && !byShape.has(key)) byShape.set(key, { instance, method: c.method, template: c.path });
  }
  return byShape;
}

/** What of a recorded request is compared (a content type only with a body: stripe-node names one on every request). */
function wire(r, host) {
  const type = r.rawBody.length ? String(r.headers['content-type'] || '').split(';')[0] : undefined;
  let body = r.rawBody.length ? r.body : undefined;
  if (body && body.files) {
    const files = Object.fromEntries(
      Object.entries(body.files).map(([k, f]) => [k, { filename: f.filename, content: f.content.toString('utf8') }]),
    );
    body = { ...body, files };
  }
  return { host, method: r.method, path: r.path, query: r.query, type, body };
}

describe('every operation: our nodes and stripe-node 23 send the same request', function () {
  this.timeout(180000);
  let server;
  let f;
  let stripe;
  let methods;
  const aimedAt = []; // the host stripe-node meant each request for (before the recorder took it)

  before(async () => {
    server = await new StripeServer().start();
    const port = Number(new URL(server.url).port);
    server.on((req, res, r) => {
      if (r.path.endsWith('/pdf')) {
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 8, 'request-id': 'req_pdf' });
        res.end('%PDF-1.4');
        return true;
      }
      if (r.path === '/v2/billing/meter_event_session') {
        const expires = new Date(Date.now() + 15 * 60000).toISOString();
        json(res, 200, {
          id: 'mes_1',
          object: 'v2.billing.meter_event_session',
          authentication_token: 'tok_1',
          expires_at: expires,
        });
        return true;
      }
      const item = { id: 'obj_1', object: 'thing' };
      const list = { object: 'list', data: [item], has_more: false, next_page_url: null, url: r.path };
      if (current && current.pagination === 'search') {
        json(res, 200, { object: 'search_result', data: [item], has_more: false, next_page: null, url: r.path });
      } else json(res, 200, current && current.pagination === 'list' ? list : item);
      return true;
    });
    // stripe-node aims at api.stripe.com, files.stripe.com or meter-events.stripe.com; its HTTP client
    // notes where, and sends the request to the recorder instead.
    const inner = Stripe.createNodeHttpClient();
    class RecordingClient extends Stripe.HttpClient {
      getClientName() {
        return 'recording';
      }
      makeRequest(host, _port, p, method, headers, data, _protocol, timeout) {
        aimedAt.push(host);
        return inner.makeRequest('127.0.0.1', port, p, method, headers, data, 'http', timeout);
      }
    }
    stripe = new Stripe('sk_test_4eC39HqLyjWDarjtT1zdp7dc', {
      httpClient: new RecordingClient(),
      maxNetworkRetries: 0,
      telemetry: false,
    });
    methods = stripeNodeMethods(stripe);
    f = await startFlow({
      baseUri: server.url,
      nodes: [
        { id: 'get', type: 'stripe-subscriber', operationId: '' },
        { id: 'post', type: 'stripe-publisher', method: 'POST', operationId: '' },
        { id: 'delete', type: 'stripe-publisher', method: 'DELETE', operationId: '' },
      ],
    });
  });
  let current;
  after(async () => {
    await stopFlow();
    await server.stop();
  });

  it("sends each of stripe-node's 648 operations as stripe-node does", async () => {
    const fields = new Map(fieldsFile.operations.map((o) => [o.id, o]));
    const ops = getCatalogue().operations.filter((o) => methods.has(shape(o.method, o.path)));
    assert.strictEqual(ops.length, 648);
    const differences = [];
    let nested = 0;
    for (const op of ops) {
      current = op;
      const { instance, method, template } = methods.get(shape(op.method, op.path));
      const pathValues = {};
      for (const p of op.pathParams) pathValues[p.name] = `${p.name} 1/x`;
      const detail = fields.get(op.id);
      const params = {};
      for (const p of op.method === 'POST' ? detail.bodyFields : detail.queryParams) {
        params[p.name] = sample(p);
        if (p.fields && op.method === 'POST') nested++;
      }
      let ours = params;
      let theirs = params;
      if (op.id === 'PostFiles') {
        ours = { ...params, file: FILE, file_name: 'f.txt' };
        theirs = { ...params, file: { data: FILE, name: 'f.txt', type: 'application/octet-stream' } };
      }

      // Our nodes, in Node-RED.
      const before = { received: f.received.length, errors: f.errors.length, requests: server.requests.length };
      const msg = { operationId: op.id, path: pathValues };
      if (op.method === 'POST') msg.payload = ours;
      else msg.query = ours;
      f.node(op.method.toLowerCase()).receive(msg);
      await until(() => f.received.length > before.received || f.errors.length > before.errors, 5000, op.id);
      if (f.errors.length > before.errors) {
        differences.push(`${op.id}: our node failed: ${f.errors[f.errors.length - 1].error.message}`);
        continue;
      }
      // The meter event stream may first open a meter event session (as a stripe-node user does by hand).
      const stream = op.id === 'PostV2BillingMeterEventStream';
      const ourRequests = server.requests
        .slice(before.requests)
        .filter((r) => !stream || r.path !== '/v2/billing/meter_event_session');
      const ourRequest = buildRequest(
        op,
        op.method === 'POST' ? { path: pathValues, body: ours } : { path: pathValues, query: ours },
      );
      const ourHost = new URL(requestUrl('https://api.stripe.com', 'https://files.stripe.com', ourRequest)).host;

      // stripe-node, with its arguments in the order of its path template.
      const args = Array.from(template.matchAll(/\{([^{}]+)\}/g)).map((_, i) => pathValues[op.pathParams[i].name]);
      const mark = { requests: server.requests.length, aimed: aimedAt.length };
      try {
        // stripe-node insists on a version for ephemeral keys (it is a header, not compared here).
        const options = op.id === 'PostEphemeralKeys' ? { apiVersion: '2026-10-28.endive' } : {};
        const res = await instance[method](...args, theirs, options);
        if (res && typeof res.destroy === 'function') res.destroy();
      } catch (err) {
        differences.push(`${op.id}: stripe-node failed: ${err.message}`);
        continue;
      }
      const theirRequests = server.requests.slice(mark.requests);

      const a = ourRequests.length === 1 ? wire(ourRequests[0], ourHost) : { requests: ourRequests.length };
      const b =
        theirRequests.length === 1 ? wire(theirRequests[0], aimedAt[mark.aimed]) : { requests: theirRequests.length };
      try {
        assert.deepStrictEqual(a, b);
      } catch (err) {
        differences.push(`${op.id}: ${JSON.stringify(a)}\n   stripe-node: ${JSON.stringify(b)}`);
      }
    }
    assert.ok(nested >= 150, `${nested} operations sent a nested body field`);
    assert.deepStrictEqual(differences, [], `${differences.length} operations differ:\n${differences.join('\n')}`);
  });
});
