'use strict';
// 100+ POSTs through a stripe-publisher in Node-RED, through a fault-injecting proxy in front of
// stripe-stateful-mock: every message answered, every object held exactly once.
const assert = require('assert');
const { randomUUID } = require('crypto');
const {
  FaultProxy,
  FAULTS,
  ACTED,
  makePlan,
  startStripeMock,
  freshAccount,
  listAllCustomers,
  tally,
} = require('../helpers/fault-proxy');
const { startFlow, stopFlow, until, fastRetries, KEY } = require('../helpers/flow');

const MESSAGES = 100;

describe('reliability: publisher under injected faults (proxy in front of stripe-stateful-mock)', function () {
  this.timeout(120000);
  let mock;
  let proxy;
  fastRetries({ initialDelayMs: 20, maxDelayMs: 200 });

  before(async () => {
    mock = await startStripeMock();
  });
  after(async () => {
    await mock.stop();
  });
  afterEach(async () => {
    await stopFlow();
    if (proxy) await proxy.stop();
    proxy = undefined;
  });

  it(`sends ${MESSAGES} PostCustomers one after another: none lost, none doubled, every message answered`, async () => {
    const plan = makePlan({ seed: 7, length: 1000, maxRun: 3 });
    proxy = await new FaultProxy({ target: mock.url, plan, holdMs: 1500, retryAfter: '1' }).start();
    const account = await freshAccount(mock.url, KEY);
    const f = await startFlow({
      baseUri: proxy.url,
      client: { stripeAccount: account, maxRetries: 3, timeout: 1, rateLimit: 1000 },
      nodes: [
        {
          id: 'p1',
          type: 'stripe-publisher',
          method: 'POST',
          operationId: 'PostCustomers',
          payload: { 'metadata[tag]': '{{topic}}' },
        },
      ],
    });
    const run = randomUUID();
    const tags = [];
    for (let i = 0; i < MESSAGES; i++) {
      const tag = `m${i}`;
      tags.push(tag);
      const answered = f.received.length + f.errors.length;
      f.node('p1').receive({ topic: tag, payload: { email: `${tag}@${run}.example.com`, metadata: { run } } });
      await until(() => f.received.length + f.errors.length > answered, 30000, `answer to ${tag}`);
    }
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [],
      'no message ended in an error',
    );
    assert.strictEqual(f.received.length, MESSAGES);
    // Each answer is the customer made for that message.
    for (const m of f.received) {
      assert.match(m.payload.id, /^cus_/);
      assert.strictEqual(m.payload.metadata.tag, m.topic);
      assert.strictEqual(m.statusCode, 200);
    }

    const customers = await listAllCustomers(mock.url, KEY, account);
    const t = tally(run, tags, customers);
    assert.strictEqual(t.lost, 0, 'lost');
    assert.strictEqual(t.doubled, 0, 'doubled');
    assert.strictEqual(t.held, MESSAGES);
    // The ids the flow got are the ids the server holds.
    const heldIds = new Set(customers.filter((c) => c.metadata.run === run).map((c) => c.id));
    for (const m of f.received) assert.ok(heldIds.has(m.payload.id));

    // Every kind of fault was met, runs of three included, and the server acted behind many of them.
    for (const k of FAULTS) assert.ok(proxy.applied[k] > 0, `fault ${k} was injected`);
    const used = proxy.record.length;
    let longest = 0;
    for (let i = 0, run3 = 0; i < used; i++) {
      run3 = plan[i] ? run3 + 1 : 0;
      longest = Math.max(longest, run3);
    }
    assert.strictEqual(longest, 3, 'the plan used had a run of three faults in a row');
    assert.ok(proxy.record.filter((r) => ACTED.has(r.fault)).length >= 10);

    // One idempotency key per message, the same on each of its attempts, reported in msg.stripe.
    const keysByTag = new Map();
    for (const r of proxy.record) {
      const tag = /metadata\[tag\]=([^&]+)/.exec(r.body)[1];
      if (!keysByTag.has(tag)) keysByTag.set(tag, new Set());
      keysByTag.get(tag).add(r.idempotencyKey);
    }
    for (const m of f.received) {
      const keys = keysByTag.get(m.topic);
      assert.strictEqual(keys.size, 1, `one key for ${m.topic}`);
      assert.ok(keys.has(m.stripe.idempotencyKey));
    }
    assert.strictEqual(new Set(f.received.map((m) => m.stripe.idempotencyKey)).size, MESSAGES);
  });

  it('sends 100 PostCustomers at once under a fault plan of runs of one: none lost, none doubled', async () => {
    // Concurrent: attempts of different messages interleave, so which message meets which fault
    // depends on arrival order. About one request in four fails here; with 8 retries the chance that
    // any of the 100 messages meets nine faults in a row is about 4e-4 (0.25^9 x 100).
    const plan = makePlan({ seed: 11, length: 1000, maxRun: 1, minGap: 2, maxGap: 4 });
    proxy = await new FaultProxy({ target: mock.url, plan, holdMs: 1500, retryAfter: '1' }).start();
    const account = await freshAccount(mock.url, KEY);
    const f = await startFlow({
      baseUri: proxy.url,
      client: { stripeAccount: account, maxRetries: 8, timeout: 1, rateLimit: 1000 },
      nodes: [
        {
          id: 'p1',
          type: 'stripe-publisher',
          method: 'POST',
          operationId: 'PostCustomers',
          payload: { 'metadata[tag]': '{{topic}}' },
        },
      ],
    });
    const run = randomUUID();
    const tags = [];
    for (let i = 0; i < 100; i++) {
      tags.push(`c${i}`);
      f.node('p1').receive({ topic: `c${i}`, payload: { metadata: { run } } });
    }
    await until(() => f.received.length + f.errors.length === 100, 60000, 'every answer');
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [],
    );
    const t = tally(run, tags, await listAllCustomers(mock.url, KEY, account));
    assert.deepStrictEqual({ held: t.held, lost: t.lost, doubled: t.doubled }, { held: 100, lost: 0, doubled: 0 });
  });
});
