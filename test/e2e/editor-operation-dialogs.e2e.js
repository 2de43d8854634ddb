'use strict';
// Browser tests of the subscriber's and the publisher's dialogs (test/helpers/editor-page.js): the
// operation picker, path, query and body rows, pagination settings, the publisher's method following
// the chosen operation, and what is saved and deployed. The tests run in order on one editor: a test
// may build on what the one before saved.
const assert = require('assert');
const h = require('./harness');
const {
  editorSession,
  editNode,
  done,
  suggestions,
  typeOperation,
  suggestionsWithMethod,
  addFromPalette,
  deployFromEditor,
  editorNode,
} = require('../helpers/editor-page');

describe('editor (browser): the subscriber and publisher dialogs', function () {
  this.timeout(120000);
  let nr;
  let page;
  let newPublisher; // added from the palette by one test, edited by the next
  editorSession((s) => ({ nr, page } = s));

  it('subscriber: finds "tax id" by typing, chooses with the keyboard, shows the path row, saves', async function () {
    await editNode(page, 'sub1');
    const hint = await page.textContent('.stripe-op-hint');
    assert.match(hint, /msg\.operationId/, 'an empty operation says it uses msg.operationId');
    await typeOperation(page, 'tax id');
    const found = await suggestions(page);
    assert.strictEqual(found[0], 'GetTaxIdsId');
    assert.ok(
      found.every((id) => id.startsWith('Get')),
      'the subscriber offers only GET operations',
    );
    await h.screenshot(page, 'subscriber-picker');
    // The arrows move the highlight (checked at each step, so moves that cancel out or do nothing
    // would fail), then Enter chooses the highlighted one.
    const active = () =>
      page.textContent('.stripe-picker .stripe-dropdown-item.active .stripe-item-id').catch(() => null);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const second = await active();
    assert.ok(
      second === found[1] || second === found[2],
      `two steps down highlight the 2nd or 3rd suggestion, not ${second}`,
    );
    await page.keyboard.press('ArrowUp');
    const up = await active();
    assert.strictEqual(found.indexOf(up), found.indexOf(second) - 1, 'one step up highlights the suggestion above');
    if (up !== found[0]) await page.keyboard.press('ArrowUp');
    assert.strictEqual(await active(), found[0]);
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.inputValue('#node-input-operationId'), 'GetTaxIdsId');
    assert.match(await page.textContent('.stripe-op-info'), /GET\s*\/v1\/tax_ids\/\{id\}/);
    assert.strictEqual(await page.getAttribute('.stripe-op-ref', 'href'), 'https://docs.stripe.com/api/tax_ids');
    // The path parameter row, marked required and empty.
    const row = page.locator('.stripe-section[data-kind="path"] .stripe-row[data-name="id"]');
    assert.strictEqual(await row.count(), 1);
    assert.match(await row.locator('.stripe-row-name').textContent(), /id\*/);
    assert.ok(await row.locator('.stripe-row-value').evaluate((e) => e.classList.contains('input-error')));
    assert.match(await row.locator('.stripe-row-value').getAttribute('placeholder'), /\{\{payload\.id\}\}/);
    // No pagination for a retrieve operation.
    assert.strictEqual(await page.isVisible('.stripe-pagination'), false);
    await row.locator('.stripe-row-value').fill('{{payload.id}}');
    assert.ok(!(await row.locator('.stripe-row-value').evaluate((e) => e.classList.contains('input-error'))));
    await h.screenshot(page, 'subscriber-dialog');
    await done(page);
    const node = await page.evaluate(() => {
      const n = RED.nodes.node('sub1');
      return { operationId: n.operationId, path: n.path, valid: n.valid, changed: n.changed };
    });
    assert.deepStrictEqual(node, {
      operationId: 'GetTaxIdsId',
      path: { id: '{{payload.id}}' },
      valid: true,
      changed: true,
    });
  });

  it('subscriber: pagination settings show for list operations and hide for others', async function () {
    await editNode(page, 'sub1');
    await typeOperation(page, 'list customers');
    const found = await suggestions(page);
    assert.strictEqual(found[0], 'GetCustomers');
    // Choose with the mouse.
    await page.click('.stripe-picker .stripe-dropdown-item[data-index="0"]');
    assert.strictEqual(await page.inputValue('#node-input-operationId'), 'GetCustomers');
    assert.strictEqual(await page.isVisible('.stripe-pagination'), true);
    assert.strictEqual(await page.isVisible('.stripe-pagination-options'), false);
    await page.check('#node-input-pagination');
    assert.strictEqual(await page.isVisible('.stripe-pagination-options'), true);
    await page.selectOption('#node-input-output', 'item');
    await page.fill('#node-input-maxItems', '250');
    // Add an optional query parameter from the list (with its description) and a free bracket name.
    await page.click('.stripe-section[data-kind="query"] .stripe-add-input');
    await page.keyboard.type('email');
    await page.waitForSelector('.stripe-dropdown:not(.stripe-picker) .stripe-dropdown-item', { state: 'visible' });
    const desc = await page.textContent('.stripe-dropdown:not(.stripe-picker) .stripe-dropdown-item.active');
    assert.match(desc, /email/i);
    await page.keyboard.press('Enter');
    await page.keyboard.type('{{payload.email}}');
    await page.click('.stripe-section[data-kind="query"] .stripe-add-input');
    await page.keyboard.type('created[gt]');
    await page.keyboard.press('Enter');
    await page.keyboard.type('1700000000');
    await h.screenshot(page, 'subscriber-pagination');
    // Back to a non-paginating operation: the settings hide.
    await typeOperation(page, 'GetCustomersCustomer');
    await page.keyboard.press('Escape');
    assert.strictEqual(await page.isVisible('#node-input-operationId'), true, 'Escape closes the list, not the dialog');
    await page.locator('#node-input-name').focus();
    assert.strictEqual(await page.isVisible('.stripe-pagination'), false);
    await typeOperation(page, 'GetCustomers');
    await page.keyboard.press('Escape');
    await page.locator('#node-input-name').focus();
    assert.strictEqual(await page.isVisible('.stripe-pagination'), true);
    await done(page);
    const node = await page.evaluate(() => {
      const n = RED.nodes.node('sub1');
      return {
        operationId: n.operationId,
        pagination: n.pagination,
        output: n.output,
        maxItems: n.maxItems,
        query: n.query,
      };
    });
    assert.strictEqual(node.operationId, 'GetCustomers');
    assert.strictEqual(node.pagination, true);
    assert.strictEqual(node.output, 'item');
    assert.strictEqual(Number(node.maxItems), 250);
    assert.deepStrictEqual(node.query, { email: '{{payload.email}}', 'created[gt]': '1700000000' });
  });

  it('subscriber: saves pagination off for a catalogued operation that does not paginate, keeps it for msg.operationId and raw GETs', async function () {
    async function chooseOperation(text) {
      await typeOperation(page, text);
      await page.keyboard.press('Escape');
      await page.locator('#node-input-name').focus();
    }
    const saved = () =>
      page.evaluate(() => {
        const n = RED.nodes.node('pag1');
        return { operationId: n.operationId, pagination: n.pagination, path: n.path };
      });
    await editNode(page, 'pag1');
    assert.strictEqual(await page.isVisible('.stripe-pagination'), true);
    await page.check('#node-input-pagination');
    await chooseOperation('GetCustomersCustomer');
    assert.strictEqual(await page.isVisible('.stripe-pagination'), false);
    assert.strictEqual(await page.isChecked('#node-input-pagination'), true, 'the hidden box is still ticked');
    await page
      .locator('.stripe-section[data-kind="path"] .stripe-row[data-name="customer"] .stripe-row-value')
      .fill('{{payload.id}}');
    await done(page);
    assert.deepStrictEqual(await saved(), {
      operationId: 'GetCustomersCustomer',
      pagination: false,
      path: { customer: '{{payload.id}}' },
    });
    // Empty (msg.operationId) and a raw GET may paginate: the choice stays.
    for (const ref of ['', 'GET /v1/new_things']) {
      await editNode(page, 'pag1');
      await chooseOperation(ref);
      assert.strictEqual(await page.isVisible('.stripe-pagination'), true, ref);
      await page.check('#node-input-pagination');
      await done(page);
      const n = await saved();
      assert.strictEqual(n.operationId, ref);
      assert.strictEqual(n.pagination, true, ref);
      await page.evaluate(() => (RED.nodes.node('pag1').pagination = false));
    }
  });

  it('publisher: offers POST and DELETE operations whatever its method; Enter on "delete customer" sets DELETE', async function () {
    await editNode(page, 'pub1');
    assert.strictEqual(await page.inputValue('#node-input-method'), 'POST');
    await typeOperation(page, 'refund a charge');
    let found = await suggestions(page);
    assert.ok(
      found.slice(0, 3).includes('PostChargesChargeRefund') || found.slice(0, 3).includes('PostRefunds'),
      found.join(),
    );
    await page.keyboard.press('Escape');
    // Both methods, each with its badge; the subscriber's GET never.
    await typeOperation(page, 'customer');
    const methods = new Set((await suggestionsWithMethod(page)).map((s) => s.split(' ')[1]));
    assert.deepStrictEqual([...methods].sort(), ['DELETE', 'POST']);
    await typeOperation(page, 'delete customer');
    found = await suggestions(page);
    assert.strictEqual(found[0], 'DeleteCustomersCustomer');
    assert.ok(
      found.every((id) => id.startsWith('Delete')),
      found.join(),
    );
    assert.strictEqual(await page.inputValue('#node-input-method'), 'POST', 'typing alone changes nothing');
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.inputValue('#node-input-method'), 'DELETE', 'choosing sets the method');
    assert.strictEqual(await page.isVisible('.stripe-op-problem'), false);
    const row = page.locator('.stripe-section[data-kind="path"] .stripe-row[data-name="customer"]');
    assert.strictEqual(await row.count(), 1);
    await row.locator('.stripe-row-value').fill('{{payload.customer}}');
    await h.screenshot(page, 'publisher-delete');
    await done(page);
    const node = await page.evaluate(() => {
      const n = RED.nodes.node('pub1');
      return { method: n.method, operationId: n.operationId, path: n.path, valid: n.valid };
    });
    assert.deepStrictEqual(node, {
      method: 'DELETE',
      operationId: 'DeleteCustomersCustomer',
      path: { customer: '{{payload.customer}}' },
      valid: true,
    });
  });

  it('publisher: body fields from the list and free bracket names; required fields as rows; saves and deploys', async function () {
    await editNode(page, 'pub1');
    await page.selectOption('#node-input-method', 'POST');
    // Changing the method marks the chosen DELETE operation.
    assert.match(await page.textContent('.stripe-op-info'), /method is POST/);
    await typeOperation(page, 'create price');
    const found = await suggestions(page);
    assert.strictEqual(found[0], 'PostPrices');
    await page.keyboard.press('Enter');
    // The operation's details arrive and the sections are drawn again: typing goes into the rows drawn then.
    await page.waitForSelector('.stripe-section[data-kind="payload"] .stripe-add-input');
    // PostPrices requires currency: its row is there, marked.
    const required = await page.$$eval('.stripe-section[data-kind="payload"] .stripe-row.stripe-required', (els) =>
      els.map((e) => e.getAttribute('data-name')),
    );
    assert.ok(required.includes('currency'), required.join());
    await page
      .locator('.stripe-section[data-kind="payload"] .stripe-row[data-name="currency"] .stripe-row-value')
      .fill('eur');
    await page.click('.stripe-section[data-kind="payload"] .stripe-add-input');
    await page.keyboard.type('unit amount');
    await page.waitForSelector('.stripe-dropdown:not(.stripe-picker) .stripe-dropdown-item.active');
    assert.match(
      await page.textContent('.stripe-dropdown:not(.stripe-picker) .stripe-dropdown-item.active'),
      /unit_amount/,
    );
    await page.keyboard.press('Enter');
    await page.keyboard.type('{{payload.amount}}');
    await page.click('.stripe-section[data-kind="payload"] .stripe-add-input');
    await page.keyboard.type('metadata[order]');
    await page.click('.stripe-section[data-kind="payload"] .stripe-add-button');
    await page.keyboard.type('{{payload.order}}');
    // A name that is not one is refused.
    await page.fill('.stripe-section[data-kind="payload"] .stripe-add-input', 'bad name!');
    await page.click('.stripe-section[data-kind="payload"] .stripe-add-button');
    assert.ok(
      await page.$eval('.stripe-section[data-kind="payload"] .stripe-add-input', (e) =>
        e.classList.contains('input-error'),
      ),
    );
    await page.fill('.stripe-section[data-kind="payload"] .stripe-add-input', '');
    await page.fill('#node-input-name', 'new price');
    await h.screenshot(page, 'publisher-dialog');
    await done(page);
    const node = await page.evaluate(() => {
      const n = RED.nodes.node('pub1');
      return {
        method: n.method,
        operationId: n.operationId,
        payload: n.payload,
        path: n.path,
        valid: n.valid,
        label: RED.utils.getNodeLabel(n),
      };
    });
    assert.deepStrictEqual(node, {
      method: 'POST',
      operationId: 'PostPrices',
      path: {},
      valid: true,
      label: 'new price',
      payload: { currency: 'eur', unit_amount: '{{payload.amount}}', 'metadata[order]': '{{payload.order}}' },
    });
    // Deploy and read back what the runtime got.
    await page.click('#red-ui-header-button-deploy');
    // The canvas holds the invalid fixtures on purpose: Node-RED asks before deploying them.
    await page.click('#red-ui-deploy-dialog-confirm-deploy-deploy');
    await page.waitForFunction(() => !RED.nodes.dirty());
    const flows = await h.getFlows(nr.url);
    const pub = flows.find((n) => n.id === 'pub1');
    const sub = flows.find((n) => n.id === 'sub1');
    assert.strictEqual(pub.operationId, 'PostPrices');
    assert.deepStrictEqual(pub.payload, node.payload);
    assert.strictEqual(sub.operationId, 'GetCustomers');
    assert.strictEqual(sub.pagination, true);
  });

  it('new publisher (POST): "delete customer" offers DeleteCustomersCustomer as DELETE; picking it sets DELETE; saved and deployed valid', async function () {
    const id = await addFromPalette(page, 'stripe-publisher', 260, 420);
    assert.strictEqual(await page.evaluate((n) => RED.nodes.node(n).method, id), 'POST', 'a new publisher is POST');
    await editNode(page, id);
    assert.strictEqual(await page.inputValue('#node-input-method'), 'POST');
    // Node-RED leaves a new node's client at "none": choose the one there is, as a user does.
    await page.selectOption('#node-input-client', 'cli1');
    await typeOperation(page, 'delete customer');
    const found = await suggestionsWithMethod(page);
    assert.strictEqual(found[0], 'DeleteCustomersCustomer DELETE', found.slice(0, 3).join());
    assert.strictEqual(
      await page.isVisible('.stripe-picker .stripe-dropdown-footer'),
      false,
      'no "No operation matches"',
    );
    assert.strictEqual(
      await page.textContent(
        '.stripe-picker .stripe-dropdown-item[data-index="0"] .stripe-method.stripe-method-delete',
      ),
      'DELETE',
    );
    await h.screenshot(page, 'publisher-new-delete-picker');
    await page.click('.stripe-picker .stripe-dropdown-item[data-index="0"]');
    assert.strictEqual(await page.inputValue('#node-input-operationId'), 'DeleteCustomersCustomer');
    assert.strictEqual(await page.inputValue('#node-input-method'), 'DELETE');
    assert.strictEqual(await page.isVisible('.stripe-op-problem'), false);
    assert.ok(!(await page.$eval('#node-input-operationId', (e) => e.classList.contains('input-error'))));
    await page
      .locator('.stripe-section[data-kind="path"] .stripe-row[data-name="customer"] .stripe-row-value')
      .fill('{{payload.id}}');
    await done(page);
    const node = await editorNode(page, id);
    assert.deepStrictEqual(node, {
      method: 'DELETE',
      operationId: 'DeleteCustomersCustomer',
      path: { customer: '{{payload.id}}' },
      client: 'cli1',
      valid: true,
      marked: false,
    });
    await deployFromEditor(page);
    const saved = (await h.getFlows(nr.url)).find((n) => n.id === id);
    assert.strictEqual(saved.operationId, 'DeleteCustomersCustomer');
    assert.strictEqual(saved.method, 'DELETE');
    assert.deepStrictEqual(saved.path, { customer: '{{payload.id}}' });
    newPublisher = id;
  });

  it('publisher: picking PostCustomers switches back to POST; a pasted id of the other method or a raw DELETE switches when confirmed', async function () {
    assert.ok(newPublisher, 'the new publisher of the test before');
    const id = newPublisher;
    await editNode(page, id);
    assert.strictEqual(await page.inputValue('#node-input-method'), 'DELETE');
    await typeOperation(page, 'create customer');
    const found = await suggestionsWithMethod(page);
    assert.strictEqual(found[0], 'PostCustomers POST');
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.inputValue('#node-input-method'), 'POST');
    assert.strictEqual(await page.isVisible('.stripe-op-problem'), false);
    // Pasted (no list choice), confirmed by leaving the field.
    await page.fill('#node-input-operationId', 'DeleteProductsId');
    await page.keyboard.press('Escape');
    await page.locator('#node-input-name').focus();
    assert.strictEqual(await page.inputValue('#node-input-method'), 'DELETE');
    // A method changed by hand after that stays the user's, and the mismatch is marked.
    await page.selectOption('#node-input-method', 'POST');
    assert.match(
      await page.textContent('.stripe-op-problem'),
      /DeleteProductsId is a DELETE operation but this node's method is POST/,
    );
    await page.locator('#node-input-operationId').focus();
    await page.locator('#node-input-name').focus();
    assert.strictEqual(
      await page.inputValue('#node-input-method'),
      'POST',
      'leaving the unchanged field does not undo it',
    );
    // A raw DELETE for an endpoint newer than the catalogue, offered although the method says POST.
    await typeOperation(page, 'DELETE /v1/brand_new_things/{thing}');
    const raw = await suggestionsWithMethod(page);
    assert.match(raw[0], /not in the catalogue.* DELETE$/);
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.inputValue('#node-input-method'), 'DELETE');
    assert.strictEqual(await page.isVisible('.stripe-op-problem'), false);
    await page
      .locator('.stripe-section[data-kind="path"] .stripe-row[data-name="thing"] .stripe-row-value')
      .fill('{{payload.id}}');
    // Typed and Done at once (the field never left): the method still follows.
    await page.fill('#node-input-operationId', 'PostCustomers');
    // Done while the focus stays in the field: no blur, no change event before the dialog saves.
    await page.evaluate(() => $('#node-dialog-ok').trigger('click'));
    await page.waitForSelector('#node-input-operationId', { state: 'detached' });
    const node = await editorNode(page, id);
    assert.strictEqual(node.operationId, 'PostCustomers');
    assert.strictEqual(node.method, 'POST');
    assert.strictEqual(node.valid, true);
    assert.strictEqual(node.marked, false);
    await deployFromEditor(page);
    const saved = (await h.getFlows(nr.url)).find((n) => n.id === id);
    assert.strictEqual(saved.operationId, 'PostCustomers');
    assert.strictEqual(saved.method, 'POST');
  });

  it('accepts a raw METHOD /v1/path and shows rows for its path parameters', async function () {
    await editNode(page, 'sub1');
    await typeOperation(page, 'GET /v1/brand_new/{thing}/parts');
    const found = await suggestions(page);
    assert.match(found[0], /not in the catalogue/);
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.inputValue('#node-input-operationId'), 'GET /v1/brand_new/{thing}/parts');
    assert.strictEqual(
      await page.locator('.stripe-section[data-kind="path"] .stripe-row[data-name="thing"]').count(),
      1,
    );
    assert.strictEqual(await page.isVisible('.stripe-op-problem'), false);
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-operationId', { state: 'detached' });
    assert.strictEqual(
      await page.evaluate(() => RED.nodes.node('sub1').operationId),
      'GetCustomers',
      'cancel keeps the node',
    );
  });
});
