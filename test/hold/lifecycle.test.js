'use strict';
// Store and forward around the edges, in a real Node-RED child process (test/hold/harness.js): a
// SIGKILL while messages arrive 16 at a time (every message accepted before it reaches Stripe), a redeploy with a changed setting during an outage, a
// publisher deleted from the flows (its queue kept, the log says how many and where), the holdMax
// bound (a clear error at once), and a refusal while held (the Catch node gets it once).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { NodeRed } = require('../../bench/lib/nodered');
const { holdAvailable } = require('../../dist/stripe');
const {
  ACCEPT_HOOK,
  accepted,
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

(holdAvailable() ? describe : describe.skip)('offline: hold: kills, redeploys, deleted nodes, the bound', function () {
  this.timeout(120000);
  let stripe;
  let nr;
  beforeEach(async () => {
    stripe = await startStripe();
  });
  afterEach(async () => {
    if (nr) await nr.stop();
    nr = undefined;
    await stripe.stop();
  });

  it('a SIGKILL the instant a message is accepted, 16 arriving at a time: every accepted message reaches Stripe once, in order; no half record breaks the queue', async () => {
    const flows = holdFlows(stripe.uplink.url, { client: { rateLimit: '1000' } });
    nr = await NodeRed.start({ flows, credentials, settings: FAST_RETRY, settingsCode: ACCEPT_HOOK });
    await stripe.uplink.set('down');
    // Killed while the queue files grow, 16 messages in flight (some flushed, some being flushed,
    // some only just arrived), the instant message 200 is accepted (inside its done()).
    await inject(nr, 0, 3000, { killAt: 200 });
    await nr.exited;
    assert.strictEqual(nr.child.signalCode, 'SIGKILL');
    const acceptedBeforeTheKill = accepted(nr);
    nr = await NodeRed.start({ userDir: nr.userDir });
    assert.ok(!nr.problems().some((l) => /stripe/.test(l)), nr.problems().join('\n'));
    await stripe.uplink.set('up');
    const resumed = nr.log.filter((l) => /held messages found in .*stripe-held/.test(l));
    assert.strictEqual(resumed.length, 2, `both queues resume: ${nr.log.join('\n')}`);
    const kept = resumed.reduce((n, l) => n + Number(/(\d+) held messages found/.exec(l)[1]), 0);
    assert.ok(kept < 3000, `the kill came in the middle of the burst: ${kept} kept`);
    assert.ok(kept >= acceptedBeforeTheKill.length, `${kept} kept, ${acceptedBeforeTheKill.length} accepted`);
    // The queue goes on: two more after the rest, in order.
    await inject(nr, 3000, 3002);
    const r = await until(
      async () => {
        const x = await records(nr);
        return x.out.length === kept + 2 ? x : null;
      },
      60000,
      'the kept ones and two more sent',
    );
    assertOnceInOrder(stripe.created);
    assert.strictEqual(stripe.created.length, kept + 2);
    const atStripe = new Set(stripe.created.map((c) => Number(c.seq)));
    const lost = acceptedBeforeTheKill.filter((seq) => !atStripe.has(seq));
    assert.deepStrictEqual(lost, [], 'every message accepted before the kill reached Stripe');
    // Each publisher's new message came after all it held.
    const lastOf = (pub) => Number(stripe.created.filter((c) => c.pub === pub).at(-1).seq);
    assert.deepStrictEqual([lastOf('A'), lastOf('B')], [3000, 3001]);
    assert.deepStrictEqual(r.caught, []);
  });

  it('a redeploy with a changed setting during an outage resumes the queue; all sent once when the uplink is back', async () => {
    const flows = holdFlows(stripe.uplink.url, { only: ['A'] });
    nr = await NodeRed.start({ flows, credentials, settings: FAST_RETRY });
    await stripe.uplink.set('down');
    await inject(nr, 0, 10);
    await until(async () => heldStatus(await records(nr), 'pubA', 10), 20000, 'held 10');
    flows.find((n) => n.id === 'pubA').holdMax = '500';
    flows.find((n) => n.id === 'pubA').name = 'renamed';
    await nr.deploy(flows);
    await inject(nr, 10, 15);
    await until(async () => heldStatus(await records(nr), 'pubA', 15), 20000, 'held 15 after the deploy');
    await stripe.uplink.set('up');
    const r = await until(
      async () => {
        const x = await records(nr);
        return x.out.length === 15 ? x : null;
      },
      30000,
      '15 sent',
    );
    assert.deepStrictEqual(
      stripe.created.map((c) => Number(c.seq)),
      Array.from({ length: 15 }, (_, i) => i),
    );
    assert.deepStrictEqual(r.caught, []);
  });

  it('a publisher deleted from the flows: its messages are kept, the log says how many and where (also after a restart)', async () => {
    const flows = holdFlows(stripe.uplink.url);
    nr = await NodeRed.start({ flows, credentials, settings: FAST_RETRY });
    await stripe.uplink.set('down');
    await inject(nr, 0, 8);
    await until(async () => heldStatus(await records(nr), 'pubB', 4), 20000, 'B holds 4');
    const file = path.join(nr.userDir, 'stripe-held', 'pubB.sqlite');
    const warned = nr.waitFor(
      /stripe publisher pubB is no longer in the flows: its 4 held messages are kept in/,
      20000,
      'the warning',
    );
    await nr.deploy(flows.filter((n) => n.id !== 'pubB'));
    const line = await warned;
    assert.ok(line.includes(file), line);
    assert.ok(fs.existsSync(file));
    await nr.stop({ keepDir: true });
    nr = await NodeRed.start({ userDir: nr.userDir });
    assert.ok(
      nr.log.some(
        (l) => /\[warn\].*pubB is no longer in the flows: its 4 held messages are kept in/.test(l) && l.includes(file),
      ),
      nr.log.join('\n'),
    );
  });

  it('holdMax: past it a message goes to the Catch node at once with a clear error; the held ones are sent later', async () => {
    nr = await NodeRed.start({
      flows: holdFlows(stripe.uplink.url, { only: ['A'], publisher: { holdMax: '5' } }),
      credentials,
      settings: FAST_RETRY,
    });
    await stripe.uplink.set('down');
    await inject(nr, 0, 8);
    const r = await until(
      async () => {
        const x = await records(nr);
        return x.caught.length === 3 ? x : null;
      },
      20000,
      'three refused',
    );
    assert.deepStrictEqual(
      r.caught.map((c) => c.seq),
      [5, 6, 7],
    );
    for (const c of r.caught)
      assert.strictEqual(
        c.message,
        "5 messages are held already (the publisher's holdMax): this message was not accepted",
      );
    await stripe.uplink.set('up');
    await until(async () => (await records(nr)).out.length === 5, 20000, 'the five sent');
    assert.deepStrictEqual(
      stripe.created.map((c) => Number(c.seq)),
      [0, 1, 2, 3, 4],
    );
  });

  it('a refusal while held reaches the Catch node once, with msg.stripe.held; the others go on', async () => {
    nr = await NodeRed.start({
      flows: holdFlows(stripe.uplink.url, { only: ['A'] }),
      credentials,
      settings: FAST_RETRY,
    });
    await stripe.uplink.set('down');
    await inject(nr, 0, 6, { refuse: [2] });
    await until(async () => heldStatus(await records(nr), 'pubA', 6), 20000, 'held 6');
    await stripe.uplink.set('up');
    await until(async () => (await records(nr)).out.length === 5, 20000, 'five sent');
    await new Promise((r) => setTimeout(r, 1000));
    const r = await records(nr);
    assert.strictEqual(r.caught.length, 1, JSON.stringify(r.caught));
    assert.strictEqual(r.caught[0].seq, 2);
    assert.match(r.caught[0].message, /Refused by the test server/);
    assert.ok(r.caught[0].held && r.caught[0].held.attempts >= 1);
    assert.strictEqual(r.caught[0].key, undefined, 'a refused message does not keep its key');
    assert.deepStrictEqual(
      stripe.created.map((c) => Number(c.seq)),
      [0, 1, 3, 4, 5],
    );
  });
});
