'use strict';
// Example 12 as a newcomer runs it: `npm start` (scripts/start.js, on a free port and a temporary
// user dir) without STRIPE_API_KEY, the inject nodes clicked in order: uplink off, send 3 orders
// (held: three records in the publisher's queue file, nothing at the stand-in), uplink on (the
// three at the stand-in once each, in order; the debug sidebar shows them with msg.stripe.held).
// On Node.js 20 the publisher says that hold needs Node.js 22.13 or later.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { request, freePort } = require('../helpers/http');
const { DebugSidebar } = require('../helpers/debug-sidebar');
const { holdAvailable, heldCount } = require('../../dist/stripe');

const START = path.join(__dirname, '..', '..', 'scripts', 'start.js');
const AUTH = { headers: { authorization: 'Bearer sk_test_offline_demo' } };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function orders(mockPort) {
  const list = JSON.parse((await request(mockPort, 'GET', '/v1/customers?limit=100', AUTH)).body).data;
  return list.filter((c) => /^order \d at /.test(c.description));
}

describe('example 12: hold messages while offline (npm start)', function () {
  this.timeout(120000);
  let child;
  let userDir;
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const closed = new Promise((r) => child.once('close', r));
      child.kill('SIGINT');
      await closed;
    }
    if (userDir) fs.rmSync(userDir, { recursive: true, force: true });
  });

  it('uplink off, send 3 orders (held), uplink on: each order once at the stand-in, in order, shown with msg.stripe.held', async () => {
    const port = await freePort();
    userDir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-hold-example-'));
    const env = { ...process.env, PORT: String(port), NODE_RED_USER_DIR: userDir };
    delete env.STRIPE_API_KEY;
    child = spawn(process.execPath, [START], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    for (const end = Date.now() + 60000; !/Example flows deployed/.test(output); await sleep(100))
      if (child.exitCode !== null || Date.now() > end) assert.fail(`npm start did not come up: ${output.slice(-800)}`);
    const mockPort = Number(/stripe-stateful-mock at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)[1]);
    const file = path.join(userDir, 'stripe-held', 'ex12-p.sqlite');
    // "Example flows deployed" comes when the deploy is answered; Node-RED starts the flows just after,
    // and until then an inject node's route answers 404 (seen on a busy machine): clicked again then.
    const click = async (id) => {
      let status;
      for (const end = Date.now() + 10000; (status = (await request(port, 'POST', `/inject/${id}`)).status) === 404;) {
        if (Date.now() > end) break;
        await sleep(100);
      }
      assert.strictEqual(status, 200);
    };

    const sidebar = await DebugSidebar.open(port);
    try {
      await click('ex12-i-off');
      await sidebar.waitFor('ex12-dh', (t) => /"mode":"down"/.test(t));
      await click('ex12-i-send');
      if (!holdAvailable()) {
        await sidebar.waitFor('ex12-e', (t) => /offline: hold needs Node\.js 22\.13 or later/.test(t));
        assert.match(output, /\[warn\] \[stripe-publisher:[^\]]*\] offline: hold needs Node\.js 22\.13 or later/);
        return;
      }
      for (const end = Date.now() + 20000; !(fs.existsSync(file) && heldCount(file) === 3); await sleep(100))
        if (Date.now() > end) assert.fail('three held');
      await sleep(1500);
      assert.deepStrictEqual(await orders(mockPort), [], 'nothing reached the stand-in while the uplink was off');
      assert.strictEqual(sidebar.of('ex12-d').length, 0);

      await click('ex12-i-on');
      await sidebar.waitFor('ex12-dh', (t) => /"mode":"up"/.test(t));
      for (const end = Date.now() + 30000; sidebar.of('ex12-d').length < 3; await sleep(100))
        if (Date.now() > end) assert.fail(`three sent: ${JSON.stringify(sidebar.of('ex12-d'))}`);
      await sleep(1000);
      const shown = sidebar.of('ex12-d').map((m) => JSON.parse(m.msg));
      assert.deepStrictEqual(
        shown.map((m) => m.topic),
        ['order 1', 'order 2', 'order 3'],
      );
      for (const m of shown) assert.ok(m.stripe.held && m.stripe.held.attempts >= 1, JSON.stringify(m.stripe));
      const made = await orders(mockPort);
      assert.strictEqual(made.length, 3, 'each order once');
      assert.deepStrictEqual(made.map((c) => c.metadata.order).sort(), ['1', '2', '3']);
      assert.strictEqual(heldCount(file), 0);
      assert.deepStrictEqual(sidebar.of('ex12-e'), []);
    } finally {
      await sidebar.close();
    }
  });
});
