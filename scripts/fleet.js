#!/usr/bin/env node
'use strict';
// `npm run fleet`: a local fleet to see what stripe-fleet does. It starts
//   - a Redis on loopback (Debian's redis-server, scripts/redis-server.js; it says how to install it
//     when it is missing), its data in a temporary folder;
//   - Stripe: without STRIPE_API_KEY the offline stand-in `npm start` uses (stripe-stateful-mock, with
//     an event list: each customer made gives a customer.created event to poll); with it, Stripe's
//     test mode;
//   - three Node-RED instances on 127.0.0.1:1881, 1882 and 1883 (FLEET_PORT for another first port),
//     each with its own temporary user dir, this package linked into it, and example 13
//     (examples/13-fleet.json) deployed: a stripe-fleet on ${REDIS_URL}, a client with that fleet, a
//     publisher, a poller;
// prints the three editors' addresses and which instance polls, and stops everything on Ctrl-C.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');
const { RedisServer } = require('./redis-server');
const { startStatefulMock } = require('./loopback');
const { exampleFlows } = require('./examples');
const { request, waitForFlows, nodeRedArgs } = require('./start');

const root = path.resolve(__dirname, '..');
const host = '127.0.0.1';
const firstPort = Number(process.env.FLEET_PORT) || 1881;
const INSTANCES = 3;
const FLEET_CLIENT_ID = 'ex13-client';
const POLLER_ID = 'ex13-e';

const log = (line) => console.log(`[fleet] ${line}`);

function checkPortFree(port) {
  return new Promise((resolve, reject) => {
    const probe = http.createServer();
    probe.once('error', () =>
      reject(
        new Error(
          `port ${port} on ${host} is in use: stop what runs there, or start with FLEET_PORT=1891 npm run fleet`,
        ),
      ),
    );
    probe.listen(port, host, () => probe.close(resolve));
  });
}

/** Example 13's flows, its client pointed at the chosen Stripe with the key. */
function fleetFlows(baseUri, apiKey) {
  const flows = exampleFlows({ baseUri, fleet: 'only' });
  const client = flows.find((n) => n.id === FLEET_CLIENT_ID);
  if (!client) throw new Error(`examples/13-fleet.json has no client ${FLEET_CLIENT_ID}`);
  client.baseUri = baseUri;
  client.credentials = { apiKey };
  return flows;
}

/** A user dir with this package linked into it. */
function makeUserDir(n) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `nrstripe-fleet-${n}-`));
  fs.mkdirSync(path.join(dir, 'node_modules'));
  fs.symlinkSync(root, path.join(dir, 'node_modules', 'node-red-contrib-stripe'), 'dir');
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({ name: 'node-red-project', description: `fleet instance ${n}`, version: '0.0.1', private: true }),
  );
  return dir;
}

/**
 * The last status of each instance's poller, read the way the editor reads it: Node-RED's comms
 * websocket, subscribed to status/# (Node-RED sends the statuses it holds at once).
 */
function pollerStatus(port, ms = 2000) {
  const WebSocket = require(require.resolve('ws', { paths: [path.dirname(require.resolve('node-red/package.json'))] }));
  return new Promise((resolve) => {
    let status;
    const socket = new WebSocket(`ws://${host}:${port}/comms`);
    const done = () => {
      clearTimeout(timer);
      socket.terminate();
      resolve(status);
    };
    const timer = setTimeout(done, ms);
    socket.on('open', () => socket.send(JSON.stringify({ subscribe: `status/${POLLER_ID}` })));
    socket.on('message', (data) => {
      for (const m of [].concat(JSON.parse(String(data)))) {
        if (m.topic === `status/${POLLER_ID}` && m.data && m.data.text) status = m.data.text;
      }
    });
    socket.on('error', done);
  });
}

/** Waits until exactly one instance's poller says `polling`; the statuses, by instance. */
async function whoPolls(instances, ms = 60000) {
  const end = Date.now() + ms;
  let statuses = [];
  while (Date.now() < end) {
    statuses = await Promise.all(instances.map((i) => pollerStatus(i.port, 1000)));
    if (statuses.filter((s) => /^polling\b/.test(s || '')).length === 1) return statuses;
    await new Promise((r) => setTimeout(r, 500));
  }
  return statuses;
}

async function main() {
  for (let i = 0; i < INSTANCES; i++) await checkPortFree(firstPort + i);
  let redis;
  try {
    redis = await RedisServer.start();
  } catch (err) {
    throw new Error(`could not start Redis: ${err.message}`, { cause: err });
  }
  log(`Redis: ${redis.url} (data in ${redis.dir})`);

  const key = (process.env.STRIPE_API_KEY || '').trim();
  let mock;
  let baseUri;
  let apiKey;
  if (key) {
    baseUri = 'https://api.stripe.com';
    apiKey = key;
    log(
      `Stripe: STRIPE_API_KEY is set, ${baseUri} in ${/_live_/.test(key) ? 'LIVE mode: real money, be careful' : 'test mode'}`,
    );
  } else {
    mock = await startStatefulMock(0);
    baseUri = mock.url;
    apiKey = 'sk_test_offline_fleet_demo';
    log(`Stripe: no STRIPE_API_KEY, the offline stand-in stripe-stateful-mock at ${baseUri}`);
  }

  const instances = [];
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await Promise.all(
      instances.map(async (inst) => {
        if (inst.child.exitCode === null && inst.child.signalCode === null) {
          const timer = setTimeout(() => inst.child.kill('SIGKILL'), 10000);
          inst.child.kill('SIGINT');
          await inst.exited;
          clearTimeout(timer);
        }
        fs.rmSync(inst.userDir, { recursive: true, force: true });
      }),
    );
    if (mock) await mock.stop();
    await redis.stop();
  };
  process.on('SIGINT', () => stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => stop().then(() => process.exit(0)));

  try {
    for (let n = 1; n <= INSTANCES; n++) {
      const port = firstPort + n - 1;
      const userDir = makeUserDir(n);
      const child = spawn(process.execPath, nodeRedArgs(userDir, port, host), {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          REDIS_URL: redis.url,
          NR_FLEET_NAME: `instance ${n} (:${port})`,
          NODE_RED_STRIPE_OFFLINE: mock ? '1' : '0',
        },
      });
      const inst = { n, port, userDir, child, exited: new Promise((r) => child.once('exit', r)) };
      // Each instance's log, each line marked with its port.
      for (const stream of [child.stdout, child.stderr]) {
        let rest = '';
        stream.on('data', (d) => {
          const lines = (rest + d).split('\n');
          rest = lines.pop();
          for (const l of lines) console.log(`[:${port}] ${l}`);
        });
      }
      child.once('exit', (code, signal) => {
        if (!stopping) log(`instance ${n} (:${port}, pid ${child.pid}) ended (${signal || code})`);
      });
      instances.push(inst);
    }
    const flows = fleetFlows(baseUri, apiKey);
    await Promise.all(
      instances.map(async (inst) => {
        await waitForFlows(inst.child, { host: '127.0.0.1', port: inst.port });
        await request(
          'POST',
          '/flows',
          flows,
          { 'Node-RED-Deployment-Type': 'full' },
          { host: '127.0.0.1', port: inst.port },
        );
      }),
    );
    const statuses = await whoPolls(instances);
    log('Three Node-RED instances share one Redis and one Stripe account:');
    for (const [i, inst] of instances.entries()) {
      log(`  instance ${inst.n}: http://${host}:${inst.port}/  (pid ${inst.child.pid})  poller: ${statuses[i] || '?'}`);
    }
    const polling = instances.filter((_, i) => /^polling\b/.test(statuses[i] || ''));
    if (polling.length === 1)
      log(
        `Instance ${polling[0].n} polls; the others stand by. Stop it (kill ${polling[0].child.pid}) and another takes over.`,
      );
    else log('No single instance says polling yet: see the statuses above and the log.');
    log('Click "create 30 customers" on each editor: together they keep to one budget. Ctrl-C stops everything.');
  } catch (err) {
    await stop();
    throw err;
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(`[fleet] npm run fleet failed: ${err.message}`);
    process.exit(1);
  });
}

module.exports = { fleetFlows, pollerStatus, whoPolls, POLLER_ID, FLEET_CLIENT_ID };
