'use strict';
// Store and forward through an outage and a power cut, in a real Node-RED child process against
// stripe-stateful-mock behind an uplink that can be cut (scripts/uplink.js). The scenario:
// 200 POSTs from two publishers with `offline: hold`: 20 while up; 20 while the answers are lost
// after Stripe acted; 80 during an outage (connections refused); Node-RED killed with SIGKILL and
// started again on the same user dir; 80 more during the outage; the uplink back. It ends with every
// message once at Stripe, in order per publisher, none lost, none doubled; each sent on once.
// On Node.js 20 (no node:sqlite) the publisher says plainly that hold is not available.
const assert = require('assert');
const { NodeRed } = require('../../bench/lib/nodered');
const { holdAvailable } = require('../../dist/stripe');
const {
  startStripe,
  holdFlows,
  credentials,
  inject,
  records,
  until,
  heldStatus,
  assertOnceInOrder,
  FAST_RETRY,
} = require('./harness');

(holdAvailable() ? describe : describe.skip)('offline: hold through an outage and a SIGKILL', function () {
  this.timeout(180000);
  let stripe;
  let nr;
  before(async () => {
    stripe = await startStripe();
  });
  after(async () => {
    if (nr) await nr.stop();
    if (stripe) await stripe.stop();
  });

  it('200 POSTs: every message once at Stripe, in order per publisher, none lost, none doubled', async () => {
    nr = await NodeRed.start({ flows: holdFlows(stripe.uplink.url), credentials, settings: FAST_RETRY });
    // 1. 20 while the uplink is up.
    await inject(nr, 0, 20);
    await until(() => stripe.created.length === 20, 20000, '20 created while up');
    // 2. 20 whose answers are lost after Stripe acted: each publisher's head reached Stripe, the rest wait.
    await stripe.uplink.set('lose');
    await inject(nr, 20, 40);
    await until(
      async () => heldStatus(await records(nr), 'pubA', 10) && heldStatus(await records(nr), 'pubB', 10),
      20000,
      'held 10 each',
    );
    assert.ok(stripe.uplink.lost >= 2, `answers lost: ${stripe.uplink.lost}`);
    // 3. 80 during an outage: the connection is refused.
    await stripe.uplink.set('down');
    await inject(nr, 40, 120);
    await until(
      async () => heldStatus(await records(nr), 'pubA', 50) && heldStatus(await records(nr), 'pubB', 50),
      20000,
      'held 50 each',
    );
    const before = await records(nr);
    assert.strictEqual(before.out.length, 20, 'the first 20 were sent on');
    assert.deepStrictEqual(before.caught, [], 'nothing went to the Catch node');
    // 4. The power goes: SIGKILL, then Node-RED starts again on the same user dir.
    nr.child.kill('SIGKILL');
    await nr.exited;
    nr = await NodeRed.start({ userDir: nr.userDir });
    // 5. 80 more during the outage.
    await inject(nr, 120, 200);
    await until(
      async () => heldStatus(await records(nr), 'pubA', 90) && heldStatus(await records(nr), 'pubB', 90),
      30000,
      'held 90 each',
    );
    const createdDuringOutage = stripe.created.length;
    // 6. The uplink back.
    await stripe.uplink.set('up');
    const after = await until(
      async () => {
        const r = await records(nr);
        return r.out.length >= 180 && stripe.created.length >= 200 ? r : null;
      },
      60000,
      'all sent after the uplink came back',
    );
    await new Promise((r) => setTimeout(r, 1500)); // anything doubled would arrive now
    const final = await records(nr);
    assertOnceInOrder(stripe.created, 200);
    assert.ok(createdDuringOutage <= 22, `during the outage only the heads reached Stripe: ${createdDuringOutage}`);
    // Sent on: each held message once, restored, with msg.stripe.held.
    const outs = final.out.map((o) => o.seq).sort((a, b) => a - b);
    assert.deepStrictEqual(
      outs,
      Array.from({ length: 180 }, (_, i) => i + 20),
    );
    for (const o of final.out) {
      assert.ok(o.held && typeof o.held.since === 'string' && o.held.attempts >= 1, JSON.stringify(o));
      assert.strictEqual(o.topic, `order-${o.seq}`);
      assert.strictEqual(o.when, true, 'a Date property comes back as a Date');
    }
    assert.deepStrictEqual(final.caught, []);
    assert.ok(
      final.statuses.some((s) => /^sending held \d+\/\d+$/.test(s.text)),
      `the status says how far sending has got: ${[...new Set(final.statuses.map((s) => s.text))].slice(-8)}`,
    );
    assert.ok(after.out.length >= 180);
  });
});

(holdAvailable() ? describe.skip : describe)('offline: hold on a Node.js without node:sqlite', function () {
  this.timeout(60000);
  let stripe;
  let nr;
  after(async () => {
    if (nr) await nr.stop();
    if (stripe) await stripe.stop();
  });

  it('says so on the status and the Catch node; offline: fail still works', async () => {
    stripe = await startStripe();
    const flows = holdFlows(stripe.uplink.url);
    flows.find((n) => n.id === 'pubB').offline = 'fail';
    nr = await NodeRed.start({ flows, credentials });
    await inject(nr, 0, 4);
    const r = await until(
      async () => {
        const x = await records(nr);
        return x.caught.length >= 2 && x.out.length >= 2 ? x : null;
      },
      20000,
      'two refused, two sent',
    );
    assert.ok(r.caught.every((c) => c.id === 'pubA' && /offline: hold needs Node\.js 22\.13 or later/.test(c.message)));
    assert.ok(r.statuses.some((s) => s.id === 'pubA' && s.text === 'hold needs Node.js 22.13+'));
    assert.deepStrictEqual(
      r.out.map((o) => o.pub),
      ['B', 'B'],
    );
    assert.ok(nr.log.some((l) => /\[warn\] \[stripe-publisher:pubA\] offline: hold needs Node\.js/.test(l)));
  });
});
