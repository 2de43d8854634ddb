'use strict';
// The parameter sections' model (src/editor/fields/param-rows.ts): the rows a section starts with, how a
// row is judged, what the node saves, and what the "add" field offers. In Node: no DOM.
const assert = require('assert');
const { editorCatalogue } = require('../helpers/editor-modules');
const { setCatalogue, findOperation } = require('../../src/editor/catalogue/catalogue');
const rows = require('../../src/editor/fields/param-rows');

describe('editor: parameter rows', function () {
  before(function () {
    setCatalogue(editorCatalogue());
  });
  const names = (list) => list.map((r) => r.name);

  it('starts with every path parameter of a known path, required, and drops saved names it does not have', function () {
    const op = findOperation('GetTaxIdsId');
    const start = rows.initialRows('path', op, { id: '{{payload.id}}', stale: 'x' }, true);
    assert.deepStrictEqual(
      start.map((r) => [r.name, r.value, r.required]),
      [['id', '{{payload.id}}', true]],
    );
  });

  it('a raw path gives one required row per {param}', function () {
    const op = findOperation('GET /v1/new_things/{thing}/parts/{part}');
    assert.deepStrictEqual(names(rows.initialRows('path', op, {}, false)), ['thing', 'part']);
  });

  it('required body fields first, then saved values; names of an earlier operation go unless the dialog just opened', function () {
    const op = findOperation('PostPrices');
    const saved = { 'metadata[order]': '1', unit_amount: '5', leftover: 'x' };
    const chosen = rows.initialRows('payload', op, saved, false);
    assert.strictEqual(chosen[0].name, 'currency');
    assert.strictEqual(chosen[0].required, true);
    assert.deepStrictEqual(names(chosen).slice(1), ['metadata[order]', 'unit_amount'], 'metadata is a field');
    assert.ok(!names(chosen).includes('leftover'), 'not a field of PostPrices');
    const opened = rows.initialRows('payload', op, saved, true);
    assert.ok(names(opened).includes('leftover'), 'what the node has is shown when the dialog opens');
    // A known field keeps its description; a free name has none and its name stays editable.
    const unitAmount = chosen.find((r) => r.name === 'unit_amount');
    assert.ok(unitAmount.param && unitAmount.param.description);
    assert.strictEqual(opened.find((r) => r.name === 'leftover').param, null);
  });

  it('hides the path section of a path without parameters and folds an empty publisher query section', function () {
    const list = findOperation('GetCustomers');
    const post = findOperation('PostCustomers');
    assert.strictEqual(rows.visibility('path', list, 'subscriber', {}), 'hidden');
    assert.strictEqual(rows.visibility('path', null, 'subscriber', {}), 'shown', 'msg.operationId may need any');
    assert.strictEqual(rows.visibility('query', post, 'publisher', {}), 'collapsed');
    assert.strictEqual(rows.visibility('query', post, 'publisher', { expand: 'x' }), 'shown');
    assert.strictEqual(rows.visibility('payload', findOperation('DeleteCustomersCustomer'), 'publisher', {}), 'hidden');
    assert.strictEqual(rows.visibility('payload', post, 'publisher', {}), 'shown');
  });

  it('marks a typed name that is not one or repeats, and a required row without a value', function () {
    const problems = rows.rowProblems([
      { name: 'email', value: 'a', typedName: true, required: false },
      { name: 'email', value: 'b', typedName: true, required: false },
      { name: 'bad name!', value: 'c', typedName: true, required: false },
      { name: '', value: 'd', typedName: true, required: false },
      { name: '', value: '', typedName: true, required: false },
      { name: 'id', value: '  ', typedName: false, required: true },
      { name: 'id2', value: '{{path.id}}', typedName: false, required: true },
    ]);
    assert.deepStrictEqual(
      problems.map((p) => [p.badName, p.missing]),
      [
        [false, false],
        [true, false],
        [true, false],
        [true, false],
        [false, false],
        [false, true],
        [false, false],
      ],
    );
  });

  it('saves named rows with a value only', function () {
    assert.deepStrictEqual(
      rows.collect([
        { name: 'a', value: '1' },
        { name: '', value: '2' },
        { name: 'c', value: '' },
        { name: 'items[0][price]', value: '{{payload.price}}' },
      ]),
      { a: '1', 'items[0][price]': '{{payload.price}}' },
    );
  });

  it('suggests a template from the name, and shows a saved non-text value as JSON', function () {
    assert.strictEqual(rows.hintFor('items[0][price]'), '{{payload.price}}');
    assert.strictEqual(rows.hintFor('email'), '{{payload.email}}');
    assert.strictEqual(rows.valueText(5), '5');
    assert.strictEqual(rows.valueText({ a: 1 }), '{"a":1}');
    assert.strictEqual(rows.valueText(undefined), '');
  });

  it('the add field offers parameters by name first, then by description, never one already in a row', function () {
    const known = findOperation('GetCustomers').queryParams;
    const offered = rows.addChoices(known, () => false, 'email').map((c) => c.value);
    assert.strictEqual(offered[0], 'email');
    assert.deepStrictEqual(
      rows.addChoices(known, (n) => n === 'email', 'email').map((c) => c.value),
      offered.slice(1),
    );
    // A bracket name the operation does not declare is offered as itself, first; a bad one is not.
    const free = rows.addChoices(known, () => false, 'created[gt]');
    assert.deepStrictEqual(free[0], { value: 'created[gt]', free: true });
    assert.deepStrictEqual(
      rows.addChoices(known, () => false, 'bad name!'),
      [],
    );
  });
});
