'use strict';
// `npm run fleet` as a user runs it (on free ports here): a Redis, the offline stand-in and three
// Node-RED instances with example 13; it prints the three editors' addresses, one instance's poller
// says `polling` and the other two `standing by`; Ctrl-C stops everything.
const assert = require('assert');
const net = require('net');
const path = require('path');
const { spawn } = require('child_process');

const FLEET = path.join(__dirname, '..', '..', 'scripts', 'fleet.js');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Whether a loopback port is free. */
function free(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A first port whose next two are free too. */
async function threeFreePorts() {
  for (let tries = 0; tries < 50; tries++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    if ((await free(base)) && (await free(base + 1)) && (await free(base + 2))) return base;
  }
  throw new Error('no three free ports in a row');
}

describe('npm run fleet', function () {
  this.timeout(150000);
  let child;

  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const closed = new Promise((r) => child.once('close', r));
      process.kill(-child.pid, 'SIGKILL');
      await closed;
    }
  });

  it('three instances, one polls and the others stand by; the three editors printed; Ctrl-C stops everything', async () => {
    const base = await threeFreePorts();
    const env = { ...process.env, FLEET_PORT: String(base) };
    delete env.STRIPE_API_KEY;
    child = spawn(process.execPath, [FLEET], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const end = Date.now() + 120000;
    while (!/Ctrl-C stops everything/.test(output)) {
      if (child.exitCode !== null || Date.now() > end)
        assert.fail(`npm run fleet did not come up:\n${output.slice(-2000)}`);
      await sleep(200);
    }
    const lines = [0, 1, 2].map((i) => {
      const m = new RegExp(`instance ${i + 1}: http://127\\.0\\.0\\.1:${base + i}/ .*poller: (.*)$`, 'm').exec(output);
      assert.ok(m, `the editor of instance ${i + 1} printed:\n${output.slice(-2000)}`);
      return m[1];
    });
    assert.strictEqual(lines.filter((s) => /^polling\b/.test(s)).length, 1, lines.join(' | '));
    assert.strictEqual(lines.filter((s) => /^standing by\b/.test(s)).length, 2, lines.join(' | '));
    assert.match(output, /Instance \d polls; the others stand by/);
    assert.doesNotMatch(output, /\[error\]/);

    child.kill('SIGINT');
    const code = await new Promise((r) => (child.exitCode !== null ? r(child.exitCode) : child.once('exit', r)));
    assert.strictEqual(code, 0);
    for (let i = 0; i < 3; i++) assert.ok(await free(base + i), `port ${base + i} free again`);
  });
});
