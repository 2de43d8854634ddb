'use strict';
// The fleet's core (src/stripe/fleet) against a real redis-server on loopback: the shared budget's
// sliding window across three connections, claims won once, released and kept, the poller's lease
// and its fenced cursor, and what each does while Redis is down and when it is back.
const assert = require('assert');
const { RedisServer } = require('../../scripts/redis-server');
const s = require('../../dist/stripe');

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, fn, ms = 10000) {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error(`waited ${ms} ms for ${what}`);
    await wait(25);
  }
}

/** The most turns in any window of `windowMs` among sorted times. */
function mostInWindow(times, windowMs) {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('the fleet core against a real Redis', function () {
  this.timeout(60000);
  let redis;
  const open = [];
  const connect = async (opts = {}) => {
    const c = new s.FleetConnection({ url: redis.url, password: 'fleet-secret', ...opts });
    open.push(c);
    c.start();
    if (opts.waitReady !== false) await until('Redis ready', () => c.ready);
    return c;
  };

  before(async () => {
    redis = await RedisServer.start({ password: 'fleet-secret' });
  });
  afterEach(async () => {
    for (const c of open.splice(0)) await c.close();
    if (redis.child.exitCode !== null || redis.child.signalCode !== null) await redis.launch();
  });
  after(async () => {
    await redis.stop();
  });

  it('three instances share one budget: no second passes it, and requests flow at the budget', async () => {
    const fleet = await Promise.all([1, 2, 3].map(() => connect({ prefix: 'budget1' })));
    const budgets = fleet.map((c) => new s.FleetBudget(c, 10, 'platform', 'test'));
    const times = [];
    // 30 turns asked by each of the three at once: 90 at a budget of 10 a second.
    await Promise.all(
      budgets.flatMap((b) =>
        Array.from({ length: 30 }, () =>
          b.take().then((finish) => {
            times.push(performance.now());
            finish();
          }),
        ),
      ),
    );
    times.sort((a, b) => a - b);
    assert.strictEqual(times.length, 90);
    assert.ok(mostInWindow(times, 1000) <= 10, `at most 10 in any second, saw ${mostInWindow(times, 1000)}`);
    // Each instance got turns (none starved), and the budget is not per instance (that would take 3 s).
    const span = times[times.length - 1] - times[0];
    assert.ok(span > 7000, `90 turns at 10/s across the fleet take over 7 s, took ${Math.round(span)} ms`);
    for (const b of budgets) b.close();
  });

  it('another account or mode has a budget of its own', async () => {
    const c = await connect({ prefix: 'budget2' });
    const a = new s.FleetBudget(c, 5, 'platform', 'test');
    const b = new s.FleetBudget(c, 5, 'acct_1', 'test');
    const live = new s.FleetBudget(c, 5, 'platform', 'live');
    const times = [];
    await Promise.all(
      [a, b, live].flatMap((x) => Array.from({ length: 5 }, () => x.take().then(() => times.push(performance.now())))),
    );
    // 15 turns, 5 from each budget, all within the first window.
    assert.ok(times[times.length - 1] - times[0] < 1000);
    for (const x of [a, b, live]) x.close();
  });

  it('a waiting turn whose flow stops leaves the queue; a closed budget refuses', async () => {
    const c = await connect({ prefix: 'budget3' });
    const b = new s.FleetBudget(c, 1, 'platform', 'test');
    await b.take();
    const ctrl = new AbortController();
    const waiting = b.take(ctrl.signal);
    assert.strictEqual(b.waiting, 1);
    ctrl.abort();
    await assert.rejects(waiting, /stopped/i);
    assert.strictEqual(b.waiting, 0);
    b.close();
    await assert.rejects(b.take(), /stopped/i);
  });

  it('claims: two instances claiming one event in the same instant, one wins; a release lets it pass again', async () => {
    const [x, y] = await Promise.all([connect({ prefix: 'claims' }), connect({ prefix: 'claims' })]);
    const cx = new s.FleetClaims(x);
    const cy = new s.FleetClaims(y);
    for (let i = 0; i < 50; i++) {
      const key = s.eventKey(`evt_${i}`, false);
      const won = await Promise.all([cx.claim(key), cy.claim(key)]);
      assert.strictEqual(won.filter(Boolean).length, 1, `event ${i}: ${won}`);
      (won[0] ? cx : cy).sent(key);
    }
    const key = s.eventKey('evt_released', false);
    assert.strictEqual(await cx.claim(key), true);
    await cx.release(key);
    assert.strictEqual(await cy.claim(key), true, 'released: the next delivery passes');
    // A release by an instance that does not hold the claim changes nothing.
    await cx.release(key);
    assert.strictEqual(await cx.claim(key), false);
  });

  it('a claim is kept longer than Stripe retries once its event went on; Redis holds no event body', async () => {
    const c = await connect({ prefix: 'keep' });
    const claims = new s.FleetClaims(c);
    const key = s.eventKey('evt_kept', true, 'acct_9');
    await claims.claim(key);
    const pending = await c.command(['PTTL', `keep:event:${key}`]);
    assert.ok(pending > 0 && pending <= s.PENDING_MS, `pending claim ${pending} ms`);
    claims.sent(key);
    await until('kept', async () => (await c.command(['TTL', `keep:event:${key}`])) > 3 * 24 * 3600);
    assert.strictEqual(await c.command(['GET', `keep:event:${key}`]), 'sent');
  });

  it('the poller lease: one holder; the cursor is written only by it; released, another takes over', async () => {
    const [x, y] = await Promise.all([connect({ prefix: 'lease' }), connect({ prefix: 'lease' })]);
    const lx = new s.FleetLease(x, ['poller1', 'platform', 'test']);
    const ly = new s.FleetLease(y, ['poller1', 'platform', 'test']);
    assert.strictEqual(await lx.hold(), true);
    assert.strictEqual(await ly.hold(), false);
    assert.strictEqual(await lx.hold(), true, 'the holder extends it');
    await lx.cursorStore().set('cursor', { id: 'evt_5', created: 5 });
    await assert.rejects(ly.cursorStore().set('cursor', { id: 'evt_1', created: 1 }), s.LeaseLost);
    assert.deepStrictEqual(await ly.cursorStore().get('cursor'), { id: 'evt_5', created: 5 });
    await lx.release();
    assert.strictEqual(lx.held, false);
    assert.strictEqual(await ly.hold(), true);
    await ly.cursorStore().set('cursor', { id: 'evt_6', created: 6 });
    assert.deepStrictEqual(await lx.cursorStore().get('cursor'), { id: 'evt_6', created: 6 });
    await ly.release();
  });

  it('a holder that cannot renew stops counting itself the holder before another can take over', async () => {
    const [x, y] = await Promise.all([connect({ prefix: 'lease2' }), connect({ prefix: 'lease2' })]);
    const lx = new s.FleetLease(x, ['p', 'platform', 'test'], 3000);
    const ly = new s.FleetLease(y, ['p', 'platform', 'test'], 3000);
    assert.strictEqual(await lx.hold(), true);
    // x's lease is taken away (as if x had been cut off): its own clock ends its hold in time.
    await y.command(['DEL', 'lease2:poller:p:platform:test']);
    assert.strictEqual(await ly.hold(), true);
    await ly.cursorStore().set('cursor', { id: 'evt_9', created: 9 });
    // x still counts itself the holder (it has not renewed yet), but its cursor write is fenced off.
    assert.strictEqual(lx.held, true);
    await assert.rejects(lx.cursorStore().set('cursor', { id: 'evt_1', created: 1 }), s.LeaseLost);
    assert.strictEqual(lx.held, false, 'a refused write ends its hold');
    assert.deepStrictEqual(await ly.cursorStore().get('cursor'), { id: 'evt_9', created: 9 });
    assert.strictEqual(await lx.hold(), false);
    assert.strictEqual(lx.held, false);
    await ly.release();
    await lx.release();
  });

  it("Redis down: claims and leases refuse, the budget falls back to this instance's share; back: all resumes", async () => {
    const c = await connect({ prefix: 'down' });
    const states = [];
    c.onState((state, said) => states.push([state, s.inEnglish(said)]));
    const budget = new s.FleetBudget(c, 20, 'platform', 'test');
    const claims = new s.FleetClaims(c);
    const lease = new s.FleetLease(c, ['p', 'platform', 'test']);
    await redis.stopServer();
    await until('unreachable', () => c.state === 'unreachable');
    await assert.rejects(claims.claim(s.eventKey('evt_down', false)), /Redis unreachable at 127\.0\.0\.1:\d+/);
    await assert.rejects(lease.hold());
    assert.strictEqual(lease.held, false);
    // The share: 20 a second over the one instance alive.
    const times = [];
    await Promise.all(Array.from({ length: 25 }, () => budget.take().then(() => times.push(performance.now()))));
    assert.ok(mostInWindow(times, 1000) <= 20);
    await redis.launch();
    await until('ready again', () => c.ready);
    assert.strictEqual(await claims.claim(s.eventKey('evt_down', false)), true);
    assert.deepStrictEqual(
      states.map(([st]) => st),
      ['unreachable', 'ready'],
      'each change told once, not per command',
    );
    assert.match(states[0][1], /^Redis unreachable at 127\.0\.0\.1:\d+/);
    assert.match(states[1][1], /^Redis reachable again at 127\.0\.0\.1:\d+/);
    budget.close();
    await lease.release();
  });

  it('a wrong password: refused, said once, the password in no text', async () => {
    const c = await connect({ prefix: 'auth', password: 'not-the-one', waitReady: false });
    await until('refused', () => c.state === 'refused');
    const said = s.inEnglish(c.said());
    assert.match(said, /^Redis refused the login at 127\.0\.0\.1:\d+/);
    assert.ok(!said.includes('not-the-one'));
    await assert.rejects(new s.FleetClaims(c).claim('k'), (e) => !e.message.includes('not-the-one'));
  });

  it("probeFleet: Redis's version, a round trip, the instances alive; one line when it cannot", async () => {
    const c = await connect({ prefix: 'probe' });
    await until('heartbeat', async () => Number(await c.command(['ZCARD', 'probe:instances'])) === 1);
    const p = await s.probeFleet({ url: redis.url, password: 'fleet-secret', prefix: 'probe' });
    assert.match(p.version, /^\d+\.\d+/);
    assert.ok(p.rttMs >= 0);
    assert.strictEqual(p.instances, 1);
    await assert.rejects(
      s.probeFleet({ url: redis.url, password: 'wrong-one' }),
      (e) => /^Redis refused the login/.test(e.message) && !e.message.includes('wrong-one'),
    );
    await assert.rejects(s.probeFleet({ url: 'http://127.0.0.1:1' }), /redis:\/\/ or rediss:\/\//);
  });
});

describe('a Node-RED without a fleet loads nothing of Redis', function () {
  this.timeout(30000);
  const { execFileSync } = require('child_process');
  const path = require('path');
  const root = path.join(__dirname, '..', '..');
  const loaded = (code) =>
    execFileSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' }).trim().split('\n').pop();

  it('every node module and the core load without @redis/client; the first fleet connection loads it', () => {
    const nodes = ['stripe-client', 'stripe-publisher', 'stripe-webhook', 'stripe-events', 'stripe-fleet'];
    const count = "Object.keys(require.cache).filter((k) => k.includes('@redis')).length";
    const without = loaded(
      `require('./dist/stripe'); ${nodes.map((n) => `require('./dist/nodes/${n}.js');`).join(' ')} console.log(${count});`,
    );
    assert.strictEqual(without, '0');
    const withFleet = loaded(
      `const s = require('./dist/stripe'); const c = new s.FleetConnection({ url: 'redis://127.0.0.1:1' }); c.start(); console.log(${count}); c.close().then(() => process.exit(0));`,
    );
    assert.ok(Number(withFleet) > 0, `modules of @redis/client loaded: ${withFleet}`);
  });
});
