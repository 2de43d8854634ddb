'use strict';
// Text from Stripe, the catalogue and error messages is shown as text, never read as markup: an
// operation's description, a parameter's name and description, an operationId typed into the field
// and an error from Test connection, each carrying an <img onerror> that would record it ran.
const assert = require('assert');
const h = require('./harness');

const FLOWS = [
  { id: 'tab1', type: 'tab', label: 'Stripe' },
  { id: 'cli1', type: 'stripe-client', name: '', baseUri: 'http://127.0.0.1:9', credentials: { apiKey: 'sk_test_x1' } },
  {
    id: 'sub1',
    type: 'stripe-subscriber',
    z: 'tab1',
    x: 220,
    y: 80,
    client: 'cli1',
    operationId: '',
    path: {},
    query: {},
    wires: [[]],
  },
];

/** Markup that records `where` in window.ranMarkup if a browser ever parses it. */
const evil = (where) => `<img src=x onerror="window.ranMarkup.push('${where}')">`;

/** An operation whose every text from the catalogue carries markup. */
const EVIL_OPERATION = {
  id: 'GetEvilThingsThing',
  method: 'GET',
  path: '/v1/evil_things/{thing}',
  description: `Retrieves an evil thing ${evil('description')}`,
  pathParams: [{ name: 'thing', required: true, description: `The thing ${evil('path description')}` }],
  queryParams: [{ name: `evil${evil('parameter name')}`, description: `An evil filter ${evil('query description')}` }],
};

describe('editor (browser): text is never markup', function () {
  this.timeout(120000);
  let nr;
  let browser;
  let page;
  let errors;

  before(async function () {
    nr = await h.startNodeRed();
    await h.deploy(nr.url, FLOWS);
    browser = await h.launchBrowser();
    ({ page, errors } = await h.openEditor(browser.context, nr.url));
    // Its details, as GET stripe/catalogue/operations/:id would serve them, carry the same markup.
    await page.route('**/stripe/catalogue/operations/GetEvilThingsThing', (route) =>
      route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(EVIL_OPERATION) }),
    );
    await page.evaluate(async (op) => {
      window.ranMarkup = [];
      const cat = await NRStripeEditor.loadCatalogue();
      NRStripeEditor.setCatalogue({ ...cat, operations: [...cat.operations, op] });
    }, EVIL_OPERATION);
  });

  after(async function () {
    if (browser) await browser.close();
    if (nr) await nr.stop();
  });

  /** What ran, after giving every <img> time to fail to load. */
  async function ran() {
    await page.waitForTimeout(500);
    return page.evaluate(() => window.ranMarkup);
  }

  const imagesIn = (selector) => page.$$eval(`${selector} img`, (els) => els.length);

  it('operation and parameter texts from the catalogue, and a typed operationId, show as text', async function () {
    await h.openDialog(page, { node: 'sub1' }, '#node-input-operationId');
    await page.click('#node-input-operationId');
    await page.keyboard.type('evil things');
    await page.waitForSelector('.stripe-picker .stripe-dropdown-item');
    assert.match(await page.textContent('.stripe-picker .stripe-dropdown-item.active'), /<img src=x onerror=/);
    await page.keyboard.press('Enter');
    assert.match(await page.textContent('.stripe-op-info .stripe-op-desc'), /Retrieves an evil thing <img src=x/);
    const pathRow = '.stripe-section[data-kind="path"] .stripe-row[data-name="thing"] .stripe-row-desc';
    assert.match(await page.textContent(pathRow), /The thing <img src=x/);
    // The add field's list: the parameter's name and description.
    await page.click('.stripe-section[data-kind="query"] .stripe-add-input');
    await page.keyboard.type('evil filter');
    await page.waitForSelector('.stripe-dropdown:not(.stripe-picker) .stripe-dropdown-item.active');
    const offered = await page.textContent('.stripe-dropdown:not(.stripe-picker) .stripe-dropdown-item.active');
    assert.match(offered, /evil<img src=x onerror=.*parameter name/);
    assert.match(offered, /An evil filter <img src=x/);
    // Not a parameter name the node can send: refused, and said so in the field's tooltip.
    await page.keyboard.press('Enter');
    assert.match(
      await page.getAttribute('.stripe-section[data-kind="query"] .stripe-add-input', 'title'),
      /<img src=x/,
    );
    // An operationId typed by hand comes back in the "unknown operation" message.
    await page.fill('#node-input-operationId', evil('typed operationId'));
    await page.locator('#node-input-name').focus();
    assert.match(await page.textContent('.stripe-op-problem'), /Unknown operation "<img src=x onerror=/);
    assert.strictEqual(await imagesIn('.stripe-op-details'), 0);
    assert.strictEqual(await imagesIn('.stripe-dropdown'), 0);
    assert.deepStrictEqual(await ran(), []);
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-operationId', { state: 'detached' });
  });

  it('an error message from Test connection shows as text', async function () {
    await page.route('**/stripe/test-connection', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: evil('error') }),
      }),
    );
    await h.openDialog(page, { config: 'stripe-client', id: 'cli1' }, '#stripe-test-connection');
    await page.click('#stripe-test-connection');
    await page.waitForSelector('#stripe-test-result.stripe-test-fail');
    assert.match(await page.textContent('#stripe-test-result'), /Failed: <img src=x onerror=/);
    assert.strictEqual(await imagesIn('#stripe-test-result'), 0);
    assert.deepStrictEqual(await ran(), []);
    await page.click('#node-config-dialog-cancel');
    await page.unroute('**/stripe/test-connection');
  });

  it('no errors in the browser console', function () {
    assert.deepStrictEqual(errors, []);
  });
});
