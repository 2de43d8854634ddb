'use strict';
// Browser tests of the editor: a real Node-RED with this package installed, headless Chromium driven by
// playwright-core (test/helpers/editor-page.js). Here: the palette, the catalogue's fetch, the marks on
// the canvas and in the picker, the picker's speed, the help, and the editor in German. The operation
// dialogs: editor-operation-dialogs.e2e.js; the config node's: editor-client-dialog.e2e.js.
const assert = require('assert');
const h = require('./harness');
const { editorSession, editNode, suggestions, typeOperation } = require('../helpers/editor-page');

describe('editor (browser)', function () {
  this.timeout(120000);
  let nr;
  let browser;
  let page;
  let errors;
  editorSession((s) => ({ nr, browser, page, errors } = s));

  it('shows the four nodes in the Stripe category of the palette', async function () {
    const labels = await page.$$eval(
      '.red-ui-palette-node[data-palette-type^="stripe-"] .red-ui-palette-label',
      (els) => els.map((e) => e.textContent.replace(/\s+/g, ' ').trim()),
    );
    assert.deepStrictEqual(labels.sort(), ['stripe events', 'stripe publisher', 'stripe subscriber', 'stripe webhook']);
    const category = await page.$eval(
      '.red-ui-palette-node[data-palette-type="stripe-subscriber"]',
      (el) => el.closest('.red-ui-palette-category').id,
    );
    assert.match(category, /Stripe/i);
    await h.screenshot(page, 'canvas');
  });

  it('fetches the catalogue once, gzipped, and reports its size', async function () {
    await page.evaluate(() => NRStripeEditor.loadCatalogue());
    const entries = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => /stripe\/catalogue/.test(e.name))
        .map((e) => ({
          transfer: e.transferSize,
          encoded: e.encodedBodySize,
          decoded: e.decodedBodySize,
        })),
    );
    assert.strictEqual(entries.length, 1, 'one catalogue request per editor session');
    const res = await fetch(`${nr.url}/stripe/catalogue`, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.strictEqual(res.headers.get('content-encoding'), 'gzip');
    const etag = res.headers.get('etag');
    const body = await res.json();
    assert.strictEqual(body.operations.length, 702);
    const again = await fetch(`${nr.url}/stripe/catalogue`, { headers: { 'If-None-Match': etag } });
    assert.strictEqual(again.status, 304);
    console.log(
      `      catalogue: ${entries[0].encoded} bytes gzipped over the wire (${entries[0].decoded} bytes JSON), 702 operations`,
    );
    assert.ok(entries[0].encoded <= 100 * 1024, 'at most 100 KB gzipped');
  });

  it('marks unknown operations, missing path values and wrong methods on the canvas', async function () {
    const marks = await page.evaluate(() => {
      const out = {};
      for (const id of ['sub1', 'pub1', 'bad1', 'bad2', 'ok2', 'bad3', 'raw1', 'bad4']) {
        const n = RED.nodes.node(id);
        RED.editor.validateNode(n);
        out[id] = { valid: n.valid, errors: n.validationErrors };
      }
      return out;
    });
    assert.strictEqual(marks.sub1.valid, true, 'empty operation = msg.operationId');
    assert.strictEqual(marks.pub1.valid, true);
    assert.strictEqual(marks.ok2.valid, true);
    assert.strictEqual(marks.raw1.valid, true, 'raw METHOD /v1/path accepted');
    assert.strictEqual(marks.bad1.valid, false);
    assert.strictEqual(marks.bad2.valid, false);
    assert.strictEqual(marks.bad3.valid, false);
    assert.strictEqual(marks.bad4.valid, false);
    assert.match(JSON.stringify(marks.bad1.errors), /Unknown operation/);
    assert.match(JSON.stringify(marks.bad2.errors), /Required path parameter without a value: id/);
    // The label on the canvas: name, else operationId, else the palette label.
    const labels = await page.evaluate(() => ['sub1', 'bad2'].map((id) => RED.utils.getNodeLabel(RED.nodes.node(id))));
    assert.deepStrictEqual(labels, ['stripe subscriber', 'GetTaxIdsId']);
  });

  it('marks deprecated operations in the suggestions', async function () {
    await editNode(page, 'sub1');
    await typeOperation(page, 'customer cards');
    await suggestions(page);
    const marked = await page.$$eval('.stripe-picker .stripe-dropdown-item', (els) =>
      els
        .filter((e) => e.querySelector('.stripe-badge-deprecated'))
        .map((e) => e.querySelector('.stripe-item-id').textContent),
    );
    assert.ok(marked.includes('GetCustomersCustomerCards'), marked.join());
    await page.keyboard.press('Escape');
    await page.click('#node-dialog-cancel');
    await page.waitForSelector('#node-input-operationId', { state: 'detached' });
  });

  it('measures how long the picker takes to update per keystroke over all 702 operations', async function () {
    const stats = await page.evaluate(() => {
      const input = document.createElement('input');
      input.style.cssText = 'position:fixed;top:10px;left:10px;width:400px';
      document.body.appendChild(input);
      const all = ['GET', 'POST', 'DELETE'];
      const dd = new NRStripeEditor.Dropdown(input, {
        className: 'stripe-picker',
        source: (t) => NRStripeEditor.operationSuggestions(t, all),
      });
      const times = [];
      for (const q of [
        'delete customer',
        'refund a charge',
        'tax id',
        'list invoice items',
        'subscription schedule release',
        'x',
      ]) {
        for (let i = 1; i <= q.length; i++) {
          input.value = q.slice(0, i);
          const t0 = performance.now();
          input.dispatchEvent(new Event('input'));
          void document.body.offsetHeight; // include the layout of the new list
          times.push(performance.now() - t0);
        }
      }
      dd.destroy();
      input.remove();
      times.sort((a, b) => a - b);
      const sum = times.reduce((a, b) => a + b, 0);
      return {
        n: times.length,
        ops: NRStripeEditor.catalogue().operations.length,
        mean: sum / times.length,
        median: times[Math.floor(times.length / 2)],
        p95: times[Math.floor(times.length * 0.95)],
        max: times[times.length - 1],
      };
    });
    console.log(
      `      picker update per keystroke over ${stats.ops} operations (${stats.n} keystrokes): ` +
        `median ${stats.median.toFixed(2)} ms, mean ${stats.mean.toFixed(2)} ms, p95 ${stats.p95.toFixed(2)} ms, max ${stats.max.toFixed(2)} ms (target < 16 ms)`,
    );
    assert.strictEqual(stats.ops, 702);
  });

  it('shows help in Node-RED style', async function () {
    const help = await page.evaluate(() =>
      ['stripe-client', 'stripe-subscriber', 'stripe-publisher'].map(
        (t) => $('script[data-help-name="' + t + '"]').html() || '',
      ),
    );
    assert.match(help[0], /<h3>Details<\/h3>/);
    assert.match(help[0], /<h3>References<\/h3>/);
    for (const text of help.slice(1)) {
      for (const section of ['Inputs', 'Outputs', 'Details', 'References'])
        assert.ok(text.includes(`<h3>${section}</h3>`), section);
    }
    assert.match(help[2], /idempotencyKey/);
    await page.evaluate(() => {
      RED.nodes.select && RED.view.select('pub1');
      RED.sidebar.help.show('stripe-publisher');
    });
    await page.waitForTimeout(300);
    await h.screenshot(page, 'help-publisher');
  });

  it('no errors in the browser console', function () {
    assert.deepStrictEqual(errors, []);
  });

  describe('in German', function () {
    let de;
    before(async function () {
      de = await h.openEditor(browser.context, nr.url, { lang: 'de' });
    });
    after(async function () {
      if (de) await de.page.close();
    });

    it('shows the dialogs, messages and help in German', async function () {
      const p = de.page;
      await editNode(p, 'sub1');
      assert.match(await p.textContent('label[for="node-input-operationId"]'), /Operation/);
      assert.match(await p.textContent('label[for="node-input-pagination"]'), /Seiten/);
      assert.match(await p.textContent('.stripe-section[data-kind="query"] .stripe-section-title'), /Query-Parameter/);
      await typeOperation(p, 'tax id');
      await suggestions(p);
      await h.screenshot(p, 'de-subscriber-picker');
      await p.keyboard.press('Escape');
      await p.click('#node-dialog-cancel');
      await p.waitForSelector('#node-input-operationId', { state: 'detached' });
      const help = await p.evaluate(() => $('script[data-help-name="stripe-subscriber"]').html() || '');
      assert.match(help, /<h3>Eingaben<\/h3>/);
      assert.match(help, /<h3>Ausgaben<\/h3>/);
      const marks = await p.evaluate(() => {
        const n = RED.nodes.node('bad1');
        RED.editor.validateNode(n);
        return n.validationErrors;
      });
      assert.match(JSON.stringify(marks), /Unbekannte Operation/);
      assert.deepStrictEqual(de.errors, []);
    });
  });
});
