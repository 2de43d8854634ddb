'use strict';
// Browser tests of the stripe-client config node's dialog (test/helpers/editor-page.js): the base URI
// messages, the test/live key indicator, and Test connection against stripe-stateful-mock.
const assert = require('assert');
const h = require('./harness');
const BASE_URIS = require('../tables/base-uris');
const { editorSession, editNode, CLIENT_EDIT } = require('../helpers/editor-page');

describe('editor (browser): the stripe-client dialog', function () {
  this.timeout(120000);
  let page;
  editorSession((s) => ({ page } = s));

  it('config node: base URI messages in the dialog, and the field marked as the user types', async function () {
    // Every row of the rule tables, dialog against runtime: test/e2e/rule-tables.e2e.js.
    const dialog = await page.evaluate(
      (values) => {
        const validate = NRStripeEditor.clientDefaults().baseUri.validate;
        return values.map((v) => ({ message: validate.call({}, v, {}) }));
      },
      BASE_URIS.map(([v]) => v),
    );
    const message = (v) => dialog[BASE_URIS.findIndex(([u]) => u === v)].message;
    assert.match(message('http://example.com'), /plain http/);
    assert.match(message('https://user:pw@x.com'), /user name or password/);
    assert.match(message('https://x.com/?a=1'), /query or fragment/);
    assert.match(message('ftp://x'), /must use https/);
    assert.match(message('not-a-url'), /not a URL/);
    // In the dialog: the field is marked as the user types.
    await editNode(page, 'sub1');
    await page.click(CLIENT_EDIT);
    await page.waitForSelector('#node-config-input-baseUri', { state: 'visible' });
    await h.trayReady(page);
    const marked = async (v) => {
      await page.fill('#node-config-input-baseUri', v);
      await page.press('#node-config-input-baseUri', 'End'); // Node-RED validates on keyup
      return page.$eval('#node-config-input-baseUri', (e) => e.classList.contains('input-error'));
    };
    assert.strictEqual(await marked('http://example.com'), true);
    await page.hover('#node-config-input-baseUri');
    await page.waitForSelector('.red-ui-popover:has-text("plain http")', { state: 'visible' });
    await h.screenshot(page, 'client-dialog-base-uri');
    await page.mouse.move(5, 5);
    assert.strictEqual(await marked('http://localhost:12111'), false);
    assert.strictEqual(await marked('https://x.com/?a=1'), true);
    assert.strictEqual(await marked('https://api.stripe.com'), false);
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-input-baseUri', { state: 'detached' });
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-operationId', { state: 'detached' });
  });

  it('config node: test/live key indicator, live warning, Test connection against the stand-in and with a bad key', async function () {
    await editNode(page, 'sub1');
    await page.click(CLIENT_EDIT);
    await page.waitForSelector('#node-config-input-apiKey', { state: 'visible' });
    await h.trayReady(page);
    // The saved key (deployed) is a test key.
    await page.waitForFunction(() => /test key/.test(document.getElementById('stripe-key-mode').textContent));
    assert.strictEqual(await page.isVisible('#stripe-key-live-warning'), false);
    assert.strictEqual(await page.inputValue('#node-config-input-apiVersion'), '2024-04-10');
    // Test connection with the saved key against stripe-stateful-mock.
    await page.click('#stripe-test-connection');
    await page.waitForSelector('#stripe-test-result.stripe-test-ok, #stripe-test-result.stripe-test-fail');
    let result = await page.textContent('#stripe-test-result');
    assert.match(result, /Connected \(test mode\)/, result);
    await h.screenshot(page, 'client-dialog-ok');
    // The saved key is only sent to the base URI it was deployed with: another one asks for the key.
    const deployedBase = await page.inputValue('#node-config-input-baseUri');
    await page.fill('#node-config-input-baseUri', 'http://127.0.0.1:9');
    await page.click('#stripe-test-connection');
    await page.waitForSelector('#stripe-test-result.stripe-test-fail');
    result = await page.textContent('#stripe-test-result');
    assert.match(
      result,
      /Failed: Type the API key again to test it against http:\/\/127\.0\.0\.1:9: a saved key is only sent to the base URI it was deployed with/,
      result,
    );
    await page.fill('#node-config-input-baseUri', deployedBase);
    // A typed live key: the badge says so and the warning shows.
    await page.fill('#node-config-input-apiKey', 'sk_live_notARealKey000');
    assert.match(await page.textContent('#stripe-key-mode'), /LIVE key/);
    assert.strictEqual(await page.isVisible('#stripe-key-live-warning'), true);
    assert.strictEqual(await page.textContent('#stripe-test-result'), '', 'a new key clears the last result');
    await h.screenshot(page, 'client-dialog-live');
    // A wrong key: a clear failure, and the key is not echoed.
    await page.fill('#node-config-input-apiKey', 'pk_test_wrongKind123');
    assert.match(await page.textContent('#stripe-key-mode'), /publishable/);
    await page.click('#stripe-test-connection');
    await page.waitForSelector('#stripe-test-result.stripe-test-fail');
    result = await page.textContent('#stripe-test-result');
    assert.match(result, /Failed: .*publishable key/, result);
    assert.ok(!result.includes('wrongKind123'));
    // A server that is not there: a connection error.
    await page.fill('#node-config-input-apiKey', 'sk_test_typedKey456');
    await page.fill('#node-config-input-baseUri', 'http://127.0.0.1:9');
    await page.click('#stripe-test-connection');
    await page.waitForSelector('#stripe-test-result.stripe-test-fail');
    result = await page.textContent('#stripe-test-result');
    assert.match(result, /Failed: /, result);
    assert.ok(!result.includes('typedKey456'));
    await h.screenshot(page, 'client-dialog-fail');
    // Tooltips on every field.
    const tips = await page.$$eval('.stripe-tip', (els) => els.map((e) => e.getAttribute('aria-label')));
    assert.strictEqual(tips.length, 9);
    assert.ok(tips.every((t) => t && t.length > 20));
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-input-apiKey', { state: 'detached' });
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-operationId', { state: 'detached' });
  });
});
