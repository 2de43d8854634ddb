'use strict';
// What msg.payload is, in real flows (test/helpers/real-flows.js): a Stripe object read before, a value
// that is not an object (inject, change), a file's bytes (file in); what goes out and what comes back.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { StripeServer } = require('../helpers/stripe-server');
const { startCoreFlow, func, outputs } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');
const { CORE, inject, publisher, subscriber, customer, formBody } = require('../helpers/real-flows');

describe('real flows: core Node-RED nodes upstream of the stripe nodes', function () {
  let server;
  withStripeServer((s) => (server = s));

  describe('a Stripe object in msg.payload is something read, not a body', function () {
    it("subscriber GetCustomersCustomer -> publisher PostCustomersCustomer posts only the node's payload settings", async () => {
      server.route('GET', '/v1/customers/cus_1', { body: customer('cus_1') });
      server.route('POST', '/v1/customers/cus_1', (res, r) =>
        StripeServer.json(res, 200, customer('cus_1', { description: r.body.description })),
      );
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject],
        nodes: [
          inject('inj', ['s1']),
          subscriber('s1', { operationId: 'GetCustomersCustomer', path: { customer: 'cus_1' } }, ['p1']),
          publisher('p1', {
            operationId: 'PostCustomersCustomer',
            path: { customer: '{{payload.id}}' },
            payload: { description: 'updated' },
          }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.deepStrictEqual(
        server.requests.map((r) => `${r.method} ${r.path}`),
        ['GET /v1/customers/cus_1', 'POST /v1/customers/cus_1'],
      );
      assert.strictEqual(formBody(server.requests[1]), 'description=updated');
      assert.strictEqual(f.received[0].payload.description, 'updated');
      assert.strictEqual(f.received[0].stripe.operationId, 'PostCustomersCustomer');
    });

    it('a Stripe object built in a function node feeds the templates and is not posted either', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func(
            'fn',
            "msg.payload = { id: 'cus_2', object: 'customer', email: 'old@example.test', livemode: false, metadata: {} }; return msg;",
            ['p1'],
          ),
          publisher('p1', {
            operationId: 'PostCustomersCustomer',
            path: { customer: '{{payload.id}}' },
            payload: { 'metadata[previous_email]': '{{payload.email}}' },
          }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      assert.strictEqual(server.requests[0].path, '/v1/customers/cus_2');
      assert.strictEqual(formBody(server.requests[0]), 'metadata[previous_email]=old%40example.test');
    });
  });

  describe('a payload that is not an object feeds the templates', function () {
    it('inject with its default timestamp -> PostCustomers with email ts{{payload}}@example.test', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject],
        nodes: [
          inject('inj', ['p1']),
          publisher('p1', { operationId: 'PostCustomers', payload: { email: 'ts{{payload}}@example.test' } }),
        ],
      });
      const before = Date.now();
      await f.click('inj');
      await outputs(f);
      const r = server.requests[0];
      assert.strictEqual(r.path, '/v1/customers');
      assert.deepStrictEqual(Object.keys(r.body), ['email']);
      const m = /^ts(\d+)@example\.test$/.exec(r.body.email);
      assert.ok(m, `email is ${r.body.email}`);
      assert.ok(Number(m[1]) >= before && Number(m[1]) <= Date.now(), "the inject node's timestamp");
    });

    it('inject with a JSON payload (fired once on deploy) -> PostCustomers posts its fields', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject],
        nodes: [
          inject('inj', ['p1'], {
            once: true,
            onceDelay: 0.05,
            payload: '{"email":"j@example.test"}',
            payloadType: 'json',
          }),
          publisher('p1', { operationId: 'PostCustomers' }),
        ],
      });
      await outputs(f);
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(formBody(server.requests[0]), 'email=j%40example.test');
    });

    it('a string and a boolean from inject nodes, and null from a change node, only fill the templates', async () => {
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.change],
        nodes: [
          inject('injStr', ['pName'], { payload: 'Ada Lovelace', payloadType: 'str' }),
          publisher('pName', { operationId: 'PostCustomers', payload: { name: '{{payload}}' } }),
          inject('injBool', ['pVip'], { payload: 'true', payloadType: 'bool' }),
          publisher('pVip', { operationId: 'PostCustomers', payload: { 'metadata[vip]': '{{payload}}' } }),
          inject('injNull', ['toNull']),
          {
            id: 'toNull',
            type: 'change',
            name: '',
            rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'null', tot: 'json' }],
            wires: [['pNull']],
          },
          publisher('pNull', { operationId: 'PostCustomers', payload: { description: 'made from nothing' } }),
        ],
      });
      await f.click('injStr');
      await outputs(f, 1);
      await f.click('injBool');
      await outputs(f, 2);
      await f.click('injNull');
      await outputs(f, 3);
      assert.deepStrictEqual(server.requests.map(formBody), [
        'name=Ada%20Lovelace',
        'metadata[vip]=true',
        'description=made%20from%20nothing',
      ]);
    });
  });

  describe('a file read by a file-in node', function () {
    let dir;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-file-'));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('file in (a single Buffer) -> PostFiles uploads its bytes as the file, purpose from the node settings', async () => {
      const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x00, 0xff, 0x0d, 0x0a, 0x80, 0x7f, 0x41]);
      const file = path.join(dir, 'evidence.pdf');
      fs.writeFileSync(file, bytes);
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.file],
        nodes: [
          inject('inj', ['read']),
          {
            id: 'read',
            type: 'file in',
            name: '',
            filename: file,
            filenameType: 'str',
            format: '',
            chunk: false,
            sendError: false,
            encoding: 'none',
            allProps: false,
            wires: [['p1']],
          },
          publisher('p1', { operationId: 'PostFiles', payload: { purpose: 'dispute_evidence' } }),
        ],
      });
      await f.click('inj');
      await outputs(f);
      const r = server.requests[0];
      assert.strictEqual(r.method, 'POST');
      assert.strictEqual(r.path, '/v1/files');
      assert.match(r.headers['content-type'], /^multipart\/form-data; boundary=/);
      assert.strictEqual(r.body.purpose, 'dispute_evidence');
      assert.ok(r.body.files.file, 'a file part');
      assert.ok(r.body.files.file.content.equals(bytes), "the file part holds the file's bytes");
      assert.strictEqual(
        r.body.files.file.filename,
        'evidence.pdf',
        'named after the file the file-in node read (msg.filename)',
      );
    });
  });
});
