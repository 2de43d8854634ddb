'use strict';
// `holdAtOnce` in a real Node-RED child process (test/hold/harness.js): with Stripe answering, a held
// publisher sends up to that many messages at once, as `fail` does; the messages held through an
// outage and a SIGKILL still go one at a time, in order, once the uplink is back.
const assert = require('assert');
const { NodeRed } = require('../../bench/lib/nodered');
const { holdAvailable } = require('../../dist/stripe');
const { startStripe, holdFlows, credentials, inject, records, until, heldStatus, FAST_RETRY } = require('./harness');

(holdAvailable() ? describe : describe.skip)('offline: hold with holdAtOnce 16', function () {
  this.timeout(120000);
  let stripe;
  let nr;
  before(async () => {
    stripe = await startStripe({ delayMs: 20 });
  });
  after(async () => {
    if (nr) await nr.stop();
    await stripe.stop();
  });

  it('up to 16 on their way at once while Stripe answers; what was held through a SIGKILL goes one at a time, in order', async () => {
    const flows = holdFlows(stripe.uplink.url, { only: ['A'], publisher: { holdAtOnce: '16' } });
    nr = await NodeRed.start({ flows, credentials, settings: FAST_RETRY });
    // The flow keeps 16 messages on their way to the publisher.
    await inject(nr, 0, 160);
    await until(async () => (await records(nr)).out.length === 160, 30000, '160 sent while up');
    assert.ok(stripe.atOnce.most > 1, `several at once: at most ${stripe.atOnce.most}`);
    assert.ok(stripe.atOnce.most <= 16, `never more than 16 at once: ${stripe.atOnce.most}`);
    const upSeqs = stripe.created.map((c) => Number(c.seq));
    assert.deepStrictEqual(
      [...upSeqs].sort((a, b) => a - b),
      Array.from({ length: 160 }, (_, i) => i),
      'each once',
    );

    // An outage: 40 held, then the power goes.
    await stripe.uplink.set('down');
    await inject(nr, 160, 200);
    await until(async () => heldStatus(await records(nr), 'pubA', 40), 20000, 'held 40');
    nr.child.kill('SIGKILL');
    await nr.exited;
    nr = await NodeRed.start({ userDir: nr.userDir });
    stripe.atOnce.most = 0;
    await stripe.uplink.set('up');
    await until(() => stripe.created.length === 200, 30000, 'the 40 held sent after the restart');
    await new Promise((r) => setTimeout(r, 500)); // anything doubled would arrive now
    assert.strictEqual(stripe.atOnce.most, 1, 'the held ones one at a time');
    assert.deepStrictEqual(
      stripe.created.slice(160).map((c) => Number(c.seq)),
      Array.from({ length: 40 }, (_, i) => 160 + i),
      'in the order they came, each once',
    );
  });
});
