'use strict';
// The editor's browser tests (test/e2e/editor*.e2e.js): a session per file (the offline stand-in, a
// real Node-RED with test/helpers/editor-flows.js deployed, headless Chromium with the editor open) and
// what a user does in the editor's dialogs, through playwright-core. The functions given to
// page.evaluate run in the editor's page.
const assert = require('assert');
const h = require('../e2e/harness');
const { FLOWS } = require('./editor-flows');

/**
 * Call inside a describe(): `editorSession((s) => ({ page, nr } = s));`. Before the block's first test
 * it starts the stand-in (`mock`), Node-RED (`nr`), the browser and the editor's page (`page`, and
 * `errors`: what the page wrote to its console as errors) and hands them to `use`. After each test it
 * closes a dialog a failed test left open; after the last it stops them all, and fails if the page
 * wrote an error to its console.
 */
function editorSession(use) {
  let mock;
  let nr;
  let browser;
  let page;
  let errors;

  before(async function () {
    mock = await h.startMock();
    nr = await h.startNodeRed();
    await h.deploy(nr.url, FLOWS(mock.url));
    browser = await h.launchBrowser();
    ({ page, errors } = await h.openEditor(browser.context, nr.url));
    use({ mock, nr, browser, page, errors });
  });

  // A failed test must not leave its dialog open for the next one.
  afterEach(async function () {
    if (!page) return;
    for (const id of [
      '.red-ui-notification .ui-button:has-text("Cancel")',
      '#node-config-dialog-cancel',
      '#node-dialog-cancel',
    ]) {
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
    // Each file's page, as the one page of the whole editor test was before it was split.
    if (errors) assert.deepStrictEqual(errors, [], 'no errors in the browser console');
  });
}

async function editNode(page, id) {
  await h.openDialog(page, { node: id }, '#node-input-operationId');
  // The catalogue is fetched once per editor session; wait until the picker has it.
  await page.waitForFunction(() => !!NRStripeEditor.catalogue());
}

async function done(page) {
  await page.click('#node-dialog-ok');
  await page.waitForSelector('#node-input-operationId', { state: 'detached' });
}

/** The button that edits a node's config node: Node-RED 4 and 5 name it ...-btn-client-edit, 3.1 ...-lookup-client. */
const CLIENT_EDIT = '#node-input-btn-client-edit, #node-input-lookup-client';

async function suggestions(page) {
  await page.waitForSelector('.stripe-picker', { state: 'visible' });
  // The list is filled after the picker shows: wait for a suggestion or the footer ("No operation matches").
  await page.waitForSelector('.stripe-picker .stripe-dropdown-item, .stripe-picker .stripe-dropdown-footer');
  return page.$$eval('.stripe-picker .stripe-dropdown-item .stripe-item-id', (els) => els.map((e) => e.textContent));
}

async function typeOperation(page, text) {
  await page.fill('#node-input-operationId', '');
  await page.click('#node-input-operationId');
  await page.keyboard.type(text);
}

/** The picker's suggestions as id and method badge: ['DeleteCustomersCustomer DELETE', ...]. */
async function suggestionsWithMethod(page) {
  await page.waitForSelector('.stripe-picker', { state: 'visible' });
  return page.$$eval('.stripe-picker .stripe-dropdown-item', (els) =>
    els.map(
      (e) =>
        `${e.querySelector('.stripe-item-id').textContent} ${(e.querySelector('.stripe-method') || {}).textContent}`,
    ),
  );
}

/** Drags a node from the palette onto the canvas, as a user adds one; returns the new node's id. */
async function addFromPalette(page, type, x, y) {
  const before = await page.evaluate((t) => RED.nodes.filterNodes({ type: t }).map((n) => n.id), type);
  const selector = `.red-ui-palette-node[data-palette-type="${type}"]`;
  await page.locator(selector).scrollIntoViewIfNeeded(); // the Stripe category is far down the palette
  const from = await page.locator(selector).boundingBox();
  const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
  const fx = from.x + from.width / 2;
  const fy = from.y + from.height / 2;
  // Hover first, until nothing else (a fading notification, a popover) is over the palette node.
  await page.mouse.move(fx, fy);
  await page.waitForFunction(([sel, px, py]) => !!document.elementFromPoint(px, py)?.closest(sel), [selector, fx, fy]);
  await page.mouse.down();
  await page.mouse.move(fx + 40, fy + 5, { steps: 5 }); // past jQuery UI's drag threshold
  await page.mouse.move(chart.x + x, chart.y + y, { steps: 12 });
  await page.mouse.up();
  const id = await page.waitForFunction(
    ([t, ids]) => {
      const n = RED.nodes.filterNodes({ type: t }).find((m) => !ids.includes(m.id));
      return n && n.id;
    },
    [type, before],
    { timeout: 10000 },
  );
  return id.jsonValue();
}

/** The deploy button, confirming the question Node-RED asks when the canvas holds invalid nodes. */
async function deployFromEditor(page) {
  await page.click('#red-ui-header-button-deploy');
  const confirm = page.locator('#red-ui-deploy-dialog-confirm-deploy-deploy');
  await Promise.race([
    confirm.waitFor({ state: 'visible' }).then(() => confirm.click()),
    page.waitForFunction(() => !RED.nodes.dirty()),
  ]);
  await page.waitForFunction(() => !RED.nodes.dirty());
}

/** What the editor holds for a node, and whether the canvas shows its invalid marker (the red triangle). */
function editorNode(page, id) {
  return page.evaluate((nodeId) => {
    const n = RED.nodes.node(nodeId);
    RED.editor.validateNode(n);
    const mark =
      document.getElementById(nodeId) && document.getElementById(nodeId).querySelector('.red-ui-flow-node-error');
    return {
      method: n.method,
      operationId: n.operationId,
      path: n.path,
      client: n.client,
      valid: n.valid,
      marked: !!mark && !mark.classList.contains('hide'),
    };
  }, id);
}

module.exports = {
  editorSession,
  editNode,
  done,
  CLIENT_EDIT,
  suggestions,
  typeOperation,
  suggestionsWithMethod,
  addFromPalette,
  deployFromEditor,
  editorNode,
};
