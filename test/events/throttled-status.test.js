'use strict';
const assert = require('assert');
const sinon = require('sinon');
const { ThrottledStatus } = require('../../dist/nodes/shared/throttled-status');

describe('a status shown at most once a second', function () {
  let clock;
  beforeEach(() => (clock = sinon.useFakeTimers({ now: 1_000_000 })));
  afterEach(() => clock.restore());

  it('shows the first at once, then the last of a burst at the end of the second', function () {
    const shown = [];
    const s = new ThrottledStatus((x) => shown.push(x.text));
    for (let i = 1; i <= 100; i++) s.set(() => ({ text: `${i}` }));
    assert.deepStrictEqual(shown, ['1']);
    clock.tick(1000);
    assert.deepStrictEqual(shown, ['1', '100']);
    clock.tick(5000);
    assert.deepStrictEqual(shown, ['1', '100']);
    s.set(() => ({ text: 'later' }));
    assert.deepStrictEqual(shown, ['1', '100', 'later']);
  });

  it('an urgent status drops the waiting one', function () {
    const shown = [];
    const s = new ThrottledStatus((x) => shown.push(x.text));
    s.set(() => ({ text: 'a' }));
    s.set(() => ({ text: 'b' }));
    s.now({ text: 'error' });
    clock.tick(2000);
    assert.deepStrictEqual(shown, ['a', 'error']);
  });
});
