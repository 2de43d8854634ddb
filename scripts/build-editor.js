#!/usr/bin/env node
// Builds the editor's shared code: src/editor/*.js (+ style.css) -> resources/stripe-editor.js, one
// self-contained script that the three node html files load with
//   <script src="resources/node-red-contrib-stripe/stripe-editor.js"></script>
// Node-RED serves a module's resources/ folder at resources/<module-name>/. The script defines
// window.NRStripeEditor once, however many html files include it.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const root = path.resolve(__dirname, '..');
const src = path.join(root, 'src', 'editor');
const outDir = path.join(root, 'resources');
const outFile = path.join(outDir, 'stripe-editor.js');

// Order matters: core first (strings, catalogue, search), then the widgets that use it.
const FILES = ['core.js', 'dropdown.js', 'operation-dialog.js', 'client-dialog.js'];

function build() {
  const catalogue = JSON.parse(fs.readFileSync(path.join(root, 'spec', 'catalogue.json'), 'utf8'));
  const css = fs.readFileSync(path.join(src, 'style.css'), 'utf8');
  const version = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  const parts = FILES.map((f) => `// ---- src/editor/${f}\n${fs.readFileSync(path.join(src, f), 'utf8')}`);
  const code = [
    `/* node-red-contrib-stripe ${version}: shared editor code, built by scripts/build-editor.js from src/editor/. */`,
    '(function () {',
    "  'use strict';",
    '  if (window.NRStripeEditor) return;',
    '  var S = (window.NRStripeEditor = {});',
    `  S.VERSION = ${JSON.stringify(version)};`,
    `  /** The API version of the bundled catalogue: the config node's default Stripe-Version. */`,
    `  S.API_VERSION = ${JSON.stringify(catalogue.apiVersion)};`,
    ...parts,
    '  // ---- src/editor/style.css',
    `  var style = document.createElement('style');`,
    `  style.id = 'stripe-editor-style';`,
    `  style.textContent = ${JSON.stringify(css)};`,
    '  document.head.appendChild(style);',
    '})();',
    '',
  ].join('\n');
  new vm.Script(code, { filename: 'stripe-editor.js' }); // a syntax error fails the build, not the editor
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(outFile, code);
  return outFile;
}

const file = build();
if (require.main === module) console.log(`editor: ${path.relative(root, file)} (${fs.statSync(file).size} bytes)`);
