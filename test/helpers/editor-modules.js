'use strict';
// Loads the editor's TypeScript modules (src/editor/*.ts) in Node for the unit tests: a require hook
// compiles each .ts file with esbuild (types stripped, ES modules to CommonJS, the build's constants
// defined as scripts/build-editor.js defines them). Type-checking is the build's job, not this hook's.
// The modules' texts come from RED._; here it answers with the message key and its placeholders,
// so a test can see which message was chosen and what it was given.
const fs = require('fs');
const Module = require('module');
const esbuild = require('esbuild');
const { defines } = require('../../scripts/build-editor');

if (!Module._extensions['.ts']) {
  const define = defines();
  Module._extensions['.ts'] = (module, filename) => {
    const { code } = esbuild.transformSync(fs.readFileSync(filename, 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
      define,
    });
    module._compile(code, filename);
  };
}

/** RED._ as the modules see it: `key {"name":"value"}`, or the key alone. */
function translate(key, subs) {
  const short = key.replace('node-red-contrib-stripe/stripe-client:', '').replace(/^editor\./, '');
  return subs ? `${short} ${JSON.stringify(subs)}` : short;
}

globalThis.RED = globalThis.RED || { _: translate };

/** The catalogue the editor gets from GET stripe/catalogue (as the runtime slims it). */
function editorCatalogue() {
  const { editorCatalogue } = require('../../dist/nodes/admin/catalogue');
  return JSON.parse(JSON.stringify(editorCatalogue()));
}

/** One operation's details as GET stripe/catalogue/operations/:id serves them (nested parameters). */
function operationDetails(id) {
  const { operationDetails: details } = require('../../dist/nodes/admin/catalogue');
  const op = details(id);
  if (!op) throw new Error(`no details for ${id}`);
  return JSON.parse(JSON.stringify(op));
}

module.exports = { editorCatalogue, operationDetails };
