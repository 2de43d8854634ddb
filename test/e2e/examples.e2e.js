'use strict';
// The example flows as a newcomer meets them after `npm start`: every example tab opened in a real
// editor (headless Chromium) shows no node with the red triangle and says what to click, and Deploy
// does not ask "nodes that are not properly configured ... Are you sure?".
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const h = require('./harness');
const { listExamples } = require('../../scripts/examples');
const { freePort } = require('../helpers/http');

describe('example flows in the editor after npm start (browser)', function () {
  this.timeout(120000);
  let child;
  let userDir;
  let browser;
  let page;
  let errors;

  before(async function () {
    // npm start itself, in its own process (a second Node-RED in this process would not get the
    // package's admin endpoints): a temporary user dir, a free port, the offline stand-in.
    const port = await freePort();
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-examples-e2e-'));
    const env = { ...process.env, PORT: String(port), NODE_RED_USER_DIR: userDir };
    delete env.STRIPE_API_KEY;
    child = spawn(process.execPath, [path.join(h.ROOT, 'scripts', 'start.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const end = Date.now() + 60000;
    while (!/Example flows deployed/.test(output)) {
      if (child.exitCode !== null || Date.now() > end)
        throw new Error(`npm start did not come up: ${output.slice(-800)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await h.launchBrowser();
    ({ page, errors } = await h.openEditor(browser.context, `http://127.0.0.1:${port}/`));
    // The operations are judged once the catalogue has arrived (the canvas is marked again then).
    await page.waitForFunction(() => !!NRStripeEditor.catalogue(), null, { timeout: 30000 });
  });

  after(async function () {
    if (browser) await browser.close();
    if (child && child.exitCode === null) {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('opens on the canvas of example 01: no question about update notifications, no welcome tour', async function () {
    // What a newcomer sees in the first seconds: Node-RED would ask and tour after the flows load.
    await page.waitForTimeout(3000);
    const shown = await page.evaluate(() => ({
      tab: RED.workspaces.active() && RED.nodes.workspace(RED.workspaces.active()).label,
      tour: document.querySelectorAll('.red-ui-tourGuide-shade, .red-ui-tourGuide-popover').length,
      modals: [...document.querySelectorAll('.red-ui-notification, .ui-dialog')]
        .filter((el) => el.offsetParent !== null)
        .map((el) => el.textContent.trim().slice(0, 80)),
      nodesDrawn: document.querySelectorAll('#red-ui-workspace-chart .red-ui-flow-node-group').length,
    }));
    await h.screenshot(page, 'npm-start-first-view');
    assert.deepStrictEqual(
      { tab: shown.tab, tour: shown.tour, modals: shown.modals },
      { tab: listExamples()[0].title, tour: 0, modals: [] },
    );
    assert.ok(shown.nodesDrawn > 3, `example 01's nodes are drawn (${shown.nodesDrawn})`);
  });

  it('every example tab: no node marked invalid on the canvas, every node and the client valid', async function () {
    // npm start deploys every example but the fleet's (npm run fleet's; test/examples.test.js checks it).
    const examples = listExamples().filter((e) => !e.fleet);
    const tabs = await page.evaluate(() => {
      const out = [];
      RED.nodes.eachWorkspace((w) => out.push({ id: w.id, label: w.label, info: w.info }));
      return out;
    });
    assert.deepStrictEqual(
      tabs.map((t) => t.label),
      examples.map((e) => e.title),
    );
    const problems = tabs
      .filter((t) => !/\*\*Click/.test(t.info))
      .map((t) => `[${t.label}] the tab's info does not say what to click`);
    for (const tab of tabs) {
      await page.evaluate((id) => RED.workspaces.show(id), tab.id);
      await page.waitForTimeout(300);
      const found = await page.evaluate((z) => {
        const bad = [];
        RED.nodes.eachNode((n) => {
          if (n.z !== z) return;
          RED.editor.validateNode(n);
          const el = document.getElementById(n.id);
          const mark = el && el.querySelector('.red-ui-flow-node-error');
          const marked = !!mark && !mark.classList.contains('hide');
          if (!n.valid || marked)
            bad.push(`${n.type} ${n.name || n.id}: ${(n.validationErrors || []).join('; ') || 'marked'}`);
          if (!el) bad.push(`${n.type} ${n.name || n.id}: not drawn`);
        });
        return bad;
      }, tab.id);
      problems.push(...found.map((p) => `[${tab.label}] ${p}`));
      await h.screenshot(page, `example-${tab.label.replace(/[^a-z0-9]+/gi, '-')}`);
    }
    const configs = await page.evaluate(() => {
      const bad = [];
      RED.nodes.eachConfig((n) => {
        RED.editor.validateNode(n);
        if (!n.valid) bad.push(`${n.type} ${n.id}: ${(n.validationErrors || []).join('; ')}`);
      });
      return bad;
    });
    assert.deepStrictEqual([...problems, ...configs], []);
  });

  it('Deploy does not warn about nodes that are not properly configured', async function () {
    await page.evaluate(() => RED.nodes.dirty(true));
    await page.click('#red-ui-header-button-deploy');
    const warning = page.locator('.red-ui-notification', { hasText: 'not properly configured' });
    await Promise.race([
      warning.waitFor({ state: 'visible', timeout: 15000 }),
      page.waitForFunction(() => !RED.nodes.dirty(), null, { timeout: 15000 }),
    ]);
    const warned = await warning.count();
    if (warned) await h.screenshot(page, 'examples-deploy-warning');
    assert.strictEqual(warned, 0, warned ? await warning.first().textContent() : '');
    await page.waitForSelector('.red-ui-notification:has-text("Successfully deployed")');
    assert.strictEqual(await page.evaluate(() => RED.nodes.dirty()), false);
  });

  it('no errors in the browser console', function () {
    // Nothing at all: offline, npm start fetches no palette catalogue from the internet.
    assert.deepStrictEqual(errors, []);
  });
});
