'use strict';
const assert = require('assert');
const { Dedupe, eventKey, eventFacts, passes } = require('../../dist/stripe');
const { checkEventTypes } = require('../../dist/rules');

/** A store that behaves like an asynchronous context store: values cross a JSON boundary. */
function jsonStore() {
  const data = new Map();
  return {
    data,
    get: async (k) => (data.has(k) ? JSON.parse(data.get(k)) : undefined),
    set: async (k, v) => {
      await new Promise((r) => setImmediate(r));
      if (v === undefined) data.delete(k);
      else data.set(k, JSON.stringify(v));
    },
    keys: async () => [...data.keys()],
  };
}

describe('dedupe', function () {
  it('passes an event once; the same id in another account or mode is another event', async function () {
    const d = new Dedupe(jsonStore());
    assert.strictEqual(await d.claim(eventKey('evt_1', false)), true);
    assert.strictEqual(await d.claim(eventKey('evt_1', false)), false);
    assert.strictEqual(await d.claim(eventKey('evt_1', true)), true);
    assert.strictEqual(await d.claim(eventKey('evt_1', false, 'acct_1')), true);
  });

  it('passes one of many simultaneous claims of the same event', async function () {
    const d = new Dedupe(jsonStore());
    const results = await Promise.all(Array.from({ length: 50 }, () => d.claim(eventKey('evt_same', false))));
    assert.strictEqual(results.filter(Boolean).length, 1);
  });

  it('remembers an event for 72 hours, then forgets it', async function () {
    let now = 1_800_000_000_000;
    const d = new Dedupe(jsonStore(), { now: () => now });
    await d.claim('k');
    now += 72 * 3600 * 1000 - 1000;
    assert.strictEqual(await d.claim('k'), false);
    now += 2000;
    assert.strictEqual(await d.claim('k'), true);
  });

  it('keeps at most maxEntries, dropping the oldest', async function () {
    let now = 1_800_000_000_000;
    const store = jsonStore();
    const d = new Dedupe(store, { maxEntries: 3, trimEvery: 1, now: () => now });
    const kept = (keys) => keys.map((k) => eventKey(k, false)).sort();
    for (const k of ['a', 'b', 'c', 'd']) {
      await d.claim(eventKey(k, false));
      now += 1000;
    }
    assert.deepStrictEqual([...store.data.keys()].sort(), kept(['b', 'c', 'd']));
    assert.strictEqual(await d.claim(eventKey('a', false)), true);
  });

  it('drops keys older than 72 hours from the store', async function () {
    let now = 1_800_000_000_000;
    const store = jsonStore();
    const d = new Dedupe(store, { trimEvery: 1, now: () => now });
    await d.claim(eventKey('evt_old', false));
    now += 73 * 3600 * 1000;
    await d.claim(eventKey('evt_new', false));
    assert.deepStrictEqual([...store.data.keys()], [eventKey('evt_new', false)]);
  });

  it("two processes sharing a store keep each other's events (one key per event)", async function () {
    const store = jsonStore();
    const a = new Dedupe(store);
    const b = new Dedupe(store);
    await Promise.all([a.claim(eventKey('evt_a', false)), b.claim(eventKey('evt_b', false))]);
    assert.strictEqual(await b.claim(eventKey('evt_a', false)), false);
    assert.strictEqual(await a.claim(eventKey('evt_b', false)), false);
  });

  it('a released claim passes again (an event that could not go on)', async function () {
    const d = new Dedupe(jsonStore());
    const k = eventKey('evt_r', true, 'acct_1');
    assert.strictEqual(await d.claim(k), true);
    await d.release(k);
    assert.strictEqual(await d.claim(k), true);
  });

  it('a failing store fails that claim and not the next', async function () {
    const store = jsonStore();
    let fail = true;
    const d = new Dedupe({
      get: store.get,
      keys: store.keys,
      set: async (k, v) => (fail ? Promise.reject(new Error('disk full')) : store.set(k, v)),
    });
    await assert.rejects(d.claim('x'), /disk full/);
    fail = false;
    assert.strictEqual(await d.claim('x'), true);
  });
});

describe('event filter', function () {
  const ev = (type, extra = {}) => eventFacts({ id: 'evt_1', object: 'event', type, livemode: false, ...extra });

  it('reads snapshot and thin events, and nothing else', function () {
    assert.deepStrictEqual(ev('invoice.paid', { account: 'acct_9', api_version: '2025-01-27', created: 5 }), {
      id: 'evt_1',
      type: 'invoice.paid',
      livemode: false,
      account: 'acct_9',
      apiVersion: '2025-01-27',
      created: 5,
    });
    const thin = eventFacts({
      id: 'evt_t',
      object: 'v2.core.event',
      type: 'v1.billing.meter.error_report_triggered',
      livemode: true,
      context: 'acct_2',
      created: '2026-01-01T00:00:00.000Z',
    });
    assert.strictEqual(thin.account, 'acct_2');
    assert.strictEqual(thin.created, Date.parse('2026-01-01T00:00:00.000Z') / 1000);
    assert.strictEqual(eventFacts({ id: 'cus_1', object: 'customer', type: 'x' }), undefined);
    assert.strictEqual(eventFacts('evt_1'), undefined);
  });

  it('filters by type: exact, group wildcard, all', function () {
    assert.ok(passes(ev('invoice.paid'), { types: ['invoice.*'] }));
    assert.ok(!passes(ev('invoiceitem.created'), { types: ['invoice.*'] }));
    assert.ok(passes(ev('invoice.paid'), { types: [] }));
    assert.ok(passes(ev('invoice.paid'), { types: ['*'] }));
    assert.ok(!passes(ev('charge.failed'), { types: ['charge.succeeded', 'invoice.paid'] }));
    assert.ok(passes(ev('charge.failed'), { types: ['charge.succeeded', 'charge.failed'] }));
  });

  it('filters by livemode and account', function () {
    assert.ok(!passes(ev('a.b'), { livemode: 'live' }));
    assert.ok(passes(ev('a.b'), { livemode: 'test' }));
    assert.ok(passes(ev('a.b'), { account: 'platform' }));
    assert.ok(!passes(ev('a.b', { account: 'acct_1' }), { account: 'platform' }));
    assert.ok(passes(ev('a.b', { account: 'acct_1' }), { account: 'acct_1' }));
    assert.ok(!passes(ev('a.b', { account: 'acct_2' }), { account: 'acct_1' }));
  });

  it('reads a type list from an array or text, and refuses what is not a type', function () {
    assert.deepStrictEqual(checkEventTypes(' invoice.paid, charge.failed\ninvoice.paid ').value, [
      'invoice.paid',
      'charge.failed',
    ]);
    assert.deepStrictEqual(checkEventTypes(['a', ' ', 'a']).value, ['a']);
    assert.deepStrictEqual(checkEventTypes(undefined).value, []);
    assert.strictEqual(checkEventTypes(['invoice.paid', 'Invoice Paid']).problem.code, 'rules.eventType');
  });
});
