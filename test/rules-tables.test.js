'use strict';
// The rule tables (test/tables) run through the runtime as a user reaches it: stripe-client nodes in
// Node-RED built from each setting, the StripeClient constructor, the admin's key-info route, and
// subscriber and publisher nodes handling messages against a loopback Stripe-like server. Each
// refusal must be the rules' own problem (code and English message), each acceptance the rules'
// value, so the runtime cannot drift from the rules the editor applies.
const assert = require('assert');
const path = require('path');
const rules = require('../dist/rules');
const { StripeClient } = require('../dist/stripe');
const admin = require('../dist/nodes/admin');
const tables = require('./tables');
const { StripeServer } = require('./helpers/stripe-server');
const { helper, startFlow, stopFlow, until, KEY } = require('./helpers/flow');

const clientNode = require(path.join(__dirname, '..', 'dist', 'nodes', 'stripe-client.js'));

/** 'ok', or the code of the error the runtime threw, checked to carry the rule's message. */
function outcome(err, problem) {
  if (!err) return 'ok';
  if (problem && err.message !== problem.message) return `message "${err.message}", rule "${problem.message}"`;
  return err.code || `no code: ${err.message}`;
}

function construct(opts) {
  try {
    new StripeClient({ apiKey: KEY, ...opts }).close();
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('rule tables through the runtime', function () {
  describe('stripe-client settings', function () {
    // One flow holds a stripe-client node per row of every settings table.
    const rows = [];
    const add = (table, input, config, credentials, want, check) =>
      rows.push({ id: `c${rows.length}`, table, input, config, credentials, want, check });
    for (const [v, want] of tables.baseUris) {
      add('base URI', v, { baseUri: v }, { apiKey: KEY }, want, (client) => {
        assert.strictEqual(client.baseUri, rules.checkBaseUri(v).value);
      });
    }
    for (const [key, , mode, rate, want] of tables.apiKeys) {
      add('API key', key, {}, { apiKey: key }, want, (client) => {
        assert.strictEqual(client.mode, mode);
        assert.strictEqual(client.limiter.limit, rate, 'rate limit 0 is the automatic rate');
      });
    }
    for (const [field, v, want, value] of tables.clientNumbers) {
      const config = v === undefined ? {} : { [field]: v };
      add(field, v, config, { apiKey: KEY }, want, (client) => {
        const used = {
          timeout: client.timeoutMs,
          maxRetries: client.maxRetries,
          rateLimit: client.limiter.limit,
        };
        // The timeout in whole milliseconds, at least one (0 ms would be no timeout at all).
        const expected = {
          timeout: Math.max(1, Math.round(value * 1000)),
          maxRetries: value,
          rateLimit: value || rules.TEST_MODE_RATE,
        };
        assert.strictEqual(used[field], expected[field]);
      });
    }
    for (const [v, verdict] of tables.accounts) {
      add(
        'stripeAccount',
        v,
        { stripeAccount: v },
        { apiKey: KEY },
        verdict === 'ok' ? 'ok' : 'rules.stripeAccountSetting',
        (c) => assert.strictEqual(c.stripeAccount, v || undefined),
      );
    }

    afterEach(() => helper.unload());

    it('each stripe-client node accepts or refuses its setting as the rules do', async function () {
      const flow = rows.map((r) => ({
        id: r.id,
        type: 'stripe-client',
        name: '',
        baseUri: 'https://api.stripe.com',
        apiVersion: '2024-04-10',
        ...r.config,
      }));
      const credentials = Object.fromEntries(rows.map((r) => [r.id, r.credentials]));
      await helper.load([clientNode], flow, credentials);
      const wrong = [];
      for (const r of rows) {
        const node = helper.getNode(r.id);
        const got = outcome(node.configError, node.configError && rulesProblem(r));
        if (got !== r.want) wrong.push(`${r.table} ${JSON.stringify(r.input)}: ${got}, table ${r.want}`);
        else if (got === 'ok') {
          try {
            r.check(node.getClient());
          } catch (err) {
            wrong.push(`${r.table} ${JSON.stringify(r.input)}: ${err.message}`);
          }
        }
      }
      assert.deepStrictEqual(wrong, []);
    });

    it('the StripeClient constructor refuses exactly the same rows with the same problems', function () {
      const wrong = [];
      for (const r of rows) {
        const apiKey = r.credentials.apiKey;
        const got = outcome(construct({ ...r.config, apiKey }), rulesProblem(r));
        if (got !== r.want) wrong.push(`${r.table} ${JSON.stringify(r.input)}: ${got}, table ${r.want}`);
      }
      assert.deepStrictEqual(wrong, []);
    });
  });

  it("the admin's key-info route tells the kind and mode of exactly the keys the rules accept", function () {
    for (const [key, kind, mode, , want] of tables.apiKeys) {
      const res = { set() {}, json: (b) => (res.body = b) };
      admin.sendKeyInfo({ query: { id: 'c1' } }, res, () => ({ apiKey: key }));
      const expected = want === 'ok' ? { mode, kind } : { mode: null, kind: null };
      assert.deepStrictEqual({ mode: res.body.mode, kind: res.body.kind }, expected, JSON.stringify(key));
      assert.ok(!JSON.stringify(res.body).includes('_test_a') && !JSON.stringify(res.body).includes('_live_a'));
    }
  });

  describe('messages through subscriber and publisher nodes', function () {
    let server;
    before(async () => {
      server = await new StripeServer().start();
    });
    after(() => server.stop());
    beforeEach(() => {
      server.reset();
      server.on(
        (req, res) => (StripeServer.json(res, 200, { id: 'x_1', object: 'thing' }, { 'request-id': 'req_t' }), true),
      );
    });
    afterEach(stopFlow);

    /** Sends one message to node `id` and says what became of it: the request Stripe got, or the error's code. */
    async function run(f, id, msg) {
      const before = { sent: server.requests.length, received: f.received.length, errors: f.errors.length };
      f.node(id).receive(msg);
      await until(() => f.received.length > before.received || f.errors.length > before.errors, 5000, 'an outcome');
      if (f.errors.length > before.errors) {
        const e = f.errors[f.errors.length - 1].error;
        return { error: e.message };
      }
      const r = server.requests[before.sent];
      return { method: r.method, path: r.path, account: r.headers['stripe-account'] };
    }

    const refusal = (code, params) => ({ error: rules.problem(code.replace(/^rules\./, ''), params).message });

    it("msg.stripeAccount: sent as Stripe-Account, or refused with the rule's problem", async function () {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomers' }],
      });
      const wrong = [];
      for (const [v, verdict] of tables.accounts) {
        const got = await run(f, 's1', { stripeAccount: v });
        const want =
          verdict === 'ok'
            ? { method: 'GET', path: '/v1/customers', account: v || undefined }
            : refusal('rules.stripeAccountMessage');
        if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push(`${JSON.stringify(v)}: ${JSON.stringify(got)}`);
      }
      assert.deepStrictEqual(wrong, []);
    });

    it('roles: the method each node runs, and the operations each refuses, as the rules say', async function () {
      const nodes = [];
      tables.roles.methods.forEach(([role, method], i) =>
        nodes.push({
          id: `m${i}`,
          type: `stripe-${role}`,
          operationId: '',
          ...(method === undefined ? {} : { method }),
        }),
      );
      tables.roles.operations.forEach(([role, method, ref], i) =>
        nodes.push({ id: `o${i}`, type: `stripe-${role}`, operationId: ref, method }),
      );
      const f = await startFlow({ baseUri: server.url, nodes });
      const wrong = [];
      for (const [i, [role, setting, method]] of tables.roles.methods.entries()) {
        const got = await run(f, `m${i}`, { operationId: `${method} /v1/things` });
        if (got.method !== method) wrong.push(`${role} ${setting}: ${JSON.stringify(got)}`);
        for (const other of ['GET', 'POST', 'DELETE'].filter((m) => m !== method)) {
          const refused = await run(f, `m${i}`, { operationId: `${other} /v1/things` });
          if (!refused.error) wrong.push(`${role} ${setting} ran ${other}`);
        }
      }
      const index = rules.indexCatalogue(require('../spec/catalogue.json'));
      for (const [i, [role, method, ref, want]] of tables.roles.operations.entries()) {
        const op = rules.findOperation(ref, index);
        const got = await run(f, `o${i}`, { path: { id: 'x1', customer: 'cus_1' } });
        const expected =
          want === 'ok'
            ? { method: op.method, path: op.path.replace(/\{[^}]+\}/, (m) => (m === '{customer}' ? 'cus_1' : 'x1')) }
            : { error: rules.checkOperationMethod(role, method, op).problem.message };
        if (JSON.stringify({ ...got, account: undefined }) !== JSON.stringify(expected))
          wrong.push(`${role} ${method} ${ref}: ${JSON.stringify(got)}`);
      }
      assert.deepStrictEqual(wrong, []);
    });

    it("operation references in msg.operationId: the request sent, or the rule's refusal", async function () {
      const f = await startFlow({
        baseUri: server.url,
        nodes: [
          { id: 'get', type: 'stripe-subscriber', operationId: '' },
          { id: 'post', type: 'stripe-publisher', operationId: '', method: 'POST' },
          { id: 'delete', type: 'stripe-publisher', operationId: '', method: 'DELETE' },
        ],
      });
      const version = require('../spec/catalogue.json').apiVersion;
      const wrong = [];
      for (const [ref, want] of tables.operations) {
        const names = typeof want === 'object' ? [...want.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]) : [];
        const msg = { operationId: ref, path: Object.fromEntries(names.map((n) => [n, 'x1'])) };
        const got = await run(f, typeof want === 'object' ? want.method.toLowerCase() : 'get', msg);
        const expected =
          typeof want === 'object'
            ? { method: want.method, path: want.path.replace(/\{[^}]+\}/g, 'x1') }
            : want === 'rules.unknownOperation'
              ? refusal(want, { op: rules.short(ref), version })
              : refusal(want);
        if (JSON.stringify({ ...got, account: undefined }) !== JSON.stringify(expected))
          wrong.push(`${JSON.stringify(ref)}: ${JSON.stringify(got)}`);
      }
      assert.deepStrictEqual(wrong, []);
    });
  });
});

/** The rules' own problem for a settings row (undefined when the rules accept it). */
function rulesProblem(r) {
  const c = r.credentials.apiKey;
  const checks = [
    rules.checkApiKey(c),
    rules.checkBaseUri(r.config.baseUri),
    rules.checkApiVersion(r.config.apiVersion),
    rules.checkStripeAccount(r.config.stripeAccount, 'setting'),
    rules.checkTimeout(r.config.timeout),
    rules.checkMaxRetries(r.config.maxRetries),
    rules.checkRateLimit(r.config.rateLimit),
  ];
  const refused = checks.find((x) => !x.ok);
  return refused && refused.problem;
}
