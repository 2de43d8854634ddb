'use strict';
// Redis stopped and started again while webhook events arrive at three real Node-RED instances with a
// fleet: while Redis is down an event cannot be claimed, so the webhook answers 503 and the sender
// (here as Stripe: again after any answer that is not 2xx) delivers it again later. Each event leaves
// the fleet once, none is lost, no Node-RED process crashes, and each instance's log says once that
// Redis is unreachable and once that it is reachable again.
const assert = require('assert');
const { Fleet, deliverUntilAccepted, makeEvent, until, assertEachOnce } = require('./harness');

const EVENTS = 80;
const DOWN_MS = 3000;

describe('fleet: Redis stopped and started during webhook deliveries', function () {
  this.timeout(120000);
  let fleet;

  after(async function () {
    if (fleet) await fleet.stop();
  });

  it('answers 503 while Redis is down; each event once, none lost, no crash', async function () {
    fleet = await Fleet.start({ n: 3, lang: 'en-US', parts: { webhook: true } });
    const ports = fleet.instances.map((nr) => nr.port);
    const events = Array.from({ length: EVENTS }, (_, i) => makeEvent(i));
    const statuses = new Map(); // event id -> every answer's status, over all its deliveries
    let accepted = 0;
    let outage;

    const deliverOne = async (event, i) => {
      // To one instance, and every fifth event again to the next one (Stripe's retry reaching another).
      const targets = i % 5 ? [i % 3] : [i % 3, (i + 1) % 3];
      for (const t of targets) {
        const list = await deliverUntilAccepted(ports[t], event, { pauseMs: 200, ms: 60000 });
        statuses.set(event.id, [...(statuses.get(event.id) || []), ...list]);
        accepted++;
      }
    };
    // The outage: once a quarter of the events are in, Redis stops for DOWN_MS and starts again.
    const redisDownAndUp = (async () => {
      await until(() => accepted >= EVENTS / 4, 30000, 'a quarter of the events accepted', 20);
      const down = Date.now();
      await fleet.redis.stopServer();
      await new Promise((r) => setTimeout(r, DOWN_MS));
      await fleet.redis.launch();
      outage = { down, up: Date.now() };
    })();
    // Four senders, each with a small pause between events, so that deliveries go on through the outage.
    const queue = events.map((e, i) => [e, i]);
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (queue.length) {
          await deliverOne(...queue.shift());
          await new Promise((r) => setTimeout(r, 60));
        }
      }),
    );
    await redisDownAndUp;
    assert.ok(outage, 'Redis went down and came back');

    // While Redis was down the webhooks answered 503 (Stripe delivers again later); nothing else failed.
    const all = [...statuses.values()].flat();
    assert.ok(all.includes(503), `some deliveries answered 503: ${JSON.stringify([...new Set(all)])}`);
    assert.deepStrictEqual(
      [...new Set(all)].filter((s) => s !== 200 && s !== 503),
      [],
      'only 200 and 503',
    );

    // No crash: every instance still runs and answers.
    for (let i = 0; i < 3; i++) assert.ok(fleet.alive(i), `instance ${i} runs`);
    const out = await until(
      async () => {
        const o = (await fleet.allRecords()).flatMap((r) => r.out);
        return o.length >= EVENTS && o;
      },
      20000,
      'every event out',
    );
    await new Promise((r) => setTimeout(r, 500));
    assertEachOnce(
      (await fleet.allRecords()).flatMap((r) => r.out).map((o) => o.id),
      events.map((e) => e.id),
    );
    assert.ok(out.length >= EVENTS);

    // Each instance's log: once unreachable, once reachable again; no crash, no password.
    await until(
      () => fleet.instances.every((nr) => nr.log.some((l) => /Redis reachable again/.test(l))),
      20000,
      () => `every log says Redis is reachable again:\n${fleet.instances.map((nr) => nr.tail(10)).join('\n')}`,
    );
    for (const [i, nr] of fleet.instances.entries()) {
      // One line from the stripe-fleet node for the outage, one when it is back; a node that depends
      // on it (the client's budget falling back to its share) may say what that means for it, once.
      const down = nr.log.filter((l) => /\[stripe-fleet:[^\]]*\].*Redis unreachable/.test(l));
      const up = nr.log.filter((l) => /\[stripe-fleet:[^\]]*\].*Redis reachable again/.test(l));
      assert.strictEqual(down.length, 1, `instance ${i}: one line for the outage:\n${nr.tail(40)}`);
      assert.strictEqual(up.length, 1, `instance ${i}: one line when it is back:\n${nr.tail(40)}`);
      const perNode = new Map();
      for (const l of nr.log.filter((x) => /Redis unreachable/.test(x))) {
        const who = (/\[(stripe-[a-z]+:[^\]]*)\]/.exec(l) || [])[1];
        perNode.set(who, (perNode.get(who) || 0) + 1);
      }
      for (const [who, n] of perNode) assert.strictEqual(n, 1, `instance ${i}: ${who} says it once:\n${nr.tail(40)}`);
      assert.ok(!nr.log.some((l) => /uncaught|crash|TypeError|ReferenceError/i.test(l)), nr.tail(40));
    }
  });
});
