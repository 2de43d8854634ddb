'use strict';
// One rate budget across the fleet: three real Node-RED instances with the same flows, each creating
// 60 customers through a stripe-publisher with 8 in flight, all on one Stripe account (a test key:
// 25 requests/s), against a stand-in that answers 429 past 25 requests in any sliding second across
// all callers, as Stripe counts per account and not per process. With a fleet: every customer made
// once, no 429, and the budget used. Without one: each instance spends the whole 25/s on its own, and
// Stripe answers 429 (the reason the fleet exists).
const assert = require('assert');
const { Fleet, until } = require('./harness');

const N = 60;
const IN_FLIGHT = 8;
const LIMIT = 25;

/**
 * Sends N customers into each instance at once; resolves with every instance's records once each has
 * N answers or errors. Until `settled` (read from the stand-in in this process) says the requests are
 * over, the instances are left alone: no reading of records while they send.
 */
async function run(fleet, settled) {
  await Promise.all(fleet.instances.map((_, i) => fleet.inject(i, { n: N, c: IN_FLIGHT, tag: `i${i}` })));
  await until(
    () => settled(fleet.stripe),
    60000,
    () => JSON.stringify(fleet.stripe.report()),
    50,
  );
  return until(
    async () => {
      const recs = await fleet.allRecords();
      const done = recs.every((r) => r.out.length + r.caught.length >= N);
      return done && recs;
    },
    20000,
    () => `every instance answered: ${(fleet.lastRecords || []).map((r) => r && r.out.length + r.caught.length)}`,
    250,
  );
}

describe('fleet: one rate budget across three Node-RED instances', function () {
  this.timeout(120000);
  let fleet;

  afterEach(async function () {
    if (fleet) await fleet.stop();
    fleet = undefined;
  });

  it('3 x 60 customers with 8 in flight each: every customer once, no 429, at least 95% of the budget used', async function () {
    fleet = await Fleet.start({ n: 3, stripe: { limit: LIMIT }, parts: { publisher: true } });
    const recs = await run(fleet, (stripe) => stripe.made >= 3 * N);
    const report = fleet.stripe.report();

    // Every message answered, none failed.
    for (const [i, r] of recs.entries()) {
      assert.deepStrictEqual(r.caught, [], `instance ${i}: no error`);
      assert.strictEqual(r.out.length, N, `instance ${i}: ${N} answers`);
    }
    // Every customer made once: 180 customers at the stand-in, each (instance, seq) once.
    const made = [...fleet.stripe.customers.values()].map((c) => `${c.metadata.tag}-${c.metadata.seq}`);
    assert.strictEqual(new Set(made).size, made.length, 'no customer made twice');
    assert.deepStrictEqual(
      made.sort(),
      [0, 1, 2].flatMap((i) => Array.from({ length: N }, (_, s) => `i${i}-${s}`)).sort(),
      'each message made its customer',
    );
    assert.strictEqual(report.customers, 3 * N);
    // No second of the fleet passed the budget: the stand-in never answered 429.
    assert.strictEqual(report.rejected, 0, `429s: ${JSON.stringify(report)}`);
    assert.ok(report.peak <= LIMIT, `busiest sliding second: ${report.peak}`);
    // The budget used over the busy period (the stand-in's used()): the shortest time 25 per sliding
    // second allows for these requests, floor((requests - 1) / 25) seconds (request i and request
    // i + 25 must be a second apart), over the time from the first request to the last. A fleet that
    // keeps to the limit as closely as it allows scores 1; gaps lower it.
    assert.ok(
      report.used >= 0.95,
      `budget used ${(report.used * 100).toFixed(1)}%: ${report.requests} requests in ${report.seconds.toFixed(2)} s`,
    );
  });

  it('the same without a fleet: the instances together pass the account limit and Stripe answers 429', async function () {
    fleet = await Fleet.start({
      n: 3,
      stripe: { limit: LIMIT },
      // No retries: the 429s reach the Catch node at once, and the run ends soon.
      parts: { fleet: false, publisher: true, client: { maxRetries: '0' } },
    });
    // Without retries, one request per message.
    const recs = await run(fleet, (stripe) => stripe.arrivals.length >= 3 * N);
    assert.ok(fleet.stripe.rejected > 0, 'Stripe answered 429');
    const caught = recs.flatMap((r) => r.caught);
    assert.ok(
      caught.some((c) => c.statusCode === 429 && c.code === 'rate_limit'),
      JSON.stringify(caught.slice(0, 3)),
    );
  });
});
