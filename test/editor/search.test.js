'use strict';
// The picker's search and the operation checks (src/editor/catalogue/search.ts, catalogue.ts, validation.ts,
// suggestions.ts) over the real catalogue, in Node: the modules touch no DOM.
const assert = require('assert');
const { editorCatalogue } = require('../helpers/editor-modules');
const { setCatalogue, searchCatalogue, findOperation } = require('../../src/editor/catalogue/catalogue');
const { verbMethod } = require('../../src/editor/catalogue/search');
const { operationChoices } = require('../../src/editor/catalogue/suggestions');
const { checkOperation, checkPath } = require('../../src/editor/catalogue/validation');
const { pickerMethods } = require('../../src/rules');

const search = (q, opts) => searchCatalogue(q, (opts && opts.methods) || null);

describe('editor: operation search', function () {
  before(function () {
    setCatalogue(editorCatalogue());
  });
  const top = (q, methods) =>
    search(q, { methods })
      .slice(0, 3)
      .map((r) => r.op.id);

  it('finds operations by words in any order, id and path matches first', function () {
    assert.strictEqual(top('tax id', ['GET'])[0], 'GetTaxIdsId');
    assert.strictEqual(top('id tax', ['GET'])[0], 'GetTaxIdsId');
    assert.strictEqual(top('delete customer', ['DELETE'])[0], 'DeleteCustomersCustomer');
    assert.strictEqual(top('list customers', ['GET'])[0], 'GetCustomers');
    assert.strictEqual(top('create price', ['POST'])[0], 'PostPrices');
    assert.strictEqual(top('create customer', null)[0], 'PostCustomers');
    assert.strictEqual(top('update customer', null)[0], 'PostCustomersCustomer');
    assert.strictEqual(top('cancel subscription', ['DELETE'])[0], 'DeleteSubscriptionsSubscriptionExposedId');
    assert.strictEqual(top('upload file', null)[0], 'PostFiles');
    assert.strictEqual(top('/v1/tax_ids/{id}', null)[0], 'GetTaxIdsId');
    assert.ok(top('refund a charge', ['POST']).includes('PostChargesChargeRefund'));
    const refunds = search('refund', null).map((r) => r.op.id);
    for (const id of ['GetRefunds', 'PostRefunds', 'GetRefundsRefund', 'PostRefundsRefundCancel'])
      assert.ok(refunds.includes(id), id);
  });

  it('ranks an id or path holding every word above a description match', function () {
    const r = search('customer balance', ['GET']);
    const firstDescOnly = r.findIndex(
      (x) => !/customer/i.test(x.op.id + x.op.path) || !/balance/i.test(x.op.id + x.op.path),
    );
    const lastStrong = r
      .map((x) => /customer/i.test(x.op.id + x.op.path) && /balance/i.test(x.op.id + x.op.path))
      .lastIndexOf(true);
    assert.ok(firstDescOnly === -1 || lastStrong < firstDescOnly);
  });

  it('publisher picker: POST and DELETE whatever the method; the subscriber GET; "delete"/"remove" rank DELETE first', function () {
    assert.deepStrictEqual([...pickerMethods('publisher')], ['POST', 'DELETE']);
    assert.deepStrictEqual([...pickerMethods('subscriber')], ['GET']);
    const both = pickerMethods('publisher');
    for (const q of ['delete customer', 'remove customer', 'delete a customer'])
      assert.strictEqual(top(q, both)[0], 'DeleteCustomersCustomer', q);
    assert.strictEqual(top('remove tax id', both)[0], 'DeleteTaxIdsId');
    assert.strictEqual(top('delete product', both)[0], 'DeleteProductsId');
    // Matches of the id or path with the asked-for method first, even where another scores higher.
    const del = search('delete', { methods: both });
    const firstPost = del.findIndex((r) => r.op.method === 'POST');
    assert.ok(firstPost > 0 && del.slice(0, firstPost).every((r) => r.op.method === 'DELETE'));
    assert.strictEqual(del[firstPost].op.id, 'PostAppsSecretsDelete');
    assert.strictEqual(
      del.filter((r) => r.op.method === 'DELETE').length,
      34,
      'every DELETE operation matches "delete"',
    );
    // Only the id or path can mention it: then that POST is the answer.
    assert.strictEqual(top('delete secret', both)[0], 'PostAppsSecretsDelete');
    // Without such a verb the ranking is the search's own (as before).
    assert.strictEqual(top('create customer', both)[0], 'PostCustomers');
    assert.strictEqual(top('update customer', both)[0], 'PostCustomersCustomer');
    assert.ok(top('refund a charge', both).includes('PostChargesChargeRefund'));
    assert.strictEqual(verbMethod(['delete', 'customer']), 'DELETE');
    assert.strictEqual(verbMethod(['cancel', 'subscription']), null, 'cancel is POST or DELETE');
    assert.strictEqual(verbMethod(['create', 'delete']), null);
    // The suggestions: a raw DELETE is offered by a publisher whatever its method, not by a subscriber.
    const raw = operationChoices('DELETE /v1/brand_new/{x}', both).choices[0];
    assert.strictEqual(raw.value, 'DELETE /v1/brand_new/{x}');
    assert.strictEqual(raw.op.method, 'DELETE');
    assert.notStrictEqual(
      operationChoices('DELETE /v1/brand_new/{x}', ['GET']).choices[0]?.value,
      'DELETE /v1/brand_new/{x}',
    );
    // What the runtime checks stays: the operation's method must be the node's.
    assert.strictEqual(checkOperation('publisher', 'DeleteCustomersCustomer', 'DELETE'), true);
    assert.match(checkOperation('publisher', 'DeleteCustomersCustomer', 'POST'), /wrongMethod/);
    assert.match(checkOperation('publisher', 'DELETE /v1/brand_new/{x}', 'POST'), /wrongMethod/);
  });

  it('filters by method and accepts raw references', function () {
    assert.ok(search('customer', { methods: ['DELETE'] }).every((r) => r.op.method === 'DELETE'));
    assert.strictEqual(search('customer', { methods: ['DELETE'] }).length, 10);
    assert.strictEqual(findOperation('GET /v1/brand_new/{x}').pathParams[0].name, 'x');
    assert.strictEqual(findOperation('gettaxidsid').id, 'GetTaxIdsId');
    assert.strictEqual(findOperation('GetNothing'), null);
    assert.strictEqual(checkOperation('subscriber', 'PostCustomers', 'GET') === true, false);
    assert.strictEqual(checkOperation('publisher', 'PostCustomers', 'POST'), true);
    assert.strictEqual(checkPath('GetTaxIdsId', {}) === true, false);
    assert.strictEqual(checkPath('GetTaxIdsId', { id: '{{payload.id}}' }), true);
    assert.strictEqual(checkPath('', {}), true);
  });
});

describe('editor: operations and roles follow the rule tables', function () {
  const T = require('../tables');
  before(function () {
    setCatalogue(editorCatalogue());
  });

  it('finds each reference as the runtime does', function () {
    const found = T.operations.map(([ref]) => {
      const op = findOperation(ref);
      return op ? { id: op.id, method: op.method, path: op.path, ...(op.raw ? { raw: true } : {}) } : null;
    });
    assert.deepStrictEqual(
      found,
      T.operations.map((r) => (typeof r[1] === 'string' ? null : r[1])),
    );
  });

  it("marks an operation the node's role and method cannot run", function () {
    // Empty is msg.operationId in the editor: judged per message at run time.
    const rows = T.roles.operations.filter((r) => r[2] !== '');
    const key = { ok: 'ok', 'rules.subscriberOnlyGet': 'errors.notGet' };
    const got = rows.map(([role, method, ref]) => {
      const r = checkOperation(role, ref, method);
      return r === true ? 'ok' : r.split(' ')[0];
    });
    assert.deepStrictEqual(
      got,
      rows.map((r) => key[r[3]] || 'errors.wrongMethod'),
    );
  });
});
