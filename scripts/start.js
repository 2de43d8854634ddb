#!/usr/bin/env node
'use strict';
// `npm start`: Node-RED on 127.0.0.1:1880 (PORT) with a user dir inside the project (.node-red/,
// git-ignored; NODE_RED_USER_DIR for another),
// this package linked into it, and the example flows deployed on the first start (later starts keep
// the user's flows and only re-point the example client). Without STRIPE_API_KEY it also starts
// stripe-stateful-mock on loopback and points the example client at it (offline demo); with the
// variable set, the example client uses https://api.stripe.com with that key.
const fs = require('fs');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');
const { startStatefulMock, listenOnLoopback } = require('./loopback');
const { Uplink } = require('./uplink');
const { exampleFlows, listExamples, CLIENT_ID } = require('./examples');

// Example 12's own client: offline it reaches the stand-in through an uplink its flow switches off and on.
const HOLD_CLIENT_ID = 'ex12-client';

// Example 09 signs its own test events with this secret (not a Stripe secret: it works only here).
const EXAMPLE_WEBHOOK_ID = 'ex9-w';
const EXAMPLE_WEBHOOK_SECRET = 'whsec_example_offline_test_secret';

const root = path.resolve(__dirname, '..');
const userDir = process.env.NODE_RED_USER_DIR || path.join(root, '.node-red');
const host = '127.0.0.1';
const port = Number(process.env.PORT) || 1880;
const editorUrl = `http://${host}:${port}/`;
/** Where the admin API calls go (the tests point it at a stand-in for Node-RED). */
const adminApi = { host, port };

function linkPackage() {
  const modules = path.join(userDir, 'node_modules');
  fs.mkdirSync(modules, { recursive: true });
  const link = path.join(modules, 'node-red-contrib-stripe');
  let current;
  try {
    current = fs.realpathSync(link);
  } catch {
    current = undefined;
  }
  if (current !== root) {
    fs.rmSync(link, { recursive: true, force: true });
    fs.symlinkSync(root, link, 'dir');
  }
  const pkg = path.join(userDir, 'package.json');
  if (!fs.existsSync(pkg)) {
    fs.writeFileSync(
      pkg,
      JSON.stringify(
        { name: 'node-red-project', description: 'node-red-contrib-stripe demo', version: '0.0.1', private: true },
        null,
        2,
      ),
    );
  }
}

/** One call of a Node-RED's admin API (this one's unless `api` names another: npm run fleet's three). */
function request(method, urlPath, body, headers = {}, api = adminApi) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = http.request(
      {
        host: api.host,
        port: api.port,
        method,
        path: urlPath,
        headers: {
          'content-type': 'application/json',
          'Node-RED-Deployment-Type': 'full',
          ...headers,
          ...(data ? { 'content-length': data.length } : {}),
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          if (res.statusCode >= 300)
            return reject(new Error(`${method} ${urlPath}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
          resolve(text ? JSON.parse(text) : undefined);
        });
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * The flows once Node-RED has loaded them. Its editor answers before the runtime has read the flow
 * file; a version-1 GET /flows then fails inside Node-RED, which logs "[error] TypeError: Cannot
 * read properties of null (reading 'flows')". Version 2 answers null until the flows are loaded.
 */
async function waitForFlows(child, api = adminApi) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`Node-RED on port ${api.port} exited with code ${child.exitCode}`);
    try {
      const config = await request('GET', '/flows', undefined, { 'Node-RED-API-Version': 'v2' }, api);
      if (config && Array.isArray(config.flows)) return config.flows;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Node-RED on port ${api.port} did not start within 150 s`);
}

/**
 * First start (no flows yet): deploy the examples. Later starts: keep the user's flows and only
 * re-point the example client, if it is still there. Returns what was done, in words.
 */
async function deploy(flows, baseUri, apiKey, holdBaseUri = baseUri) {
  if (flows.length === 0) {
    flows = exampleFlows({ baseUri });
    setClient(flows, baseUri, apiKey);
    setClient(flows, holdBaseUri, apiKey, HOLD_CLIENT_ID);
    setExampleWebhookSecret(flows);
    await request('POST', '/flows', flows);
    return 'Example flows deployed';
  }
  setClient(flows, holdBaseUri, apiKey, HOLD_CLIENT_ID);
  if (!setClient(flows, baseUri, apiKey)) {
    return 'Kept your flows (they have no example client to point at the chosen Stripe; the examples are under Menu > Import > Examples > node-red-contrib-stripe)';
  }
  await request('POST', '/flows', flows);
  return `Kept your flows; pointed the example client at ${baseUri}`;
}

function setClient(flows, baseUri, apiKey, id = CLIENT_ID) {
  const client = flows.find((n) => n.id === id);
  if (!client) return false;
  client.baseUri = baseUri;
  client.credentials = { apiKey };
  return true;
}

/** The example webhook node's signing secret: the one its flow signs the test events with. */
function setExampleWebhookSecret(flows) {
  const webhook = flows.find((n) => n.id === EXAMPLE_WEBHOOK_ID);
  if (webhook) webhook.credentials = { secret: EXAMPLE_WEBHOOK_SECRET };
}

/** Node-RED's command line with this package's settings (npm start's, and each of npm run fleet's). */
function nodeRedArgs(userDir, port, host) {
  const settings = path.join(__dirname, 'start-settings.js');
  return [
    require.resolve('node-red/red.js'),
    '--settings',
    settings,
    '--userDir',
    userDir,
    '--port',
    String(port),
    '-D',
    `uiHost=${host}`,
  ];
}

function checkPortFree() {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', () =>
      reject(new Error(`port ${port} on ${host} is in use: stop what runs there, or start with PORT=1881 npm start`)),
    );
    probe.listen(port, host, () => probe.close(resolve));
  });
}

async function main() {
  await checkPortFree();
  linkPackage();
  const key = (process.env.STRIPE_API_KEY || '').trim();
  let mock;
  let uplink;
  let uplinkSwitch;
  let baseUri;
  let apiKey;
  if (key) {
    baseUri = 'https://api.stripe.com';
    apiKey = key;
    const live = /_live_/.test(key);
    console.log(
      `[stripe] STRIPE_API_KEY is set: the example client uses ${baseUri} in ${live ? 'LIVE mode: real money, be careful' : 'test mode'}.`,
    );
  } else {
    mock = await startStatefulMock(Number(process.env.STRIPE_MOCK_PORT) || 0);
    baseUri = mock.url;
    apiKey = 'sk_test_offline_demo';
    // Example 12: an uplink to the stand-in that its flow switches (POST <switch>/uplink/down, /up, /lose).
    uplink = await Uplink.start(mock.url);
    const handle = uplink.handler();
    uplinkSwitch = await listenOnLoopback(
      http.createServer((req, res) => {
        if (!handle(req, res)) res.writeHead(404).end();
      }),
    );
    console.log(
      `[stripe] No STRIPE_API_KEY: the example client uses the offline stand-in stripe-stateful-mock at ${baseUri}.`,
    );
    const examples = listExamples();
    const numbers = (offline) =>
      examples
        .filter((e) => e.offline === offline && !e.fleet)
        .map((e) => e.number)
        .join(', ');
    console.log(
      `[stripe] Examples ${numbers(true)} run offline; ${numbers(false)} need a Stripe test key (STRIPE_API_KEY=sk_test_... npm start).`,
    );
    const fleet = examples.filter((e) => e.fleet).map((e) => e.number);
    if (fleet.length)
      console.log(`[stripe] Example ${fleet.join(', ')} runs on a fleet of three Node-RED instances: npm run fleet.`);
  }

  const child = spawn(process.execPath, nodeRedArgs(userDir, port, host), {
    stdio: 'inherit',
    env: {
      // Example 09 posts its signed test events to this node's URL on this Node-RED.
      STRIPE_EXAMPLE_WEBHOOK_URL: `http://${host}:${port}/stripe/events`,
      ...(uplinkSwitch ? { STRIPE_EXAMPLE_UPLINK_URL: uplinkSwitch.url } : {}),
      ...process.env,
      NODE_RED_STRIPE_OFFLINE: mock ? '1' : '0',
    },
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
      await exited;
      clearTimeout(timer);
    }
    await stopStandIns();
  };
  const stopStandIns = async () => {
    if (uplinkSwitch) await uplinkSwitch.stop();
    if (uplink) await uplink.stop();
    if (mock) await mock.stop();
  };
  process.on('SIGINT', () => stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => stop().then(() => process.exit(0)));
  child.on('exit', (code) => {
    stopStandIns();
    process.exitCode = code ?? 0;
  });

  const flows = await waitForFlows(child);
  const done = await deploy(flows, baseUri, apiKey, uplink ? uplink.url : baseUri);
  console.log(`[stripe] ${done}. Open the editor: ${editorUrl}`);
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`[stripe] npm start failed: ${err.message}`);
    process.exit(1);
  });
}

module.exports = { waitForFlows, deploy, request, nodeRedArgs, adminApi, HOLD_CLIENT_ID };
