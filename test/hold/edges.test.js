'use strict';
// offline: hold at its edges, in a real Node-RED child process (test/hold/harness.js): a queue file
// another process has locked (as a full or failing disk refuses writes), Node-RED stopped while a
// request is on its way, a message that expired while Node-RED was off, and a publisher switched
// from hold to fail with messages still held.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { NodeRed } = require('../../bench/lib/nodered');
const { holdAvailable } = require('../../dist/stripe');
const {
  startStripe,
  holdFlows,
  credentials,
  inject,
  records,
  recordsWhen,
  until,
  heldStatus,
  FAST_RETRY,
} = require('./harness');

const rows = (file) => {
  const { DatabaseSync } = require('node:sqlite');
  const db = new DatabaseSync(file);
  try {
    return db
      .prepare('SELECT key, attempts, reached FROM held ORDER BY seq')
      .all()
      .map((r) => ({ ...r }));
  } finally {
    db.close();
  }
};

(holdAvailable() ? describe : describe.skip)('offline: hold at its edges', function () {
  this.timeout(120000);
  let stripe;
  let nr;
  before(async () => {
    // Each answer is held back 800 ms: a request is on its way long enough to act meanwhile.
    stripe = await startStripe({ delayMs: 800 });
  });
  afterEach(async () => {
    if (nr) await nr.stop();
    nr = undefined;
    await stripe.uplink.set('up');
    stripe.created.length = 0;
  });
  after(async () => {
    await stripe.stop();
  });

  it('a queue file another process has locked: Node-RED goes on, what was sent is sent on once, a message that cannot be written goes to the Catch node', async () => {
    const flows = holdFlows(stripe.uplink.url, { only: ['A'] });
    nr = await NodeRed.start({ flows, credentials, settings: FAST_RETRY });
    const file = path.join(nr.userDir, 'stripe-held', 'pubA.sqlite');
    await inject(nr, 0, 1);
    await until(() => stripe.atOnce.now === 1, 10000, 'the request on its way');
    // Another process takes the file's write lock while Stripe answers: the removal cannot be written.
    const { DatabaseSync } = require('node:sqlite');
    const other = new DatabaseSync(file);
    other.exec('BEGIN EXCLUSIVE');
    const warned = nr.waitFor(
      /Writing to the queue of held messages failed \(.*\): database is locked/,
      10000,
      'the warning',
    );
    await until(async () => (await records(nr)).out.length === 1, 10000, 'sent on');
    await warned;
    // Still locked: the next message cannot be kept, and says so on the Catch node.
    await inject(nr, 1, 2);
    const r = await recordsWhen(nr, (x) => x.caught.length === 1, 10000, 'the Catch node');
    assert.strictEqual(r.caught[0].seq, 1);
    assert.match(r.caught[0].message, /^This message cannot be held \(offline: hold\): database is locked/);
    other.exec('ROLLBACK');
    other.close();
    await inject(nr, 2, 3);
    await until(async () => (await records(nr)).out.length === 2, 10000, 'the next one sent');
    assert.deepStrictEqual(
      (await records(nr)).out.map((o) => o.seq),
      [0, 2],
    );
    await nr.stop({ keepDir: true });
    // The removal that failed was written with the next write: nothing is sent again after a restart.
    assert.deepStrictEqual(rows(file), []);
    assert.deepStrictEqual(
      stripe.created.map((c) => Number(c.seq)),
      [0, 2],
    );
  });

  it('stopped while a request is on its way: the message stays held as possibly sent, and goes once after the start', async () => {
    const flows = holdFlows(stripe.uplink.url, { only: ['A'] });
    nr = await NodeRed.start({ flows, credentials, settings: FAST_RETRY });
    const file = path.join(nr.userDir, 'stripe-held', 'pubA.sqlite');
    await inject(nr, 0, 1);
    await until(() => stripe.atOnce.now === 1, 10000, 'the request on its way');
    await nr.stop({ keepDir: true });
    const held = rows(file);
    assert.strictEqual(held.length, 1);
    // Possibly sent: past 23 hours it would go to the Catch node as "outcome unknown", never sent again.
    assert.strictEqual(held[0].reached, 1);
    nr = await NodeRed.start({ userDir: nr.userDir });
    const r = await recordsWhen(nr, (x) => x.out.length === 1, 10000, 'sent after the start');
    assert.strictEqual(r.out[0].seq, 0);
    // Stripe acted once: the second request carried the same key.
    await new Promise((res) => setTimeout(res, 1000));
    assert.strictEqual(stripe.created.length, 1);
  });

  it('a message that expired while Node-RED was off reaches the Catch node at the next start', async () => {
    // holdHours 0.002: 7.2 seconds.
    const flows = holdFlows(stripe.uplink.url, { only: ['A'], publisher: { holdHours: '0.002' } });
    nr = await NodeRed.start({ flows, credentials, settings: FAST_RETRY });
    await stripe.uplink.set('down');
    const queued = Date.now();
    await inject(nr, 0, 1);
    await until(async () => heldStatus(await records(nr), 'pubA', 1), 10000, 'held 1');
    await nr.stop({ keepDir: true });
    await new Promise((res) => setTimeout(res, Math.max(0, queued + 8000 - Date.now())));
    nr = await NodeRed.start({ userDir: nr.userDir });
    const r = await recordsWhen(nr, (x) => x.caught.length === 1, 10000, 'the Catch node');
    assert.strictEqual(r.caught[0].seq, 0);
    assert.match(r.caught[0].message, /without reaching Stripe \(the publisher's holdHours\): given up, not sent/);
    assert.deepStrictEqual(stripe.created, []);
  });

  it('a publisher switched from hold to fail during an outage: the log says its messages are still held; switched back, they are sent', async () => {
    const flows = holdFlows(stripe.uplink.url, { only: ['A'] });
    nr = await NodeRed.start({ flows, credentials, settings: FAST_RETRY });
    const file = path.join(nr.userDir, 'stripe-held', 'pubA.sqlite');
    await stripe.uplink.set('down');
    await inject(nr, 0, 3);
    await until(async () => heldStatus(await records(nr), 'pubA', 3), 10000, 'held 3');
    const warned = nr.waitFor(
      /stripe publisher pubA no longer holds \(its Offline setting is not hold\): its 3 held messages are kept in .* and are not sent/,
      10000,
      'the warning',
    );
    flows.find((n) => n.id === 'pubA').offline = 'fail';
    await nr.deploy(flows);
    assert.ok((await warned).includes(file));
    assert.strictEqual(rows(file).length, 3);
    flows.find((n) => n.id === 'pubA').offline = 'hold';
    await nr.deploy(flows);
    await stripe.uplink.set('up');
    await until(async () => (await records(nr)).out.length === 3, 20000, 'the 3 sent');
    assert.deepStrictEqual(
      stripe.created.map((c) => Number(c.seq)),
      [0, 1, 2],
    );
    assert.ok(fs.existsSync(file));
  });
});
