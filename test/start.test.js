'use strict';
// `npm start` as a newcomer runs it (here on a free port and a temporary user dir): Node-RED with
// the nodes loaded and the examples deployed, pointed at the offline stand-in; no error printed;
// examples clicked in the running Node-RED reach the stand-in; Ctrl-C stops everything; a second
// start keeps the user's flows and says so.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn } = require('child_process');
const { request, freePort } = require('./helpers/http');
const { DebugSidebar } = require('./helpers/debug-sidebar');
const { listExamples, CLIENT_ID } = require('../scripts/examples');
const { listenOnLoopback } = require('../scripts/loopback');
const start = require('../scripts/start');

const START = path.join(__dirname, '..', 'scripts', 'start.js');
const AUTH = { headers: { authorization: 'Bearer sk_test_offline_demo' } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls the stand-in's customers until `predicate` finds one (or 10 s pass). */
async function findCustomer(mockPort, predicate) {
  let customers = [];
  for (let i = 0; i < 100 && !customers.some(predicate); i++) {
    await sleep(100);
    customers = JSON.parse((await request(mockPort, 'GET', '/v1/customers?limit=100', AUTH)).body).data;
  }
  return customers.find(predicate);
}

describe('npm start (offline, without STRIPE_API_KEY)', function () {
  this.timeout(180000);
  const children = [];
  let userDir;
  after(async () => {
    // On a failure midway, end the whole process group: npm start and the Node-RED it started.
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        // 'close': its stdout and stderr pipes are closed too, so nothing of it stays open.
        const closed = new Promise((r) => child.once('close', r));
        try {
          process.kill(-child.pid, 'SIGKILL');
          await closed;
        } catch {
          /* already gone */
        }
      }
    }
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  /** Runs scripts/start.js as `npm start` does; resolves once it printed `ready`. */
  async function npmStart(port, ready) {
    const env = { ...process.env, PORT: String(port), NODE_RED_USER_DIR: userDir };
    delete env.STRIPE_API_KEY;
    const child = spawn(process.execPath, [START], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.push(child);
    const run = { child, output: '' };
    child.stdout.on('data', (d) => (run.output += d));
    child.stderr.on('data', (d) => (run.output += d));
    const end = Date.now() + 60000;
    while (!ready.test(run.output)) {
      if (child.exitCode !== null || Date.now() > end)
        assert.fail(`npm start did not come up: ${run.output.slice(-800)}`);
      await sleep(100);
    }
    run.mockUrl = /offline stand-in stripe-stateful-mock at (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output)[1];
    run.mockPort = Number(new URL(run.mockUrl).port);
    return run;
  }

  async function stop(run) {
    run.child.kill('SIGINT');
    const code = await new Promise((r) =>
      run.child.exitCode !== null ? r(run.child.exitCode) : run.child.once('exit', r),
    );
    assert.strictEqual(code, 0);
  }

  it('first start: Node-RED with the nodes and the examples against the stand-in, no error printed; examples 02, 05, 09, 10 and 11 run (09, 10 and 11 read in the debug sidebar); stops on SIGINT', async () => {
    const port = await freePort();
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-start-'));
    const run = await npmStart(port, /Example flows deployed/);
    assert.match(run.output, new RegExp(`Example flows deployed\\. Open the editor: http://127\\.0\\.0\\.1:${port}/`));
    assert.match(
      run.output,
      /Examples 01, 02, 03, 04, 05, 09, 10, 11, 12 run offline; 06, 07, 08 need a Stripe test key/,
    );

    const nodes = JSON.parse((await request(port, 'GET', '/nodes')).body).filter(
      (n) => n.module === 'node-red-contrib-stripe',
    );
    assert.deepStrictEqual(nodes.map((n) => [n.name, n.err]).sort(), [
      ['stripe-client', undefined],
      ['stripe-events', undefined],
      ['stripe-fleet', undefined],
      ['stripe-publisher', undefined],
      ['stripe-subscriber', undefined],
      ['stripe-webhook', undefined],
    ]);
    const flows = JSON.parse((await request(port, 'GET', '/flows')).body);
    const tabs = flows.filter((n) => n.type === 'tab').map((n) => n.label);
    assert.deepStrictEqual(
      tabs,
      listExamples()
        .filter((e) => !e.fleet)
        .map((e) => e.title),
    );
    const client = flows.find((n) => n.id === CLIENT_ID);
    assert.strictEqual(client.baseUri, run.mockUrl);
    assert.ok(!JSON.stringify(flows).includes('sk_test_offline_demo'), 'no key in the flows');

    // Click example 02's inject node, as a user would in the editor.
    assert.strictEqual((await request(port, 'POST', '/inject/ex2-i')).status, 200);
    const ada = await findCustomer(
      run.mockPort,
      (c) => c.email === 'ada@example.com' && c.description === 'Updated by Node-RED',
    );
    assert.ok(ada, 'example 02 created and updated a customer');
    // Example 05: the body built in a function node (needs the runtime to take a function node's object).
    assert.strictEqual((await request(port, 'POST', '/inject/ex5-i')).status, 200);
    const order = await findCustomer(run.mockPort, (c) => c.email === 'order-42@example.com');
    assert.ok(order, "example 05 created a customer from the function node's body");
    assert.deepStrictEqual(order.metadata, { order: '42' });
    assert.strictEqual(order.description, 'Created from a function node');

    // Examples 09 and 10, read in the debug sidebar as the user reads them.
    const sidebar = await DebugSidebar.open(port);
    try {
      assert.strictEqual((await request(port, 'POST', '/inject/ex9-i')).status, 200);
      await sidebar.waitFor('ex9-a', (text) => /"received":true/.test(text));
      await sidebar.waitFor('ex9-d1', (text) => /payment_intent\.succeeded/.test(text));
      assert.strictEqual((await request(port, 'POST', '/inject/ex9-i2')).status, 200);
      await sidebar.waitFor('ex9-e', (text) => /refused: No v1 signature matches/.test(text));
      assert.strictEqual(sidebar.of('ex9-d1').length, 1, 'the tampered event was not sent on');

      assert.strictEqual((await request(port, 'POST', '/inject/ex10-i')).status, 200);
      await sidebar.waitFor('ex10-pd');
      assert.strictEqual((await request(port, 'POST', '/inject/ex10-n')).status, 200);
      await sidebar.waitFor('ex10-d1', (text) => /customer\.created/.test(text) && /polled@example\.com/.test(text));
      assert.strictEqual((await request(port, 'POST', '/inject/ex10-r')).status, 200);
      await sidebar.waitFor('ex10-d1', (text) => /"replay":true/.test(text));

      // Example 11: set up, one reading on the meter event stream, the summary counts it.
      assert.strictEqual((await request(port, 'POST', '/inject/ex11-i1')).status, 200);
      await sidebar.waitFor('ex11-d1', (text) => /mtr_/.test(text));
      assert.strictEqual((await request(port, 'POST', '/inject/ex11-i2')).status, 200);
      await sidebar.waitFor('ex11-d2');
      assert.strictEqual((await request(port, 'POST', '/inject/ex11-i4')).status, 200);
      await sidebar.waitFor('ex11-d4', (text) => /"aggregated_value":[1-3]\b/.test(text));
    } finally {
      await sidebar.close();
    }

    // The user's own work, to be kept by the next start.
    const mine = await request(port, 'POST', '/flow', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        label: 'my flow',
        nodes: [{ id: 'my-inject', type: 'inject', name: 'mine', x: 100, y: 100, wires: [] }],
      }),
    });
    assert.strictEqual(mine.status, 200, mine.body);

    await stop(run);
    assert.doesNotMatch(run.output, /\[error\]/, 'no [error] line on a first start');
    await assert.rejects(request(port, 'GET', '/flows'), /ECONNREFUSED/, 'Node-RED stopped');
    await assert.rejects(request(run.mockPort, 'GET', '/v1/customers'), /ECONNREFUSED/, 'the stand-in stopped');
  });

  it("second start: keeps the user's flows, says so, points the example client at the new stand-in", async () => {
    assert.ok(userDir, 'runs after the first start');
    const port = await freePort();
    const run = await npmStart(port, /Kept your flows/);
    assert.match(
      run.output,
      new RegExp(
        `Kept your flows; pointed the example client at ${run.mockUrl.replace(/\./g, '\\.')}\\. Open the editor: http://127\\.0\\.0\\.1:${port}/`,
      ),
    );
    assert.doesNotMatch(run.output, /Example flows deployed/);
    const flows = JSON.parse((await request(port, 'GET', '/flows')).body);
    assert.ok(
      flows.some((n) => n.type === 'tab' && n.label === 'my flow'),
      "the user's tab is kept",
    );
    assert.ok(
      flows.some((n) => n.id === 'my-inject'),
      "the user's node is kept",
    );
    assert.strictEqual(flows.find((n) => n.id === CLIENT_ID).baseUri, run.mockUrl);
    // The example client still has its key (kept in the credentials) and reaches the new stand-in.
    // The flows are started again after that deploy: the inject node answers once it is running.
    let injected;
    for (let i = 0; i < 50; i++) {
      injected = (await request(port, 'POST', '/inject/ex2-i')).status;
      if (injected !== 404) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.strictEqual(injected, 200);
    assert.ok(
      await findCustomer(run.mockPort, (c) => c.email === 'ada@example.com'),
      'example 02 runs after a restart',
    );
    await stop(run);
    assert.doesNotMatch(run.output, /\[error\]/);
  });
});

describe('npm start against a Node-RED that is still loading (scripts/start.js)', function () {
  let server;
  let seen;
  let answers;
  before(async () => {
    // Like Node-RED before it has read the flow file: version 1 of GET /flows fails (and Node-RED logs
    // "[error] TypeError: Cannot read properties of null (reading 'flows')"), version 2 answers null.
    server = await listenOnLoopback(
      http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          const version = req.headers['node-red-api-version'] || 'v1';
          seen.push({
            method: req.method,
            url: req.url,
            version,
            body: chunks.length ? JSON.parse(Buffer.concat(chunks)) : undefined,
          });
          if (req.method === 'POST') return res.writeHead(204).end();
          const config = answers.length > 1 ? answers.shift() : answers[0];
          if (config === null && version === 'v1') {
            res.writeHead(400, { 'content-type': 'application/json' });
            return res.end(
              JSON.stringify({
                code: 'unexpected_error',
                message: "TypeError: Cannot read properties of null (reading 'flows')",
              }),
            );
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(version === 'v1' ? config.flows : config));
        });
      }),
    );
    start.adminApi.port = Number(new URL(server.url).port);
  });
  after(() => server.stop());
  beforeEach(() => {
    seen = [];
  });

  it('waits for the flows with the version-2 API (null until loaded) and never asks in a way that errors', async () => {
    answers = [null, null, null, { flows: [], rev: 'r1' }];
    const flows = await start.waitForFlows({ exitCode: null });
    assert.deepStrictEqual(flows, []);
    assert.strictEqual(seen.length, 4);
    assert.ok(seen.every((r) => r.method === 'GET' && r.url === '/flows' && r.version === 'v2'));
  });

  it('first start deploys the examples; a later one keeps the flows and re-points the client, or leaves them alone', async () => {
    assert.strictEqual(await start.deploy([], 'http://127.0.0.1:1', 'sk_test_x'), 'Example flows deployed');
    const deployed = seen[0].body;
    assert.strictEqual(deployed.filter((n) => n.type === 'tab').length, listExamples().filter((e) => !e.fleet).length);
    assert.deepStrictEqual(deployed.find((n) => n.id === CLIENT_ID).credentials, { apiKey: 'sk_test_x' });

    seen = [];
    const mine = [
      { id: 't1', type: 'tab', label: 'mine' },
      { id: CLIENT_ID, type: 'stripe-client', baseUri: 'http://127.0.0.1:1' },
    ];
    assert.strictEqual(
      await start.deploy(mine, 'http://127.0.0.1:2', 'sk_test_y'),
      'Kept your flows; pointed the example client at http://127.0.0.1:2',
    );
    assert.deepStrictEqual(
      seen[0].body.map((n) => n.id),
      ['t1', CLIENT_ID],
    );
    assert.strictEqual(seen[0].body[1].baseUri, 'http://127.0.0.1:2');

    seen = [];
    const noClient = await start.deploy([{ id: 't1', type: 'tab', label: 'mine' }], 'http://127.0.0.1:2', 'sk_test_y');
    assert.match(noClient, /^Kept your flows \(they have no example client/);
    assert.deepStrictEqual(seen, [], 'nothing deployed');
  });
});
