'use strict';
// Starts what the browser tests need, all on loopback: stripe-stateful-mock (the offline Stripe stand-in),
// a real Node-RED with this package installed into a temporary user dir, and headless Chromium.
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'screenshots');

const { startStatefulMock } = require('../../scripts/loopback');
const { NodeRed } = require('../../bench/lib/nodered');

async function startMock() {
  const h = await startStatefulMock();
  return { url: h.url, close: h.stop };
}

/**
 * A real Node-RED (NODE_RED_UNDER_TEST names another one: test:node-red-3 and -5 run these tests on
 * Node-RED 3.1 and 5) in a child process, with this package linked into a fresh user dir as an
 * installed module, the editor at / and the http nodes under /api. A child process, because a
 * Node-RED cannot be started twice in one process (3.1 fails on the second start).
 */
async function startNodeRed() {
  const nr = await NodeRed.start({
    stripeGlobal: false,
    settings: {
      httpNodeRoot: '/api',
      editorTheme: { tours: false, projects: { enabled: false } },
      // No palette catalogue from the internet: the browser must not try to reach anything.
      externalModules: { autoInstall: false, palette: { allowInstall: false } },
    },
  });
  return {
    url: `http://127.0.0.1:${nr.port}`,
    userDir: nr.userDir,
    stop: () => nr.stop(),
  };
}

/** Deploys flows through the admin API, credentials inline as the editor sends them. */
async function deploy(baseUrl, flows) {
  const res = await fetch(`${baseUrl}/flows`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v1' },
    body: JSON.stringify(flows),
  });
  if (!res.ok) throw new Error(`deploy: HTTP ${res.status} ${await res.text()}`);
}

async function getFlows(baseUrl) {
  const res = await fetch(`${baseUrl}/flows`, { headers: { 'Node-RED-API-Version': 'v1' } });
  return res.json();
}

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
    viewport: { width: 1400, height: 900 },
    locale: 'en-US',
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the editor in a new page and waits until the palette and the flows (a node of `flowType`) are there. */
async function openEditor(context, url, { lang, flowType = 'stripe-subscriber' } = {}) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  if (lang) await page.addInitScript((l) => localStorage.setItem('editor-language', l), lang);
  await page.goto(url);
  await page.waitForFunction(
    () =>
      window.RED &&
      RED.nodes &&
      RED.nodes.getType &&
      RED.nodes.getType('stripe-subscriber') &&
      document.querySelector('.red-ui-palette-node[data-palette-type="stripe-subscriber"]') &&
      !$('#red-ui-loading-progress').is(':visible'),
    null,
    { timeout: 30000 },
  );
  // The flows arrive after the palette.
  await page.waitForFunction((type) => RED.nodes.filterNodes({ type }).length > 0, flowType, {
    timeout: 30000,
  });
  return { page, errors };
}

/**
 * Opens a node's edit dialog (`{ node: id }`) or a config node's (`{ config: type, id }`, id `_ADD_` for a
 * new one), waits for `selector` to show, then for Node-RED to focus the tray's first field. Node-RED does
 * that once the tray has slid in (150 ms, much later on a busy machine): a click or typing before it loses
 * the focus midway, which closes an open list, and an Escape meant for the list then closes the tray.
 */
async function openDialog(page, what, selector) {
  await page.evaluate(
    (w) => (w.node ? RED.editor.edit(RED.nodes.node(w.node)) : RED.editor.editConfig('', w.config, w.id)),
    what,
  );
  await page.waitForSelector(selector, { state: 'visible' });
  await trayReady(page);
}

/** Waits for Node-RED to focus the first field of the last tray opened (see openDialog). */
async function trayReady(page) {
  await page.waitForFunction(
    () => document.activeElement === $('.red-ui-tray:last .red-ui-tray-body :focusable:first')[0],
  );
}

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

module.exports = {
  ROOT,
  CHROMIUM,
  startMock,
  startNodeRed,
  deploy,
  getFlows,
  launchBrowser,
  openEditor,
  openDialog,
  trayReady,
  screenshot,
};
