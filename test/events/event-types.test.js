'use strict';
// The event types the event nodes offer come from the bundled spec, generated with the catalogue.
const assert = require('assert');
const catalogue = require('../../spec/catalogue.json');

describe('event types in the catalogue', function () {
  it('lists every type a webhook endpoint can be enabled for: 229 and *', function () {
    assert.strictEqual(catalogue.eventTypes[0], '*');
    assert.strictEqual(catalogue.eventTypes.length, 230);
    for (const t of ['payment_intent.succeeded', 'invoice.payment_failed', 'customer.subscription.deleted']) {
      assert.ok(catalogue.eventTypes.includes(t), t);
    }
    assert.deepStrictEqual(catalogue.eventTypes.slice(1), [...catalogue.eventTypes.slice(1)].sort());
  });
});
