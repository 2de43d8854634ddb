'use strict';
// One poller at a time across the fleet: three real Node-RED instances with the same stripe-events
// node (fleet set, interval 5 s) on one account. Exactly one says `polling`, the others `standing
// by`. Events appear at the stand-in over time; while the polling instance has a request for
// GET /v1/events in flight, it is killed (SIGKILL: no close, no lease given back). Another instance
// takes over once the lease has run out (the issue: within two intervals plus the lease), from the
// cursor in Redis: every event leaves the fleet once, none missed.
const assert = require('assert');
const { EventsStandIn } = require('../../scripts/events-standin');
const { Fleet, until, lastStatus, assertEachOnce } = require('./harness');

const INTERVAL_S = 5;

/** Which instances' stripe-events node last said `polling`, and which `standing by`. */
async function roles(fleet) {
  const recs = await fleet.allRecords();
  const out = { polling: [], standingBy: [], other: [] };
  recs.forEach((r, i) => {
    if (!fleet.alive(i)) return;
    const s = lastStatus(r, 'ev');
    if (s && /^polling\b/.test(s.text)) out.polling.push(i);
    else if (s && /^standing by\b/.test(s.text)) out.standingBy.push(i);
    else out.other.push([i, s && s.text]);
  });
  return out;
}

describe('fleet: one poller at a time, another takes over when it is killed', function () {
  this.timeout(150000);
  let fleet;
  let adding;

  after(async function () {
    clearInterval(adding);
    if (fleet) await fleet.stop();
  });

  it('one polls, the others stand by; SIGKILL the polling one mid-stream: another takes over, each event once', async function () {
    const events = new EventsStandIn();
    const ids = [];
    const add = () => ids.push(events.add(ids.length % 2 ? 'invoice.paid' : 'customer.created', { n: ids.length }).id);
    for (let i = 0; i < 5; i++) add(); // there before the fleet starts: replayed

    // The kill: armed by the test, done by the stand-in when the next GET /v1/events arrives, before
    // it answers (the killed instance had a poll in flight and events waiting for it).
    let armed = false;
    let killed;
    const onRequest = async (req, info) => {
      if (!armed || info.method !== 'GET' || info.path !== '/v1/events') return;
      armed = false;
      const { polling } = await roles(fleet);
      assert.strictEqual(polling.length, 1, `one instance polls when the kill comes: ${polling}`);
      const eventsBefore = ids.length;
      await fleet.kill(polling[0]);
      // Set once the process is gone: the test reads the others' records from then on.
      killed = { instance: polling[0], at: Date.now(), eventsBefore };
    };

    fleet = await Fleet.start({
      n: 3,
      lang: 'en-US',
      stripe: { events, onRequest },
      parts: { events: { interval: INTERVAL_S } },
    });

    // Exactly one polls; the other two stand by.
    const first = await until(
      async () => {
        const r = await roles(fleet);
        return r.polling.length === 1 && r.standingBy.length === 2 && r;
      },
      30000,
      async () => JSON.stringify(await roles(fleet)),
      250,
    );

    // Events keep appearing: two a second.
    adding = setInterval(() => {
      add();
      add();
    }, 1000);
    // Once the poller has sent some on, it is killed at its next poll.
    await until(
      async () => (await fleet.records(first.polling[0])).out.length >= 8,
      30000,
      'the poller sent 8 events on',
      250,
    );
    armed = true;
    await until(() => killed, 30000, 'the kill', 100);
    assert.strictEqual(killed.instance, first.polling[0]);

    // Another takes over: one of the two left polls, the other stands by.
    const takeover = await until(
      async () => {
        const r = await roles(fleet);
        return r.polling.length === 1 && r.standingBy.length === 1 && r;
      },
      45000,
      async () => JSON.stringify(await roles(fleet)),
      250,
    );
    const tookMs = Date.now() - killed.at;
    assert.notStrictEqual(takeover.polling[0], killed.instance);
    // (Said, not asserted: speeds are the bench's. The issue allows two intervals plus the lease.)
    console.log(`      took over ${(tookMs / 1000).toFixed(1)} s after the SIGKILL`);

    // A few more events after the takeover, then none: every one out of the fleet once.
    await new Promise((r) => setTimeout(r, 3000));
    clearInterval(adding);
    const total = ids.length;
    await until(
      async () => (await fleet.allRecords()).flatMap((r) => r.out).length >= total,
      4 * INTERVAL_S * 1000,
      async () => `${(await fleet.allRecords()).flatMap((r) => r.out).length} of ${total} events out`,
      250,
    );
    // One more interval: nothing comes out twice later.
    await new Promise((r) => setTimeout(r, (INTERVAL_S + 1) * 1000));
    const recs = await fleet.allRecords();
    const out = recs.flatMap((r) => r.out);
    assert.ok(
      out.every((o) => o.from === 'poll' && o.source === 'poll'),
      JSON.stringify(out[0]),
    );
    assertEachOnce(
      out.map((o) => o.id),
      ids,
    );
    assert.ok(killed.eventsBefore < total, 'events appeared after the kill');
    // Oldest first on each instance.
    for (const r of recs) {
      const order = r.out.map((o) => ids.indexOf(o.id));
      assert.deepStrictEqual(
        order,
        [...order].sort((a, b) => a - b),
        'oldest first',
      );
    }
    // The instances that stood by never passed an event on before the takeover.
    const standers = first.standingBy.filter((i) => i !== takeover.polling[0]);
    for (const i of standers) assert.deepStrictEqual(recs[i].out, [], `instance ${i} stood by throughout`);
    for (const [i, r] of recs.entries()) assert.deepStrictEqual(r.caught, [], `instance ${i}: no error`);
  });
});
