'use strict';
// Browser tests of the current API in the dialogs (issue 17): the picker finds the operations added
// since 2024-04-10, a legacy operation shows its note and the version warning, the add-field list
// offers nested names with their enum values, the client dialog offers the API versions and a new
// client starts on the catalogue's, and the webhook node's type search knows today's event types.
// A real Node-RED with this package, headless Chromium, stripe-stateful-mock behind the clients.
const assert = require('assert');
const h = require('./harness');

const CURRENT = '2026-10-28.endive';

const client = (id, name, mockUrl, apiVersion) => ({
  id,
  type: 'stripe-client',
  name,
  baseUri: mockUrl,
  apiVersion,
  stripeAccount: '',
  logging: false,
  timeout: 80,
  maxRetries: 2,
  rateLimit: 0,
  credentials: { apiKey: 'sk_test_currentApi123' },
});

const operationNode = (id, type, y, clientId, operationId, extra = {}) => ({
  id,
  type,
  z: 'tab1',
  x: 240,
  y,
  name: '',
  client: clientId,
  operationId,
  path: {},
  query: {},
  ...(type === 'stripe-publisher' ? { method: 'POST', payload: {} } : { pagination: false, output: 'all' }),
  wires: [[]],
  ...extra,
});

const FLOWS = (mockUrl) => [
  { id: 'tab1', type: 'tab', label: 'Current API' },
  client('cliNow', 'current', mockUrl, CURRENT),
  client('cliOld', 'pinned 2024', mockUrl, '2024-04-10'),
  operationNode('pub1', 'stripe-publisher', 80, 'cliNow', ''),
  operationNode('sub1', 'stripe-subscriber', 160, 'cliNow', ''),
  operationNode('legacy1', 'stripe-subscriber', 240, 'cliNow', 'GetInvoicesUpcoming', {
    query: { customer: '{{payload.customer}}' },
  }),
  {
    id: 'wh1',
    type: 'stripe-webhook',
    z: 'tab1',
    x: 240,
    y: 320,
    name: '',
    client: '',
    url: '/stripe/current-api',
    events: ['*'],
    tolerance: 300,
    store: '',
    livemode: 'any',
    account: '',
    publicUrl: '',
    wires: [[]],
  },
];

async function editNode(page, id) {
  await h.openDialog(page, { node: id }, '#node-input-operationId');
  await page.waitForFunction(() => !!NRStripeEditor.catalogue());
}

async function cancel(page) {
  await page.click('#node-dialog-cancel');
  await page.waitForSelector('#node-input-operationId', { state: 'detached' });
}

async function typeOperation(page, text) {
  await page.fill('#node-input-operationId', '');
  await page.click('#node-input-operationId');
  await page.keyboard.type(text);
  await page.waitForSelector('.stripe-picker .stripe-dropdown-item');
  return page.$$eval('.stripe-picker .stripe-dropdown-item .stripe-item-id', (els) => els.map((e) => e.textContent));
}

const ADD = '.stripe-section[data-kind="payload"] .stripe-add-input';
const ADD_LIST = '.stripe-dropdown:not(.stripe-picker):not(.stripe-value-choices):visible';

describe('editor (browser): the current API', function () {
  this.timeout(120000);
  let mock;
  let nr;
  let browser;
  let page;
  let errors;
  const detailRequests = [];

  before(async function () {
    mock = await h.startMock();
    nr = await h.startNodeRed();
    await h.deploy(nr.url, FLOWS(mock.url));
    browser = await h.launchBrowser();
    ({ page, errors } = await h.openEditor(browser.context, nr.url));
    page.on('request', (r) => {
      const m = /\/stripe\/catalogue\/operations\/([^/?]+)/.exec(r.url());
      if (m) detailRequests.push(m[1]);
    });
  });

  afterEach(async function () {
    if (!page) return;
    for (const id of ['#node-config-dialog-cancel', '#node-dialog-cancel']) {
      if (await page.isVisible(id)) {
        await page.click(id);
        await page.waitForTimeout(400);
      }
    }
  });

  after(async function () {
    if (browser) await browser.close();
    if (nr) await nr.stop();
    if (mock) await mock.close();
  });

  it('"credit grant" finds PostBillingCreditGrants; "update checkout session" finds PostCheckoutSessionsSession', async function () {
    await editNode(page, 'pub1');
    let found = await typeOperation(page, 'credit grant');
    assert.strictEqual(found[0], 'PostBillingCreditGrants', found.join());
    found = await typeOperation(page, 'update checkout session');
    assert.strictEqual(found[0], 'PostCheckoutSessionsSession', found.join());
    await cancel(page);
  });

  it('the add-field list of PostCheckoutSessions offers line_items[0][price_data][currency], its enum values as choices; details fetched once', async function () {
    await editNode(page, 'pub1');
    await typeOperation(page, 'PostCheckoutSessions');
    await page.keyboard.press('Enter');
    await page.waitForSelector(ADD, { state: 'visible' });
    await page.click(ADD);
    await page.keyboard.type('price data currency');
    await page.waitForSelector(`${ADD_LIST} .stripe-dropdown-item.active`);
    const offered = await page.$$eval(`${ADD_LIST} .stripe-dropdown-item .stripe-item-id`, (els) =>
      els.map((e) => e.textContent),
    );
    assert.ok(offered.includes('line_items[0][price_data][currency]'), offered.join());
    const item = page.locator(`${ADD_LIST} .stripe-dropdown-item`, { hasText: 'line_items[0][price_data][currency]' });
    const text = await item.first().textContent();
    assert.match(text, /string/);
    assert.match(text, /required in line_items\[0\]\[price_data\]/);
    // Three levels and more, hundreds of names: the list shows the first and says how many more.
    await page.fill(ADD, '');
    await page.waitForSelector(`${ADD_LIST} .stripe-dropdown-footer`);
    assert.match(await page.textContent(`${ADD_LIST} .stripe-dropdown-footer`), /more of \d+/);
    await page.fill(ADD, '');
    await page.keyboard.type('line_items[0][price_data][recurring]');
    await page.waitForSelector(`${ADD_LIST} .stripe-dropdown-item.active`);
    await h.screenshot(page, 'add-field-nested');
    // mode: its values are offered as the value is typed, any text stays possible.
    await page.fill(ADD, '');
    await page.keyboard.type('mode');
    await page.waitForSelector(`${ADD_LIST} .stripe-dropdown-item.active`);
    assert.strictEqual(await page.textContent(`${ADD_LIST} .stripe-dropdown-item.active .stripe-item-id`), 'mode');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.stripe-value-choices .stripe-dropdown-item', { state: 'visible' });
    assert.deepStrictEqual(
      await page.$$eval('.stripe-value-choices .stripe-dropdown-item', (els) => els.map((e) => e.textContent)),
      ['payment', 'setup', 'subscription'],
    );
    await page.keyboard.type('sub');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const row = '.stripe-section[data-kind="payload"] .stripe-row[data-name="mode"] .stripe-row-value';
    assert.strictEqual(await page.inputValue(row), 'subscription');
    await page.fill(row, '{{payload.mode}}');
    assert.strictEqual(await page.inputValue(row), '{{payload.mode}}');
    await cancel(page);
    // Chosen again: the details are not fetched again.
    await editNode(page, 'pub1');
    await typeOperation(page, 'PostCheckoutSessions');
    await page.keyboard.press('Enter');
    await page.waitForSelector(ADD, { state: 'visible' });
    assert.deepStrictEqual(
      detailRequests.filter((id) => id === 'PostCheckoutSessions'),
      ['PostCheckoutSessions'],
    );
    await cancel(page);
  });

  it('a legacy operation is listed after current ones, marked, with its note and the version warning', async function () {
    await editNode(page, 'sub1');
    const found = await typeOperation(page, 'upcoming invoice');
    const legacy = await page.$$eval('.stripe-picker .stripe-dropdown-item', (els) =>
      els.map((e) => !!e.querySelector('.stripe-badge-legacy')),
    );
    const at = found.indexOf('GetInvoicesUpcoming');
    assert.ok(at >= 0, found.join());
    const first = legacy.indexOf(true);
    assert.ok(first >= 0 && at >= first && legacy.slice(first).every(Boolean), 'legacy ones after the current ones');
    const note = await page
      .locator('.stripe-picker .stripe-dropdown-item', { hasText: 'GetInvoicesUpcoming' })
      .first()
      .textContent();
    assert.match(note, /removed in API version 2025-03-31\.basil; use PostInvoicesCreatePreview/);
    await h.screenshot(page, 'legacy-picker');
    await cancel(page);
    await editNode(page, 'legacy1');
    await page.waitForSelector('.stripe-op-legacy');
    assert.match(await page.textContent('.stripe-op-legacy'), /removed in API version 2025-03-31\.basil/);
    await page.waitForSelector('.stripe-op-version');
    assert.match(
      await page.textContent('.stripe-op-version'),
      new RegExp(
        `does not exist in API version ${CURRENT.replace('.', '\\.')}.*removed in 2025-03-31\\.basil, use PostInvoicesCreatePreview`,
      ),
    );
    // The saved query row stays (the dialog opened with it).
    await page.waitForSelector('.stripe-section[data-kind="query"] .stripe-row[data-name="customer"]');
    await h.screenshot(page, 'legacy-note');
    // On the client pinned to 2024-04-10 it exists: no warning; an operation added since is warned of.
    await page.selectOption('#node-input-client', 'cliOld');
    await page.waitForSelector('.stripe-op-version', { state: 'detached' });
    await typeOperation(page, 'GetBillingCreditGrants');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.stripe-op-version');
    assert.match(await page.textContent('.stripe-op-version'), /not in 2024-04-10 .*added later/);
    assert.ok(!(await page.isVisible('.stripe-op-problem')), 'a warning, not a refusal');
    await cancel(page);
  });

  it("the client dialog offers the versions newest first and the account's default; a new client starts on 2026-10-28.endive", async function () {
    await h.openDialog(page, { config: 'stripe-client', id: '_ADD_' }, '#node-config-input-apiVersion');
    assert.strictEqual(await page.inputValue('#node-config-input-apiVersion'), CURRENT);
    await page.click('#node-config-input-apiVersion');
    await page.waitForSelector('.stripe-version-choices .stripe-dropdown-item', { state: 'visible' });
    const offered = await page.$$eval('.stripe-version-choices .stripe-dropdown-item', (els) =>
      els.map((e) => e.textContent),
    );
    assert.match(offered[0], new RegExp(`^${CURRENT.replace('.', '\\.')}`));
    assert.ok(offered.some((t) => /^2024-04-10/.test(t)));
    assert.ok(offered.some((t) => /^2025-03-31\.basil/.test(t)));
    assert.match(offered[offered.length - 1], /account's default/);
    await h.screenshot(page, 'client-versions');
    // The account's default is the empty value; other text stays possible.
    await page
      .locator('.stripe-version-choices .stripe-dropdown-item', { hasText: "account's default" })
      .dispatchEvent('mousedown');
    assert.strictEqual(await page.inputValue('#node-config-input-apiVersion'), '');
    await page.fill('#node-config-input-apiVersion', '2023-10-16');
    await page.keyboard.press('Enter');
    assert.strictEqual(await page.inputValue('#node-config-input-apiVersion'), '2023-10-16');
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-input-apiVersion', { state: 'detached' });
    // A saved client keeps its version.
    await h.openDialog(page, { config: 'stripe-client', id: 'cliOld' }, '#node-config-input-apiVersion');
    assert.strictEqual(await page.inputValue('#node-config-input-apiVersion'), '2024-04-10');
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-input-apiVersion', { state: 'detached' });
  });

  it('"meter" in the webhook node\'s event search finds billing.meter.created', async function () {
    await h.openDialog(page, { node: 'wh1' }, '.stripe-event-search');
    await page.click('.stripe-event-search');
    await page.keyboard.type('meter');
    await page.waitForSelector('.stripe-event-dropdown .stripe-dropdown-item.active');
    const types = await page.$$eval('.stripe-event-dropdown .stripe-dropdown-item code', (els) =>
      els.map((e) => e.textContent),
    );
    assert.ok(types.includes('billing.meter.created'), types.join());
    assert.ok(
      types.some((t) => t.startsWith('v1.billing.meter.')),
      'thin event types too',
    );
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('.stripe-event-search', { state: 'detached' });
  });

  it('no errors in the browser console', function () {
    assert.deepStrictEqual(errors, []);
  });
});
