'use strict';
// Walks every operation of the catalogue through the subscriber (GET) or a publisher (POST, DELETE)
// in Node-RED against the loopback Stripe-like server, and checks what arrived there.
const assert = require('assert');
const { getCatalogue } = require('../dist/stripe');
const { StripeServer } = require('./helpers/stripe-server');
const { startFlow, stopFlow, until } = require('./helpers/flow');

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
  before(async () => {
    server = await new StripeServer().start();
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

  it('sends each of the 533 operations with the right method, URL and required parameters', async () => {
    const ops = getCatalogue().operations;
    assert.strictEqual(ops.length, 533);
    const seen = { GET: 0, POST: 0, DELETE: 0 };
    for (const op of ops) {
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
        assert.deepStrictEqual(r.query[k], typeof v === 'object' ? (Array.isArray(v) ? v : v) : String(v), `${op.id} query ${k}`);
      }
      if (op.method === 'POST') {
        assert.match(r.headers['idempotency-key'] || '', /^[0-9a-f-]{36}$/, `${op.id} idempotency key`);
        for (const k of Object.keys(payload)) {
          const got = op.id === 'PostFiles' && k === 'file' ? r.body.files.file : r.body[k];
          assert.ok(got !== undefined, `${op.id} body field ${k} arrived`);
        }
      }
      const out = f.received[f.received.length - 1];
      assert.strictEqual(out.stripe.operationId, op.id);
      assert.strictEqual(out.statusCode, 200);
      seen[op.method]++;
    }
    assert.deepStrictEqual(seen, { GET: 247, POST: 254, DELETE: 32 });
  });
});
