'use strict';
// A fleet whose Redis refuses the login (a wrong password) and one whose Redis cannot be reached: a
// real Node-RED with a stripe-events poller and a stripe-webhook on that fleet. Each node shows a red
// ring saying so, the log says it in one line (not once per attempt), and the password appears in
// neither the log nor any status.
const assert = require('assert');
const { freePort } = require('../../bench/lib/nodered');
const { Fleet, until, lastStatus, fleetCredentials, deliver, makeEvent } = require('./harness');

const RIGHT = 'right-horse-battery-staple';
const WRONG = 'wrong-password-do-not-log-me';

/**
 * The stripe-fleet node says it once (asserted by the caller); a node that depends on it (the
 * client's budget falling back to its share) may say what that means for it, also once.
 */
function assertOncePerNode(nr, re) {
  const perNode = new Map();
  for (const l of nr.log.filter((x) => re.test(x))) {
    const who = (/\[(stripe-[a-z]+:[^\]]*)\]/.exec(l) || [])[1];
    perNode.set(who, (perNode.get(who) || 0) + 1);
  }
  for (const [who, n] of perNode) assert.strictEqual(n, 1, `${who} says it once:\n${nr.tail(40)}`);
}

/** Waits for both fleet nodes' status to start with `text`, then a few reconnect attempts more; the records. */
async function showsAndWaits(fleet, text) {
  const recs = await until(
    async () => {
      const r = await fleet.records(0);
      const ok = ['ev', 'wh'].every((id) => {
        const s = lastStatus(r, id);
        return s && s.text.startsWith(text);
      });
      return ok && r;
    },
    30000,
    async () => `status "${text}": ${JSON.stringify((await fleet.records(0)).statuses.slice(-6))}`,
    250,
  );
  // Some reconnect attempts later, still one log line.
  await new Promise((r) => setTimeout(r, 4000));
  return recs;
}

describe('fleet: a wrong password and an unreachable Redis', function () {
  this.timeout(90000);
  let fleet;

  afterEach(async function () {
    if (fleet) await fleet.stop();
    fleet = undefined;
  });

  it('a wrong password: "Redis refused the login" on the status and once in the log, never the password', async function () {
    fleet = await Fleet.start({
      n: 1,
      lang: 'en-US',
      redis: { password: RIGHT },
      credentials: fleetCredentials({ password: WRONG }),
      parts: { webhook: true, events: true },
    });
    const recs = await showsAndWaits(fleet, 'Redis refused the login');
    for (const id of ['ev', 'wh']) {
      const s = lastStatus(recs, id);
      assert.strictEqual(s.fill, 'red', JSON.stringify(s));
      assert.strictEqual(s.shape, 'ring', JSON.stringify(s));
    }
    const nr = fleet.instances[0];
    const lines = nr.log.filter((l) => /\[stripe-fleet:[^\]]*\].*Redis refused the login/.test(l));
    assert.strictEqual(lines.length, 1, nr.tail(40));
    assertOncePerNode(nr, /Redis refused the login|Redis unreachable/);
    const everything = nr.log.join('\n') + JSON.stringify(recs);
    assert.ok(!everything.includes(WRONG), 'the password given is never logged or shown');
    assert.ok(!everything.includes(RIGHT), "the server's password is never logged or shown");
  });

  it('an unreachable Redis: "Redis unreachable" on the status and once in the log', async function () {
    const port = await freePort(); // nothing listens there
    fleet = await Fleet.start({
      n: 1,
      lang: 'en-US',
      redis: false,
      redisUrl: `redis://127.0.0.1:${port}`,
      credentials: fleetCredentials({ password: WRONG }),
      parts: { webhook: true, events: true },
    });
    const recs = await showsAndWaits(fleet, 'Redis unreachable');
    for (const id of ['ev', 'wh']) {
      const s = lastStatus(recs, id);
      assert.strictEqual(s.fill, 'red', JSON.stringify(s));
      assert.strictEqual(s.shape, 'ring', JSON.stringify(s));
    }
    const nr = fleet.instances[0];
    const lines = nr.log.filter((l) => /\[stripe-fleet:[^\]]*\].*Redis unreachable/.test(l));
    assert.strictEqual(lines.length, 1, nr.tail(40));
    assertOncePerNode(nr, /Redis unreachable/);
    assert.ok(!(nr.log.join('\n') + JSON.stringify(recs)).includes(WRONG), 'the password is never logged or shown');
    // A webhook delivery meanwhile is answered 503 (Stripe delivers it again later).
    const a = await deliver(nr.port, makeEvent(1));
    assert.strictEqual(a.status, 503, JSON.stringify(a));
  });
});
