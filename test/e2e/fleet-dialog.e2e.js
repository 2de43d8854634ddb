'use strict';
// The stripe-fleet dialog in the browser: Test against a real redis-server on loopback shows Redis's
// version, the round trip and the instances alive (this Node-RED's deployed fleet: 1), or one line
// for a port where nothing listens; the client dialog offers the fleet; a webhook saved before the
// fleet existed opens and saves unchanged but for `fleet: ''`. Screenshot: screenshots/fleet-dialog.png.
const assert = require('assert');
const h = require('./harness');
const { RedisServer } = require('../../scripts/redis-server');

describe('editor (browser): the stripe-fleet dialog', function () {
  this.timeout(120000);
  let redis;
  let nr;
  let browser;
  let page;
  let errors;

  before(async function () {
    redis = await RedisServer.start();
    nr = await h.startNodeRed();
    await h.deploy(nr.url, [
      { id: 'tab1', type: 'tab', label: 'fleet' },
      { id: 'f1', type: 'stripe-fleet', name: '', url: redis.url, prefix: 'stripe' },
      // Saved before the fleet existed: no `fleet` property.
      { id: 'c1', type: 'stripe-client', name: 'stripe', baseUri: 'http://127.0.0.1:9', apiVersion: '' },
      {
        id: 'sub1',
        type: 'stripe-subscriber',
        z: 'tab1',
        x: 200,
        y: 60,
        client: 'c1',
        operationId: 'GetBalance',
        path: {},
        query: {},
        wires: [[]],
      },
      {
        id: 'w1',
        type: 'stripe-webhook',
        z: 'tab1',
        x: 200,
        y: 120,
        name: '',
        client: '',
        url: '/stripe/old',
        events: ['invoice.paid'],
        tolerance: 300,
        store: '',
        livemode: 'any',
        account: '',
        publicUrl: '',
        wires: [[]],
      },
    ]);
    browser = await h.launchBrowser();
    ({ page, errors } = await h.openEditor(browser.context, nr.url));
  });
  after(async function () {
    if (browser) await browser.close();
    if (nr) await nr.stop();
    if (redis) await redis.stop();
  });

  it("Test shows Redis's version, the round trip and the instances alive, or the error in one line", async function () {
    await h.openDialog(page, { config: 'stripe-fleet', id: 'f1' }, '#node-config-input-url');
    assert.strictEqual(await page.inputValue('#node-config-input-url'), redis.url);
    assert.strictEqual(await page.inputValue('#node-config-input-prefix'), 'stripe');
    await page.click('#stripe-fleet-test');
    await page.waitForSelector('#stripe-fleet-test-result.stripe-test-ok, #stripe-fleet-test-result.stripe-test-fail');
    const ok = await page.textContent('#stripe-fleet-test-result');
    const m = /Redis (\d+\.\d+\.\d+) · round trip ([\d.]+) ms · (\d+) instances? of this fleet alive/.exec(ok);
    assert.ok(m, ok);
    assert.strictEqual(m[3], '1', `this Node-RED's deployed fleet is alive: ${ok}`);
    assert.match(ok, / 1 instance of this fleet alive$/);
    await h.screenshot(page, 'fleet-dialog');
    // A Redis that is not there: one line, and changing the settings clears the last result first.
    await page.fill('#node-config-input-url', 'redis://127.0.0.1:9');
    assert.strictEqual(await page.textContent('#stripe-fleet-test-result'), '');
    await page.click('#stripe-fleet-test');
    await page.waitForSelector('#stripe-fleet-test-result.stripe-test-fail');
    const failed = await page.textContent('#stripe-fleet-test-result');
    assert.match(failed, /^\s*Failed: .*127\.0\.0\.1:9/, failed);
    // ${REDIS_URL} is taken as a value (the runtime resolves it), not refused.
    await page.fill('#node-config-input-url', '${REDIS_URL}');
    await page.press('#node-config-input-url', 'End');
    assert.strictEqual(await page.$eval('#node-config-input-url', (e) => e.classList.contains('input-error')), false);
    await page.fill('#node-config-input-url', 'http://127.0.0.1:6379');
    await page.press('#node-config-input-url', 'End');
    assert.strictEqual(await page.$eval('#node-config-input-url', (e) => e.classList.contains('input-error')), true);
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-input-url', { state: 'detached' });
  });

  it('the client dialog offers the fleet, with its tip; a webhook saved before the fleet saves unchanged', async function () {
    await h.openDialog(page, { config: 'stripe-client', id: 'c1' }, '#node-config-input-fleet');
    const options = await page.$$eval('#node-config-input-fleet option', (os) => os.map((o) => o.value));
    assert.ok(options.includes('f1'), JSON.stringify(options));
    assert.strictEqual(await page.inputValue('#node-config-input-fleet'), '_ADD_', 'none chosen');
    assert.match(await page.textContent('.red-ui-tray:last-child .stripe-fleet-tip'), /rate budget is shared/);
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-input-fleet', { state: 'detached' });

    // As the flow file holds it (credentials are saved apart).
    const before = await page.evaluate(() => RED.nodes.convertNode(RED.nodes.node('w1'), false));
    assert.strictEqual(before.fleet, undefined, 'as it was saved');
    await h.openDialog(page, { node: 'w1' }, '#node-input-fleet');
    assert.match(
      await page.textContent('.red-ui-tray:last-child .stripe-fleet-tip'),
      /each event once across the fleet/,
    );
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-fleet', { state: 'detached' });
    const after = await page.evaluate(() => RED.nodes.convertNode(RED.nodes.node('w1'), false));
    assert.deepStrictEqual(after, { ...before, fleet: '' });
    // The route answers a failed test with 400, which Chromium notes in the console; nothing else may be there.
    assert.deepStrictEqual(
      errors.filter((e) => !/status of 400 \(Bad Request\)/.test(e)),
      [],
    );
  });
});
