'use strict';
// The event nodes' dialogs in the editor (Chromium): the type picker finds payment_intent.succeeded
// for "payment succeeded", the choice is saved; a memory store is warned of; the webhook dialog's
// endpoint buttons create the endpoint in the offline stand-in and put its secret in the dialog.
const assert = require('assert');
const h = require('./harness');

describe('editor (browser): stripe-webhook and stripe-events dialogs', function () {
  this.timeout(120000);
  let mock;
  let nr;
  let browser;
  let page;
  let errors;

  before(async function () {
    mock = await h.startMock();
    nr = await h.startNodeRed();
    await h.deploy(nr.url, [
      { id: 'tab1', type: 'tab', label: 'Events' },
      {
        id: 'cli1',
        type: 'stripe-client',
        name: 'mock',
        baseUri: mock.url,
        credentials: { apiKey: 'sk_test_dialogs' },
      },
      {
        id: 'wh1',
        type: 'stripe-webhook',
        z: 'tab1',
        x: 200,
        y: 80,
        client: 'cli1',
        url: '/stripe/events',
        events: ['*'],
        wires: [[]],
      },
      {
        id: 'ev1',
        type: 'stripe-events',
        z: 'tab1',
        x: 200,
        y: 160,
        client: 'cli1',
        events: ['invoice.*'],
        wires: [[]],
      },
    ]);
    browser = await h.launchBrowser();
    ({ page, errors } = await h.openEditor(browser.context, nr.url, { flowType: 'stripe-webhook' }));
  });

  after(async function () {
    if (browser) await browser.close();
    if (nr) await nr.stop();
    if (mock) await mock.close();
  });

  async function open(id) {
    await h.openDialog(page, { node: id }, '.stripe-event-search');
  }

  it('finds payment_intent.succeeded by typing "payment succeeded", and saves the choice', async function () {
    await open('wh1');
    assert.deepStrictEqual(await page.$$eval('.stripe-event-chip code', (els) => els.map((e) => e.textContent)), ['*']);
    await page.click('.stripe-event-search');
    await page.keyboard.type('payment succeeded');
    await page.waitForSelector('.stripe-event-dropdown .stripe-dropdown-item.active');
    assert.strictEqual(
      (await page.textContent('.stripe-event-dropdown .stripe-dropdown-item.active')).trim(),
      'payment_intent.succeeded',
    );
    await page.keyboard.press('Enter');
    await page.click('.stripe-event-search');
    await page.keyboard.type('invoice');
    await page.waitForSelector('.stripe-event-dropdown .stripe-dropdown-item.active');
    const group = page.locator('.stripe-event-dropdown .stripe-dropdown-item', { hasText: 'invoice.*' }).first();
    await group.dispatchEvent('mousedown');
    assert.deepStrictEqual(await page.$$eval('.stripe-event-chip code', (els) => els.map((e) => e.textContent)), [
      'payment_intent.succeeded',
      'invoice.*',
    ]);
    await page.click('#node-dialog-ok');
    await page.waitForSelector('.stripe-event-search', { state: 'detached' });
    assert.deepStrictEqual(await page.evaluate(() => RED.nodes.node('wh1').events), [
      'payment_intent.succeeded',
      'invoice.*',
    ]);
  });

  it('warns that the default store (memory here) forgets on a restart', async function () {
    await open('ev1');
    await page.waitForSelector('.stripe-store-memory', { state: 'visible' });
    assert.match(await page.textContent('.stripe-store-memory'), /memory/);
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('.stripe-event-search', { state: 'detached' });
  });

  it("an invalid type or tolerance marks the node invalid, with the rules' message", async function () {
    const problems = await page.evaluate(() => {
      const def = RED.nodes.getType('stripe-webhook').defaults;
      const node = RED.nodes.node('wh1');
      return [def.events.validate.call(node, ['Invoice Paid'], {}), def.tolerance.validate.call(node, 0, {})];
    });
    assert.match(problems[0], /is not an event type/);
    assert.match(problems[1], /Tolerance must be/);
  });

  it('creates the endpoint in Stripe (the stand-in) from the dialog and fills in its signing secret', async function () {
    await open('wh1');
    await page.fill('#node-input-publicUrl', 'https://shop.example/stripe/events');
    await page.click('.stripe-endpoint button:has-text("Create")');
    await page.waitForSelector('.stripe-endpoint-result.stripe-test-ok');
    assert.match(await page.textContent('.stripe-endpoint-result'), /created/);
    assert.match(await page.inputValue('#node-input-secret'), /^whsec_/);
    await page.click('.stripe-endpoint button:has-text("Create")');
    await page.waitForFunction(() => /updated/.test($('.stripe-endpoint-result').text()));
    const list = await (
      await fetch(`${mock.url}/v1/webhook_endpoints`, { headers: { authorization: 'Bearer sk_test_dialogs' } })
    ).json();
    assert.strictEqual(list.data.length, 1);
    assert.deepStrictEqual(list.data[0].enabled_events, ['payment_intent.succeeded', 'invoice.*']);
    await page.click('.stripe-endpoint button:has-text("Delete")');
    await page.waitForFunction(() => /deleted/.test($('.stripe-endpoint-result').text()));
    await page.click('#node-dialog-cancel');
  });

  it('no errors in the browser console', function () {
    assert.deepStrictEqual(errors, []);
  });
});
