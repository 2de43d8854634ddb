'use strict';
// Each webhook event once across the fleet: three real Node-RED instances with the same
// stripe-webhook (fleet set, the same signing secret) behind what would be a load balancer. 150
// events signed as Stripe signs them (stripe-node's generateTestHeaderString) go to random
// instances; 40% of them are delivered again to another instance, half of those in the same instant
// as the first delivery (two instances receive the same event at once), half after the first was
// answered (Stripe's retry reaching another instance). Every delivery is answered 2xx; each event
// leaves the fleet once.
const assert = require('assert');
const { Fleet, deliver, makeEvent, until, assertEachOnce } = require('./harness');

const EVENTS = 150;

/** A small seeded generator (mulberry32): the same deliveries every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('fleet: each webhook event once across three Node-RED instances', function () {
  this.timeout(120000);
  let fleet;

  after(async function () {
    if (fleet) await fleet.stop();
  });

  it('150 events to random instances, 40% again to another, half of those in the same instant: each out once', async function () {
    fleet = await Fleet.start({ n: 3, parts: { webhook: true } });
    const ports = fleet.instances.map((nr) => nr.port);
    const rnd = random(42);
    const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i, i % 2 ? 'invoice.paid' : 'customer.created'));
    const plans = events.map((event) => {
      const first = Math.floor(rnd() * 3);
      const again = rnd() < 0.4;
      const other = (first + 1 + Math.floor(rnd() * 2)) % 3;
      return { event, first, again: again ? { other, sameInstant: rnd() < 0.5 } : undefined };
    });
    const answers = new Map(); // event id -> answers
    const note = (id, a) => answers.set(id, [...(answers.get(id) || []), a]);

    const deliverOne = async ({ event, first, again }) => {
      if (again && again.sameInstant) {
        const both = await Promise.all([deliver(ports[first], event), deliver(ports[again.other], event)]);
        both.forEach((a) => note(event.id, a));
        return;
      }
      note(event.id, await deliver(ports[first], event));
      if (again) note(event.id, await deliver(ports[again.other], event));
    };
    // Ten deliveries at a time, as Stripe sends to a busy endpoint.
    const queue = plans.slice();
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (queue.length) await deliverOne(queue.shift());
      }),
    );

    const repeated = plans.filter((p) => p.again);
    const sameInstant = repeated.filter((p) => p.again.sameInstant);
    assert.ok(
      repeated.length >= 45 && sameInstant.length >= 20,
      `${repeated.length} repeated, ${sameInstant.length} at once`,
    );

    // Every delivery answered 2xx (Stripe would otherwise deliver again); of each event's deliveries,
    // exactly one was taken and the others were told they are duplicates.
    for (const [id, list] of answers) {
      assert.ok(
        list.every((a) => a.status === 200),
        `${id}: ${JSON.stringify(list)}`,
      );
      const taken = list.filter((a) => !(a.body && a.body.duplicate));
      assert.strictEqual(taken.length, 1, `${id}: one delivery taken: ${JSON.stringify(list)}`);
    }

    // Each event left the fleet once (the records of all three instances together).
    const recs = await until(
      async () => {
        const all = await fleet.allRecords();
        return all.flatMap((r) => r.out).length >= EVENTS && all;
      },
      20000,
      'every event out',
    );
    await new Promise((r) => setTimeout(r, 500));
    const all = await fleet.allRecords();
    const out = all.flatMap((r) => r.out);
    assert.ok(
      out.every((o) => o.from === 'webhook' && o.source === 'webhook'),
      JSON.stringify(out[0]),
    );
    assertEachOnce(
      out.map((o) => o.id),
      events.map((e) => e.id),
    );
    // The load was spread: every instance passed some events on.
    assert.ok(
      recs.every((r) => r.out.length > 0),
      `events per instance: ${all.map((r) => r.out.length)}`,
    );
    for (const [i, r] of all.entries()) assert.deepStrictEqual(r.caught, [], `instance ${i}: no error`);
  });
});
