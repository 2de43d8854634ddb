#!/usr/bin/env node
// Builds the editor: type-checks src/editor (its own tsconfig: strict, DOM, jQuery and Node-RED's
// editor types; esbuild only strips types) and bundles src/editor/index.ts (+ style.css as text) into
// resources/stripe-editor.js, one self-contained script that the three node html files load with
//   <script src="resources/node-red-contrib-stripe/stripe-editor.js"></script>
// Node-RED serves a module's resources/ folder at resources/<module-name>/. The script defines
// window.NRStripeEditor once, however many html files include it.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const outFile = path.join(root, 'resources', 'stripe-editor.js');

/** The constants the bundle is built with (the unit tests compile the editor's modules with them too). */
function defines() {
  const catalogue = JSON.parse(fs.readFileSync(path.join(root, 'spec', 'catalogue.json'), 'utf8'));
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  return {
    __STRIPE_EDITOR_VERSION__: JSON.stringify(version),
    __STRIPE_API_VERSION__: JSON.stringify(catalogue.apiVersion),
    __STRIPE_EVENT_TYPES__: JSON.stringify(catalogue.eventTypes || []),
    __STRIPE_THIN_EVENT_TYPES__: JSON.stringify(catalogue.thinEventTypes || []),
    __STRIPE_API_VERSIONS__: JSON.stringify(catalogue.versions || [catalogue.apiVersion]),
  };
}

function typeCheck() {
  execFileSync(
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'src', 'editor', 'tsconfig.json')],
    { stdio: 'inherit' },
  );
}

function build() {
  typeCheck();
  const version = JSON.parse(defines().__STRIPE_EDITOR_VERSION__);
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'src', 'editor', 'index.ts')],
    outfile: outFile,
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    define: defines(),
    loader: { '.css': 'text' },
    banner: {
      js: `/* node-red-contrib-stripe ${version}: the editor, built by scripts/build-editor.js from src/editor/. */`,
    },
    logLevel: 'warning',
  });
  return outFile;
}

module.exports = { build, defines };

if (require.main === module) {
  const file = build();
  console.log(`editor: ${path.relative(root, file)} (${fs.statSync(file).size} bytes)`);
}
