'use strict';
// Starts what the browser tests need, all on loopback: stripe-stateful-mock (the offline Stripe stand-in),
// a real Node-RED with this package installed into a temporary user dir, and headless Chromium.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');

const ROOT = path.resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'screenshots');

const { listenOnLoopback, startStatefulMock } = require('../../scripts/loopback');

/** A loopback server handle with close() (the browser tests' name for stop()). */
async function listen(server) {
  const h = await listenOnLoopback(server);
  return { url: h.url, close: h.stop };
}

async function startMock() {
  const h = await startStatefulMock();
  return { url: h.url, close: h.stop };
}

/** Node-RED 4 in this process, with the package linked into a fresh user dir as an installed module. */
async function startNodeRed() {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-e2e-'));
  fs.mkdirSync(path.join(userDir, 'node_modules'));
  fs.symlinkSync(ROOT, path.join(userDir, 'node_modules', 'node-red-contrib-stripe'), 'dir');
  fs.writeFileSync(
    path.join(userDir, 'package.json'),
    JSON.stringify({ name: 'e2e-user-dir', private: true, dependencies: { 'node-red-contrib-stripe': '*' } }),
  );
  // NODE_RED_UNDER_TEST names another Node-RED (test:node-red-5 runs these tests on Node-RED 5).
  const nodeRedMain = require.resolve(process.env.NODE_RED_UNDER_TEST || 'node-red');
  const express = require(require.resolve('express', { paths: [path.dirname(nodeRedMain)] }));
  const RED = require(nodeRedMain);
  const app = express();
  const server = http.createServer(app);
  RED.init(server, {
    userDir,
    flowFile: 'flows.json',
    credentialSecret: 'e2e-only',
    httpAdminRoot: '/',
    httpNodeRoot: '/api',
    uiHost: '127.0.0.1',
    logging: { console: { level: process.env.NR_LOG_LEVEL || 'warn' } },
    editorTheme: { tours: false, projects: { enabled: false } },
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false } },
  });
  app.use('/', RED.httpAdmin);
  app.use('/api', RED.httpNode);
  const handle = await listen(server);
  await RED.start();
  return {
    RED,
    url: handle.url,
    userDir,
    async stop() {
      await RED.stop();
      await handle.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
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

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

module.exports = { ROOT, CHROMIUM, startMock, startNodeRed, deploy, getFlows, launchBrowser, openEditor, screenshot };
