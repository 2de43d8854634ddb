'use strict';
// The event type search of the event nodes' dialogs, without a browser.
const assert = require('assert');
require('../helpers/editor-modules');
const { searchTypes, EVENT_TYPES, groupOf } = require('../../src/editor/catalogue/event-types');
const { isEventType } = require('../../src/rules');

describe('event type search (editor)', function () {
  it('holds every type of the bundled spec and *, then the thin event types', function () {
    assert.strictEqual(EVENT_TYPES.length, 276 + 326);
    assert.strictEqual(EVENT_TYPES[0], '*');
  });

  it('finds payment_intent.succeeded first for "payment succeeded"', function () {
    assert.strictEqual(searchTypes('payment succeeded')[0].type, 'payment_intent.succeeded');
  });

  it('finds by the start of words, in any order', function () {
    assert.strictEqual(searchTypes('inv paid')[0].type, 'invoice.paid');
    assert.strictEqual(searchTypes('deleted subscription')[0].type, 'customer.subscription.deleted');
  });

  it('offers the group of matching types, and leaves out what is chosen', function () {
    const hits = searchTypes('invoice');
    assert.ok(hits.some((h) => h.type === 'invoice.*' && h.group));
    const again = searchTypes('payment succeeded', ['payment_intent.succeeded']);
    assert.ok(!again.some((h) => h.type === 'payment_intent.succeeded'));
  });

  it('offers * for an empty query or "all"', function () {
    assert.strictEqual(searchTypes('')[0].type, '*');
    assert.strictEqual(searchTypes('all')[0].type, '*');
    assert.ok(!searchTypes('', ['*']).some((h) => h.type === '*'));
  });

  it('finds nothing for nonsense; knows groups and valid names', function () {
    assert.deepStrictEqual(searchTypes('zzqx'), []);
    assert.strictEqual(groupOf('customer.subscription.deleted'), 'customer.subscription.*');
    assert.ok(isEventType('invoice.*') && isEventType('v1.billing.meter.error_report_triggered') && isEventType('*'));
    assert.ok(!isEventType('Invoice Paid') && !isEventType('<b>'));
  });
});
