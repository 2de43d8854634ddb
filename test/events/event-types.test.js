'use strict';
// The event types the event nodes offer come from stripe-node's types, generated with the catalogue.
const assert = require('assert');
const catalogue = require('../../spec/catalogue.json');

describe('event types in the catalogue', function () {
  it('lists every v1 type a webhook endpoint can be enabled for in 2026-10-28.endive: 275 and *', function () {
    assert.strictEqual(catalogue.eventTypes[0], '*');
    assert.strictEqual(catalogue.eventTypes.length, 276);
    for (const t of [
      'payment_intent.succeeded',
      'invoice.payment_failed',
      'customer.subscription.deleted',
      'billing.meter.created',
      'billing.credit_grant.created',
      'billing.alert.triggered',
      'invoice_payment.paid',
      'invoice.overpaid',
      'balance_settings.updated',
      'reserve.hold.created',
    ]) {
      assert.ok(catalogue.eventTypes.includes(t), t);
    }
    assert.deepStrictEqual(catalogue.eventTypes.slice(1), [...catalogue.eventTypes.slice(1)].sort());
  });

  it("lists the thin event types of stripe-node's EventNotification union, sorted", function () {
    const thin = catalogue.thinEventTypes;
    // 316 plain names and 10 that name a part of an account (`v2.core.account[identity].updated`).
    assert.strictEqual(thin.length, 326);
    assert.strictEqual(thin.filter((t) => t.includes('[')).length, 10);
    for (const t of [
      'v1.billing.meter.error_report_triggered',
      'v2.core.event_destination.ping',
      'v2.core.account.created',
    ]) {
      assert.ok(thin.includes(t), t);
    }
    assert.ok(thin.every((t) => /^v[12]\./.test(t)));
    assert.deepStrictEqual(thin, [...thin].sort());
  });
});
