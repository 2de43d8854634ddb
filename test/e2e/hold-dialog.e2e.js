'use strict';
// The publisher's dialog in the browser: the Offline choice with its one-line tip; Hold up to and
// Hold at most shown only with hold; what is chosen is saved on the node. A screenshot goes to
// screenshots/publisher-hold.png.
const assert = require('assert');
const { startMock, startNodeRed, deploy, launchBrowser, openEditor, openDialog, screenshot } = require('./harness');

describe('the publisher dialog: offline hold', function () {
  this.timeout(120000);
  let mock;
  let nr;
  let browser;
  before(async () => {
    mock = await startMock();
    nr = await startNodeRed();
    await deploy(nr.url, [
      { id: 't1', type: 'tab', label: 'hold' },
      {
        id: 'c1',
        type: 'stripe-client',
        name: 'stripe',
        baseUri: mock.url,
        apiVersion: '',
        credentials: { apiKey: 'sk_test_holdDialog42' },
      },
      {
        id: 'sub1',
        type: 'stripe-subscriber',
        z: 't1',
        x: 200,
        y: 60,
        client: 'c1',
        operationId: 'GetBalance',
        path: {},
        query: {},
        wires: [[]],
      },
      {
        id: 'pub1',
        type: 'stripe-publisher',
        z: 't1',
        x: 200,
        y: 120,
        client: 'c1',
        method: 'POST',
        operationId: 'PostCustomers',
        path: {},
        query: {},
        payload: {},
        wires: [[]],
      },
    ]);
    browser = await launchBrowser();
  });
  after(async () => {
    if (browser) await browser.close();
    if (nr) await nr.stop();
    if (mock) await mock.close();
  });

  it('fail by default; hold shows its three settings and the tip; the choice is saved', async () => {
    const { page, errors } = await openEditor(browser.context, nr.url);
    await openDialog(page, { node: 'pub1' }, '#node-input-offline');
    assert.strictEqual(await page.inputValue('#node-input-offline'), 'fail');
    assert.strictEqual(await page.isVisible('#node-input-holdHours'), false);
    const tip = await page.evaluate(() => $('.red-ui-tray:last .form-tips').text());
    assert.match(tip, /Hold writes each message to disk first/);
    await page.selectOption('#node-input-offline', 'hold');
    assert.strictEqual(await page.isVisible('#node-input-holdHours'), true);
    assert.strictEqual(await page.inputValue('#node-input-holdHours'), '72');
    assert.strictEqual(await page.inputValue('#node-input-holdMax'), '10000');
    assert.strictEqual(await page.inputValue('#node-input-holdAtOnce'), '1');
    await page.fill('#node-input-holdHours', '48');
    await page.fill('#node-input-holdAtOnce', '16');
    await screenshot(page, 'publisher-hold');
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-offline', { state: 'detached' });
    const saved = await page.evaluate(() => {
      const n = RED.nodes.node('pub1');
      return {
        offline: n.offline,
        holdHours: n.holdHours,
        holdMax: n.holdMax,
        holdAtOnce: n.holdAtOnce,
        valid: n.valid,
      };
    });
    assert.deepStrictEqual(saved, {
      offline: 'hold',
      holdHours: '48',
      holdMax: '10000',
      holdAtOnce: '16',
      valid: true,
    });
    assert.deepStrictEqual(errors, []);
  });
});
