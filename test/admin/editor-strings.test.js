'use strict';
// The editor's strings and help in every language: the same keys, every string the editor code and
// the dialogs use defined, help for each node in Node-RED's style.
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..', '..');

describe('editor strings and help', function () {
  const LANGS = ['en-US', 'de'];
  const NODES = ['stripe-client', 'stripe-subscriber', 'stripe-publisher'];
  function keys(obj, prefix = '') {
    return Object.entries(obj).flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  }

  it('has the same keys in every language', function () {
    for (const node of NODES) {
      const en = keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en-US', `${node}.json`), 'utf8'))).sort();
      const de = keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'de', `${node}.json`), 'utf8'))).sort();
      assert.deepStrictEqual(de, en, node);
    }
  });

  it('defines every string the shared editor code and the dialogs use', function () {
    const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en-US', 'stripe-client.json'), 'utf8'));
    const have = new Set(keys(catalog.editor));
    const dir = path.join(ROOT, 'src', 'editor');
    const code = fs
      .readdirSync(dir, { recursive: true })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
      .join('\n');
    const used = new Set([...code.matchAll(/\bt\('([a-zA-Z.]+)'\s*[,)]/g)].map((m) => m[1]));
    assert.ok(used.size > 20, `found only ${used.size} texts: the walk of src/editor is broken`);
    for (const k of [
      'add.expandQuery',
      'client.key.test',
      'client.key.live',
      'client.key.testRestricted',
      'client.key.liveRestricted',
      'client.key.publishable',
      'client.key.unknown',
      'client.key.notDeployed',
      'client.mode.test',
      'client.mode.live',
      'picker.list',
      'picker.search',
      'pagination.kind.list',
      'pagination.kind.search',
      'pagination.kind.unknown',
      'section.path',
      'section.query',
      'section.payload',
      'section.pathSource',
      'section.querySource',
      'section.payloadSource',
      'add.query',
      'add.queryFree',
      'add.payload',
      'add.payloadFree',
      'add.path',
      'add.pathFree',
    ])
      used.add(k);
    for (const k of used) if (!k.endsWith('.')) assert.ok(have.has(k), `missing editor.${k}`);
    for (const node of NODES) {
      const html = fs.readFileSync(path.join(ROOT, 'nodes', `${node}.html`), 'utf8');
      const nodeCatalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en-US', `${node}.json`), 'utf8'));
      const nodeKeys = new Set(keys(nodeCatalog));
      for (const m of html.matchAll(/data-i18n="(?:\[placeholder\])?([a-zA-Z.-]+)"/g))
        assert.ok(nodeKeys.has(m[1]), `${node}: ${m[1]}`);
    }
  });

  it('has help for each node in each language, in Node-RED style', function () {
    const sections = {
      'en-US': ['Inputs', 'Outputs', 'Details', 'References'],
      de: ['Eingaben', 'Ausgaben', 'Details', 'Referenzen'],
    };
    for (const lang of LANGS) {
      for (const node of [...NODES, 'stripe-fleet']) {
        const help = fs.readFileSync(path.join(ROOT, 'locales', lang, `${node}.html`), 'utf8');
        assert.match(help, new RegExp(`data-help-name="${node}"`));
        // The config nodes have no inputs or outputs.
        const want = ['stripe-client', 'stripe-fleet'].includes(node) ? sections[lang].slice(2) : sections[lang];
        for (const s of want) assert.ok(help.includes(`<h3>${s}</h3>`), `${lang}/${node}: ${s}`);
      }
    }
  });
});
