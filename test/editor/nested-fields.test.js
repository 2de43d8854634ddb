'use strict';
// The add-field list's nested names (src/editor/fields/fields.ts, param-rows.ts) from the real catalogue:
// an operation's details as GET stripe/catalogue/operations/:id serves them, flattened in Stripe's
// bracket form, with types, required marks and enum values as the value field's choices. In Node.
const assert = require('assert');
const { editorCatalogue, operationDetails } = require('../helpers/editor-modules');
const {
  setCatalogue,
  setOperationDetails,
  findOperation,
  needsDetails,
} = require('../../src/editor/catalogue/catalogue');
const { flattenParams, findFlat, valueChoices, matchingValues } = require('../../src/editor/fields/fields');
const rows = require('../../src/editor/fields/param-rows');
const { NAME } = require('../../src/editor/catalogue/validation');

/** The operation with its details, as the dialog holds it once they arrived. */
function detailed(id) {
  const op = findOperation(id);
  if (needsDetails(op)) setOperationDetails(operationDetails(id));
  return findOperation(id);
}

describe('editor: nested fields in the add list', function () {
  before(function () {
    setCatalogue(editorCatalogue());
  });

  it('the slim list has no query or body parameters: they come with the details, once', function () {
    const op = findOperation('PostCheckoutSessions');
    assert.ok(needsDetails(op) || op.detailed, 'the slim operation waits for its details');
    const full = detailed('PostCheckoutSessions');
    assert.strictEqual(full, op, 'the details go into the operation the look-ups give');
    assert.ok(!needsDetails(full));
    assert.ok(full.bodyFields.some((p) => p.name === 'line_items' && p.fields && p.fields.length));
  });

  it('PostCheckoutSessions offers line_items[0][price_data][currency] and subscription_data[trial_period_days], with type and required mark', function () {
    const offered = rows.offeredParams(detailed('PostCheckoutSessions'), 'payload');
    const byName = new Map(offered.map((p) => [p.name, p]));
    const currency = byName.get('line_items[0][price_data][currency]');
    assert.ok(currency, 'line_items[0][price_data][currency] is offered');
    assert.strictEqual(currency.type, 'string');
    assert.strictEqual(currency.required, true, 'required in its object');
    assert.strictEqual(currency.parent, 'line_items[0][price_data]');
    assert.ok(currency.description.length > 10, currency.description);
    const trial = byName.get('subscription_data[trial_period_days]');
    assert.ok(trial, 'subscription_data[trial_period_days] is offered');
    assert.ok(['integer', 'number'].includes(trial.type), trial.type);
    assert.strictEqual(trial.required, false);
    // At least three levels below a top-level name.
    assert.ok(
      offered.some((p) => p.depth >= 3),
      offered.filter((p) => p.depth >= 2).map((p) => p.name),
    );
    assert.ok(byName.has('line_items[0][price_data][product_data][name]'));
    // The top-level names are all still there, each once; every name is one the dialog accepts.
    for (const p of findOperation('PostCheckoutSessions').bodyFields) assert.ok(byName.has(p.name), p.name);
    assert.strictEqual(byName.size, offered.length, 'no name twice');
    for (const p of offered) assert.ok(NAME.test(p.name), p.name);
    assert.ok(offered.length > 200, `hundreds of names: ${offered.length}`);
    // An object with fields is offered by its fields, not by itself (but a top-level one stays).
    assert.ok(!byName.has('line_items[0][price_data]'));
    assert.ok(byName.has('line_items'));
  });

  it('an array of scalars is offered as its first element too, with the enum of its elements', function () {
    const offered = flattenParams(detailed('PostCheckoutSessions').bodyFields);
    const types = findFlat(offered, 'excluded_payment_method_types[0]');
    assert.ok(types, 'excluded_payment_method_types[0]');
    assert.ok(valueChoices(types).includes('card'), valueChoices(types).join());
    assert.deepStrictEqual(
      valueChoices(findFlat(offered, 'excluded_payment_method_types')),
      [],
      'not on the array itself',
    );
  });

  it("enum values are the value field's choices, filtered as typed; any text or template stays typeable", function () {
    const offered = flattenParams(detailed('PostCheckoutSessions').bodyFields);
    const mode = findFlat(offered, 'mode');
    assert.deepStrictEqual(valueChoices(mode), ['payment', 'setup', 'subscription']);
    assert.deepStrictEqual(matchingValues(valueChoices(mode), 'sub'), ['subscription']);
    assert.deepStrictEqual(matchingValues(valueChoices(mode), ''), ['payment', 'setup', 'subscription']);
    assert.deepStrictEqual(matchingValues(valueChoices(mode), 'setup'), ['payment', 'setup', 'subscription']);
    assert.deepStrictEqual(matchingValues(valueChoices(mode), '{{payload.mode}}'), []);
    // Nested enums too: line_items[0][price_data][recurring][interval].
    const interval = findFlat(offered, 'line_items[0][price_data][recurring][interval]');
    assert.ok(interval, 'line_items[0][price_data][recurring][interval]');
    assert.deepStrictEqual(valueChoices(interval), ['day', 'month', 'week', 'year']);
    const boolean = offered.find((p) => p.type === 'boolean' && !p.enum);
    assert.deepStrictEqual(valueChoices(boolean), ['true', 'false'], boolean.name);
  });

  it('the add field finds nested names by their words, top-level names first, and another array index as the same field', function () {
    const known = rows.offeredParams(detailed('PostCheckoutSessions'), 'payload');
    const currency = rows.addChoices(known, () => false, 'currency').map((c) => c.value);
    assert.strictEqual(currency[0], 'currency');
    assert.ok(currency.includes('line_items[0][price_data][currency]'));
    const trial = rows.addChoices(known, () => false, 'trial period days').map((c) => c.value);
    assert.ok(trial.includes('subscription_data[trial_period_days]'), trial.join());
    const other = rows.addChoices(known, () => false, 'line_items[2][price_data][currency]');
    assert.strictEqual(other[0].value, 'line_items[2][price_data][currency]');
    assert.ok(!other[0].free, 'a known field at another index');
    assert.strictEqual(other[0].param.type, 'string');
    assert.ok(rows.addChoices(known, () => false, 'metadata[order]')[0].free);
    // An object of known fields is not offered as a name of its own: its fields are.
    const object = rows.addChoices(known, () => false, 'line_items[0][price_data][recurring]');
    assert.ok(!object.some((c) => c.free), object.map((c) => c.value).join());
    assert.ok(object.some((c) => c.value === 'line_items[0][price_data][recurring][interval]'));
  });

  it('a saved nested name finds its parameter when the dialog opens; a nested required field is not a required row', function () {
    const op = detailed('PostCheckoutSessions');
    const start = rows.initialRows(
      'payload',
      op,
      { 'line_items[1][price_data][currency]': 'eur', 'subscription_data[trial_period_days]': '14' },
      false,
    );
    const currency = start.find((r) => r.name === 'line_items[1][price_data][currency]');
    assert.ok(currency && currency.param, 'kept, with its parameter');
    assert.strictEqual(currency.param.type, 'string');
    assert.strictEqual(currency.required, false);
    assert.ok(start.find((r) => r.name === 'subscription_data[trial_period_days]').param);
  });

  it('query parameters are nested too (GetCustomers: created[gt])', function () {
    const offered = rows.offeredParams(detailed('GetCustomers'), 'query').map((p) => p.name);
    assert.ok(offered.includes('limit'));
    assert.ok(offered.includes('created[gt]'), offered.join());
  });
});
