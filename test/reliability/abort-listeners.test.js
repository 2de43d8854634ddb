'use strict';
// The requests of a node share one listener on its AbortSignal (src/stripe/common/abort.ts): a stop
// reaches every request still on its way, once; and once a signal's last request has ended, nothing of
// ours is left on it. A held message's attempt has a signal of its own: with the listener left on, those
// signals were never freed (+60 MB after 40,000 held messages sent 16 at once).
const assert = require('assert');
const { getEventListeners } = require('events');
const { onAbort } = require('../../dist/stripe/common/abort');

describe('one abort listener per signal', function () {
  it('a stop reaches each request still on its way, once, in the order they came', () => {
    const ctrl = new AbortController();
    const called = [];
    onAbort(ctrl.signal, () => called.push('a'));
    const stopB = onAbort(ctrl.signal, () => called.push('b'));
    onAbort(ctrl.signal, () => called.push('c'));
    assert.strictEqual(getEventListeners(ctrl.signal, 'abort').length, 1, 'one listener for the three');
    stopB();
    ctrl.abort();
    ctrl.abort();
    assert.deepStrictEqual(called, ['a', 'c']);
  });

  it('leaves nothing on a signal once its last request has ended; a later request listens again', () => {
    const ctrl = new AbortController();
    const stops = Array.from({ length: 5 }, () => onAbort(ctrl.signal, () => assert.fail('ended already')));
    for (const stop of stops) stop();
    assert.strictEqual(getEventListeners(ctrl.signal, 'abort').length, 0);
    let stopped = false;
    onAbort(ctrl.signal, () => (stopped = true));
    assert.strictEqual(getEventListeners(ctrl.signal, 'abort').length, 1);
    ctrl.abort();
    assert.strictEqual(stopped, true);
    assert.strictEqual(getEventListeners(ctrl.signal, 'abort').length, 0);
  });
});
