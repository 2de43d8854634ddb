#!/usr/bin/env node
// Build: compile TypeScript to dist/, then lay out what Node-RED loads beside each node's .js:
// the editor html (nodes/*.html), the message catalogs and help (locales/) and the icons (icons/).
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const distNodes = path.join(dist, 'nodes');

// dist/ is overwritten in place (not removed first), so a build never pulls files from under a running test.
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
  stdio: 'inherit',
});

function copyDir(from, to) {
  if (!fs.existsSync(from)) return;
  fs.cpSync(from, to, { recursive: true });
}

for (const f of fs.readdirSync(path.join(root, 'nodes'))) {
  if (f.endsWith('.html')) fs.copyFileSync(path.join(root, 'nodes', f), path.join(distNodes, f));
}
copyDir(path.join(root, 'locales'), path.join(distNodes, 'locales'));
copyDir(path.join(root, 'icons'), path.join(distNodes, 'icons'));

// The editor: src/editor -> resources/stripe-editor.js (type-checked, then bundled).
require('./build-editor').build();
