'use strict';
// What `npm pack` ships loads in a plain Node-RED: the tarball is installed (runtime dependencies
// only) into a fresh user dir, Node-RED starts on loopback, and its admin API lists the three nodes
// with no error, serves their editor code and the catalogue.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync, spawn } = require('child_process');
const { request, freePort } = require('./helpers/http');

const get = (port, urlPath) => request(port, 'GET', urlPath);

const root = path.join(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the packed package in a plain Node-RED', function () {
  this.timeout(180000);
  let dir;
  let tarball;
  let files;
  let child;
  let output = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nr-stripe-pack-'));
    const packed = JSON.parse(
      execFileSync(npm, ['pack', '--json', '--pack-destination', dir], {
        cwd: root,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }),
    );
    tarball = path.join(dir, packed[0].filename);
    files = packed[0].files.map((f) => f.path);
  });
  after(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      // 'close', not 'exit': its stdout and stderr pipes are closed too, so nothing of it stays open.
      const closed = new Promise((r) => child.once('close', r));
      child.kill('SIGINT');
      await closed;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('ships the built nodes, their editor, locales, icons, catalogue and examples, and no sources or tests', () => {
    for (const f of [
      'dist/nodes/stripe-client.js',
      'dist/nodes/stripe-client.html',
      'dist/nodes/stripe-subscriber.js',
      'dist/nodes/stripe-subscriber.html',
      'dist/nodes/stripe-publisher.js',
      'dist/nodes/stripe-publisher.html',
      'dist/nodes/stripe-webhook.js',
      'dist/nodes/stripe-webhook.html',
      'dist/nodes/stripe-events.js',
      'dist/nodes/stripe-events.html',
      'dist/nodes/locales/de/stripe-webhook.html',
      'dist/nodes/locales/en-US/stripe-client.json',
      'dist/nodes/locales/de/stripe-client.json',
      'dist/stripe/http/client.js',
      'resources/stripe-editor.js',
      'spec/catalogue.json',
      'examples/01-list-every-customer-pagination.json',
      'LICENSE',
      'README.md',
      'package.json',
    ]) {
      assert.ok(files.includes(f), `${f} is in the package`);
    }
    assert.ok(
      files.some((f) => f.startsWith('dist/nodes/icons/')),
      'icons beside the nodes',
    );
    assert.deepStrictEqual(
      files.filter((f) => /^(src|test|bench|scripts)\//.test(f) || f.endsWith('.ts')),
      [],
    );
  });

  it('installs with runtime dependencies only and loads all six nodes with no error', async () => {
    const userDir = path.join(dir, 'userdir');
    fs.mkdirSync(userDir);
    fs.writeFileSync(
      path.join(userDir, 'package.json'),
      JSON.stringify({ name: 'plain-node-red', version: '1.0.0', private: true }),
    );
    execFileSync(
      npm,
      ['install', tarball, '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'],
      { cwd: userDir, stdio: 'ignore' },
    );
    const installed = fs.readdirSync(path.join(userDir, 'node_modules'));
    assert.ok(!installed.includes('node-red'), 'Node-RED is the host, not a dependency');
    assert.ok(!installed.includes('typescript') && !installed.includes('mocha'), 'no devDependency installed');

    const port = await freePort();
    child = spawn(
      process.execPath,
      [require.resolve('node-red/red.js'), '--userDir', userDir, '--port', String(port), '-D', 'uiHost=127.0.0.1'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    let nodes;
    for (let i = 0; i < 240 && !nodes; i++) {
      try {
        const r = await get(port, '/nodes');
        if (r.status === 200) nodes = JSON.parse(r.body);
      } catch {
        await new Promise((res) => setTimeout(res, 250));
      }
    }
    assert.ok(nodes, `Node-RED answered: ${output.slice(-500)}`);
    const ours = nodes.filter((n) => n.module === 'node-red-contrib-stripe');
    assert.deepStrictEqual(ours.map((n) => [n.name, n.types, n.enabled, n.err]).sort(), [
      ['stripe-client', ['stripe-client'], true, undefined],
      ['stripe-events', ['stripe-events'], true, undefined],
      ['stripe-fleet', ['stripe-fleet'], true, undefined],
      ['stripe-publisher', ['stripe-publisher'], true, undefined],
      ['stripe-subscriber', ['stripe-subscriber'], true, undefined],
      ['stripe-webhook', ['stripe-webhook'], true, undefined],
    ]);
    const html = await get(port, '/nodes');
    assert.strictEqual(html.status, 200);
    const editor = await get(port, '/resources/node-red-contrib-stripe/stripe-editor.js');
    assert.strictEqual(editor.status, 200);
    const catalogue = await get(port, '/stripe/catalogue');
    assert.strictEqual(catalogue.status, 200);
    assert.match(catalogue.body, /GetTaxIdsId/);
    const en = await get(port, '/locales/node-red-contrib-stripe/stripe-client?lng=en-US');
    assert.strictEqual(en.status, 200);
    assert.doesNotMatch(output, /\[node-red-contrib-stripe[^\]]*\] Error/);
  });
});
