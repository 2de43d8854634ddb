'use strict';
// A page half sent: the instance that polled sent some events of a page on and was killed before it
// moved the cursor past them. The instance that takes over reads the same page again from the cursor
// in Redis; the claims the dead one left stop those events from coming out twice, and the rest come
// out once. The dead instance is played by its traces in a real Redis (its claims of the events it
// sent, the cursor it saved before them), so the moment of the kill is exact; a real Node-RED child
// process then takes over.
const assert = require('assert');
const { EventsStandIn } = require('../../scripts/events-standin');
const { RedisServer } = require('../../scripts/redis-server');
const s = require('../../dist/stripe');
const { Fleet, until } = require('./harness');

describe('fleet: the poller that takes over does not send again what the dead one had sent', function () {
  this.timeout(90000);
  let fleet;
  let redis;
  let conn;

  after(async function () {
    if (fleet) await fleet.stop();
    if (conn) await conn.close();
    if (redis) await redis.stop();
  });

  it('the events of a half-sent page claimed by the dead poller stay out; the rest come out once, in order', async function () {
    const events = new EventsStandIn();
    const page = Array.from({ length: 8 }, (_, i) => events.add('customer.created', { n: i }));
    redis = await RedisServer.start();
    conn = new s.FleetConnection({ url: redis.url, prefix: 'stripe' });
    conn.start();
    await until(() => conn.ready, 10000, 'Redis ready');
    // The dead poller's traces: it had sent the first three events of the page (their claims are
    // kept), its cursor still before them (it moves after each event; the kill came first).
    const before = events.add('customer.created', { n: -1 }, { created: page[0].created - 1 });
    events.events.sort((a, b) => a.created - b.created);
    await conn.command([
      'HSET',
      'stripe:cursor:ev:platform:test',
      'stripe_events_cursor',
      JSON.stringify({ id: before.id, created: before.created }),
    ]);
    for (const e of page.slice(0, 3)) {
      await conn.command(['SET', `stripe:event:${s.eventKey(e.id, false)}`, 'sent', 'EX', '3600']);
    }

    fleet = await Fleet.start({
      n: 1,
      lang: 'en-US',
      redis: false,
      redisUrl: redis.url,
      stripe: { events },
      parts: { events: { interval: 5 } },
    });
    const recs = await until(
      async () => {
        const r = await fleet.records(0);
        return r.out.length >= 5 && r;
      },
      30000,
      'the five events the dead poller had not sent',
      250,
    );
    // One more poll: nothing comes out later.
    await new Promise((r) => setTimeout(r, 6000));
    const out = (await fleet.records(0)).out.map((m) => m.id);
    assert.deepStrictEqual(
      out,
      page.slice(3).map((e) => e.id),
      'the five not yet sent, oldest first, once; none of the three the dead poller had sent',
    );
    assert.ok(recs.statuses.some((st) => st.id === 'ev' && /^polling\b/.test(st.text)));
    // The cursor moved on past the page, in Redis.
    const cursor = JSON.parse(await conn.command(['HGET', 'stripe:cursor:ev:platform:test', 'stripe_events_cursor']));
    assert.strictEqual(cursor.id, page[page.length - 1].id);
  });
});
