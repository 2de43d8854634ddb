'use strict';
// The editor's validation of this package's nodes, run in Node.js: the built editor code
// (resources/stripe-editor.js) and the node definitions of nodes/*.html are evaluated in a sandbox
// with a minimal RED and $, the catalogue loaded, and each property checked as Node-RED's editor
// does (RED.editor.validateNode: `required`, `validate(value, opt)` with the node as `this`, and a
// config node reference that must name a node that exists and is itself valid). A node that fails
// here is a node the editor marks with a red triangle and that makes Deploy ask "not properly
// configured ... Are you sure?".
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const ROOT = path.join(__dirname, '..', '..');

function loadDefinitions() {
  const types = {};
  const RED = {
    _: (key) => key,
    nodes: {
      registerType: (type, def) => {
        types[type] = def;
      },
      eachNode: () => {},
    },
    editor: {},
  };
  const $ = {
    extend: (target, ...sources) => Object.assign(target, ...sources),
    ajax: () => ({ done: () => ({ fail: () => {} }) }),
  };
  const window = {};
  const document = { createElement: () => ({}), head: { appendChild: () => {} } };
  const sandbox = { window, document, RED, $, console, URL, URLSearchParams, setTimeout, clearTimeout };
  vm.createContext(sandbox);
  vm.runInContext(fs.readFileSync(path.join(ROOT, 'resources', 'stripe-editor.js'), 'utf8'), sandbox, {
    filename: 'stripe-editor.js',
  });
  sandbox.NRStripeEditor = window.NRStripeEditor;
  const S = window.NRStripeEditor;
  S.setCatalogue(JSON.parse(fs.readFileSync(path.join(ROOT, 'spec', 'catalogue.json'), 'utf8')));
  for (const file of fs.readdirSync(path.join(ROOT, 'nodes')).filter((f) => f.endsWith('.html'))) {
    const html = fs.readFileSync(path.join(ROOT, 'nodes', file), 'utf8');
    for (const m of html.matchAll(/<script type="text\/javascript">([\s\S]*?)<\/script>/g)) {
      vm.runInContext(m[1], sandbox, { filename: file });
    }
  }
  return { types, S };
}

let loaded;

/**
 * The reasons the editor would mark each node of `flows` invalid: [{ id, type, errors }]. Only this
 * package's node types are judged (the core nodes are Node-RED's; the browser test judges them too).
 */
function invalidNodes(flows) {
  loaded = loaded || loadDefinitions();
  const { types } = loaded;
  const byId = new Map(flows.map((n) => [n.id, n]));
  const memo = new Map();
  const check = (node) => {
    if (memo.has(node.id)) return memo.get(node.id);
    memo.set(node.id, []); // a cycle counts as valid, as in the editor
    const def = types[node.type];
    const errors = [];
    for (const [prop, spec] of Object.entries(def.defaults)) {
      const value = node[prop] === undefined ? spec.value : node[prop];
      if (typeof value === 'string' && /^\$(\([A-Za-z_]\w*\)|\{[A-Za-z_]\w*\})$/.test(value)) continue; // env vars
      if (spec.required && value === '') {
        errors.push(`${prop}: required`);
        continue;
      }
      if (spec.validate) {
        if (spec.required === false && value === '') continue;
        const r = spec.validate.call(node, value, {});
        if (r !== true && (typeof r === 'string' || !r))
          errors.push(`${prop}: ${typeof r === 'string' ? r : 'invalid'}`);
      } else if (spec.type && value) {
        const target = byId.get(value);
        if (!target) errors.push(`${prop}: no ${spec.type} ${value}`);
        else if (types[target.type] && check(target).length) errors.push(`${prop}: ${spec.type} ${value} is invalid`);
      }
    }
    memo.set(node.id, errors);
    return errors;
  };
  return flows
    .filter((n) => types[n.type])
    .map((n) => ({ id: n.id, type: n.type, errors: check(n) }))
    .filter((r) => r.errors.length);
}

module.exports = { invalidNodes, loadDefinitions };
