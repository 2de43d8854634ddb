'use strict';
// Walks every operation of the catalogue through the subscriber (GET) or a publisher (POST, DELETE)
// in Node-RED against the loopback Stripe-like server, and checks what arrived there and what came out.
//
// The server answers as Stripe does: only the operation's own method and path (its catalogue path
// template) get an answer, shaped by the operation (an object, a deleted object, a list page, a search
// page, the quote's PDF bytes); any other method or path gets Stripe's 404 "Unrecognized request URL".
// Each answer is unique, and the node's message must carry exactly it, so a node that sent to another
// path, or passed on something else, fails.
const assert = require('assert');
const { getCatalogue } = require('../dist/stripe');
const { StripeServer, json, error } = require('./helpers/stripe-server');
const { startFlow, stopFlow, until } = require('./helpers/flow');

/** A path template as a RegExp: `/v1/customers/{customer}` matches `/v1/customers/cus_1` (one segment per parameter). */
function templateRegExp(template) {
  const parts = template.split(/\{[^{}/]+\}/).map((p) => p.replace(/[.*+?^$()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^/]+')}$`);
}

/** The object type an operation's path names: `/v1/customers/{customer}/tax_ids/{id}` -> `tax_id`. */
function objectType(template) {
  const names = template.split('/').filter((seg) => seg && !seg.startsWith('{') && seg !== 'v1' && seg !== 'v2');
  const last = names[names.length - 1] || 'object';
  if (/ies$/.test(last)) return last.replace(/ies$/, 'y');
  return /(ss|us)$/.test(last) ? last : last.replace(/s$/, '');
}

const PDF = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\n%%EOF\n', 'latin1');

/** What Stripe answers to operation number `n` (a unique id each, so an answer cannot pass for another's). */
function answerFor(op, n, urlPath) {
  if (op.id === 'GetQuotesQuotePdf') return { type: 'application/pdf', body: PDF };
  const object = { id: `obj_${String(n).padStart(3, '0')}`, object: objectType(op.path) };
  if (op.pagination === 'list') return { body: { object: 'list', data: [object], has_more: false, url: urlPath } };
  if (op.pagination === 'search')
    return { body: { object: 'search_result', data: [object], has_more: false, next_page: null, url: urlPath } };
  if (op.method === 'DELETE') return { body: { ...object, deleted: true } };
  return { body: object };
}

/** Stripe's answer to a method and path it does not have. */
function unrecognized(res, r) {
  error(res, 404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${r.method}: ${r.path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}

function sample(p) {
  switch (p.type) {
    case 'integer':
    case 'number':
      return 7;
    case 'boolean':
      return true;
    case 'array':
      return ['a1'];
    case 'object':
      return { k: 'v' };
    default:
      return `${p.name}-v`;
  }
}

describe('every operation of the catalogue', function () {
  this.timeout(120000);
  let server;
  let f;
  let current; // { op, n, re, sent }: the operation being walked, and what the server answered it
  before(async () => {
    server = await new StripeServer().start();
    server.on((req, res, r) => {
      if (!current || r.method !== current.op.method || !current.re.test(r.path)) {
        unrecognized(res, r);
        return true;
      }
      const a = answerFor(current.op, current.n, r.path);
      const requestId = `req_every${current.n}`;
      current.sent = { ...a, requestId };
      if (a.type) {
        res.writeHead(200, { 'content-type': a.type, 'content-length': a.body.length, 'request-id': requestId });
        res.end(a.body);
      } else {
        json(res, 200, a.body, { 'request-id': requestId });
      }
      return true;
    });
    f = await startFlow({
      baseUri: server.url,
      nodes: [
        { id: 'get', type: 'stripe-subscriber', operationId: '' },
        { id: 'post', type: 'stripe-publisher', method: 'POST', operationId: '' },
        { id: 'delete', type: 'stripe-publisher', method: 'DELETE', operationId: '' },
      ],
    });
  });
  after(async () => {
    await stopFlow();
    await server.stop();
  });

  it('sends each of the 702 operations with the right method, URL and required parameters, and passes on what Stripe answered', async () => {
    const ops = getCatalogue().operations;
    assert.strictEqual(ops.length, 702);
    const seen = { GET: 0, POST: 0, DELETE: 0 };
    for (const [n, op] of ops.entries()) {
      current = { op, n, re: templateRegExp(op.path) };
      const path = {};
      for (const p of op.pathParams) path[p.name] = `${p.name} 1/x`;
      const query = {};
      for (const p of op.queryParams) if (p.required) query[p.name] = sample(p);
      const payload = {};
      for (const p of op.bodyFields) if (p.required) payload[p.name] = sample(p);
      if (op.id === 'PostFiles') payload.file = Buffer.from('file-bytes');

      const before = { received: f.received.length, requests: server.requests.length };
      f.node(op.method.toLowerCase()).receive({ operationId: op.id, path, query, payload });
      await until(() => f.received.length > before.received || f.errors.length > 0, 5000, op.id);
      assert.strictEqual(f.errors.length, 0, `${op.id}: ${f.errors[0] && f.errors[0].error.message}`);
      assert.strictEqual(server.requests.length, before.requests + 1, `${op.id} made one request`);
      const r = server.requests[server.requests.length - 1];
      const expectedPath = op.path.replace(/\{([^}]+)\}/g, (_, n) => encodeURIComponent(path[n]));
      assert.strictEqual(r.method, op.method, op.id);
      assert.strictEqual(r.url.split('?')[0], expectedPath, op.id);
      for (const [k, v] of Object.entries(query)) {
        assert.deepStrictEqual(
          r.query[k],
          typeof v === 'object' ? (Array.isArray(v) ? v : v) : String(v),
          `${op.id} query ${k}`,
        );
      }
      if (op.method === 'POST') {
        assert.match(r.headers['idempotency-key'] || '', /^[0-9a-f-]{36}$/, `${op.id} idempotency key`);
        for (const k of Object.keys(payload)) {
          const got = op.id === 'PostFiles' && k === 'file' ? r.body.files.file : r.body[k];
          assert.ok(got !== undefined, `${op.id} body field ${k} arrived`);
        }
      }
      const out = f.received[f.received.length - 1];
      assert.strictEqual(f.received.length, before.received + 1, `${op.id}: one message out`);
      assert.strictEqual(out.stripe.operationId, op.id);
      assert.strictEqual(out.statusCode, 200, op.id);
      assert.strictEqual(out.stripe.requestId, current.sent.requestId, `${op.id}: the answer's request id`);
      if (current.sent.type) {
        assert.ok(Buffer.isBuffer(out.payload), `${op.id}: the answer's bytes, as a Buffer`);
        assert.ok(out.payload.equals(current.sent.body), `${op.id}: the bytes the server sent`);
      } else {
        assert.deepStrictEqual(out.payload, current.sent.body, `${op.id}: the body the server sent`);
      }
      seen[op.method]++;
    }
    assert.deepStrictEqual(seen, { GET: 316, POST: 352, DELETE: 34 });
  });

  it("the server answers only the operation's own method and path: any other gets Stripe's 404", async () => {
    const op = getCatalogue().operations.find((o) => o.id === 'GetCustomersCustomer');
    current = { op, n: 0, re: templateRegExp(op.path) };
    const errorsBefore = f.errors.length;
    // The right path but another method, then another path: as a node that got the operation wrong would send.
    f.node('delete').receive({ operationId: 'DeleteCustomersCustomer', path: { customer: 'cus_1' } });
    f.node('get').receive({ operationId: 'GetCustomersCustomerTaxIds', path: { customer: 'cus_1' } });
    await until(() => f.errors.length === errorsBefore + 2, 5000, 'two errors');
    const errs = f.errors.slice(errorsBefore).sort((a, b) => a.stripe.method.localeCompare(b.stripe.method));
    assert.deepStrictEqual(
      errs.map((m) => [m.statusCode, m.stripe.error.statusCode, m.stripe.error.type]),
      [
        [404, 404, 'invalid_request_error'],
        [404, 404, 'invalid_request_error'],
      ],
    );
    assert.match(errs[0].stripe.error.message, /^Unrecognized request URL \(DELETE: \/v1\/customers\/cus_1\)/);
    assert.match(errs[1].stripe.error.message, /^Unrecognized request URL \(GET: \/v1\/customers\/cus_1\/tax_ids\)/);
  });
});
