'use strict';
// `npm start` as a newcomer runs it (here on a free port and a temporary user dir): Node-RED with
// the nodes loaded and the examples deployed, pointed at the offline stand-in; an example clicked in
// the running Node-RED reaches the stand-in; Ctrl-C stops everything.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { request, freePort } = require('./helpers/http');

describe('npm start (offline, without STRIPE_API_KEY)', function () {
  this.timeout(90000);
  let child;
  let userDir;
  let output = '';
  after(async () => {
    // On a failure midway, end the whole process group: npm start and the Node-RED it started.
    if (child && child.exitCode === null) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('starts Node-RED with the nodes and the examples against the stand-in, runs an example, and stops on SIGINT', async () => {
    const port = await freePort();
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-start-'));
    const env = { ...process.env, PORT: String(port), NODE_RED_USER_DIR: userDir };
    delete env.STRIPE_API_KEY;
    child = spawn(process.execPath, [path.join(__dirname, '..', 'scripts', 'start.js')], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const end = Date.now() + 60000;
    while (!/Example flows deployed/.test(output)) {
      if (child.exitCode !== null || Date.now() > end) assert.fail(`npm start did not come up: ${output.slice(-800)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(output, new RegExp(`Open the editor: http://127\\.0\\.0\\.1:${port}/`));
    const mockUrl = /offline stand-in stripe-stateful-mock at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)[1];

    const nodes = JSON.parse((await request(port, 'GET', '/nodes')).body).filter((n) => n.module === 'node-red-contrib-stripe');
    assert.deepStrictEqual(nodes.map((n) => [n.name, n.err]).sort(), [['stripe-client', undefined], ['stripe-publisher', undefined], ['stripe-subscriber', undefined]]);
    const flows = JSON.parse((await request(port, 'GET', '/flows')).body);
    const tabs = flows.filter((n) => n.type === 'tab').map((n) => n.label);
    assert.strictEqual(tabs.length, 7);
    const client = flows.find((n) => n.type === 'stripe-client');
    assert.strictEqual(client.baseUri, mockUrl);
    assert.ok(!JSON.stringify(flows).includes('sk_test_offline_demo'), 'no key in the flows');

    // Click example 02's inject node, as a user would in the editor.
    assert.strictEqual((await request(port, 'POST', '/inject/ex2-i')).status, 200);
    const mockPort = Number(new URL(mockUrl).port);
    let customers = [];
    for (let i = 0; i < 100 && !customers.some((c) => c.description === 'Updated by Node-RED'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const res = await request(mockPort, 'GET', '/v1/customers?limit=100', { headers: { authorization: 'Bearer sk_test_offline_demo' } });
      customers = JSON.parse(res.body).data;
    }
    assert.ok(customers.some((c) => c.email === 'ada@example.com' && c.description === 'Updated by Node-RED'), 'example 02 created and updated a customer');

    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    assert.strictEqual(code, 0);
    await assert.rejects(request(port, 'GET', '/flows'), /ECONNREFUSED/, 'Node-RED stopped');
    await assert.rejects(request(mockPort, 'GET', '/v1/customers'), /ECONNREFUSED/, 'the stand-in stopped');
  });
});
