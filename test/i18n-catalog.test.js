'use strict';
// Every runtime text the code names (a code such as 'errors.missingPath', 'status.retrying' or a
// rule's 'rules.baseUriScheme') is in the English and the German stripe-client catalog, with the same
// placeholders in both: a text added in English only, or a placeholder renamed on one side, fails
// here rather than showing a German user a key or an unfilled __name__. And no text of the runtime,
// the rules or the editor stays in the catalogs once nothing uses it.
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { RULE_TEXTS } = require('../dist/rules');
const catalog = (lang) => JSON.parse(fs.readFileSync(path.join(root, 'locales', lang, 'stripe-client.json'), 'utf8'));
const LANGS = ['en-US', 'de'];
/** The runtime's sections of the catalog (the rules' texts are the editor's too). */
const RUNTIME = /^(errors|status|rules)\./;
/** Every section the code words: the runtime's and the editor's. */
const WORDED = /^(errors|status|rules|editor)\./;

/** Every dotted key of a catalog whose value is a text. */
function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

const lookup = (obj, key) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);
const placeholders = (text) => [...new Set(text.match(/__[A-Za-z0-9_]+?__/g) || [])].sort();

/** Every .ts under a folder of src/ (the editor's left out of the runtime's walk). */
function sources(dir = path.join(root, 'src'), skip = ['editor']) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return skip.includes(e.name) ? [] : sources(p, skip);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}
const editorSources = () => sources(path.join(root, 'src', 'editor'), []);
const rel = (file) => path.relative(root, file);

/** The text of a call's arguments: from after `(` to its matching `)`. */
function argumentsAt(src, open) {
  let depth = 0;
  for (let i = open; i < src.length; i++) {
    if (src[i] === '(') depth++;
    else if (src[i] === ')' && --depth === 0) return src.slice(open + 1, i);
  }
  return '';
}

/**
 * The codes the sources name: the runtime's quoted literals such as 'errors.noFile'; the rules'
 * refusals, refuse('baseUriScheme', ...) in src/rules, which are 'rules.baseUriScheme' (TypeScript
 * holds their names to RULE_TEXTS); and the editor's t('picker.none') (NRStripeEditor._ in the nodes'
 * dialogs), which is 'editor.picker.none', or data-i18n="node-red-contrib-stripe/stripe-client:editor.fleet.label.url"
 * in a dialog's template; and the keys a template of the editor builds (BUILT).
 */
function codesInSources() {
  const codes = new Map();
  for (const file of sources()) {
    const src = fs.readFileSync(file, 'utf8');
    // The runtime's codes; and the editor's own that an admin route words (the fleet's Test button).
    for (const m of src.matchAll(/'((?:errors|status|rules|editor)\.[A-Za-z0-9_.]+)'/g)) codes.set(m[1], rel(file));
    if (!rel(file).startsWith(`src${path.sep}rules`)) continue;
    for (const m of src.matchAll(/\brefuse(?:<[^>]*>)?\(/g)) {
      const args = argumentsAt(src, m.index + m[0].length - 1);
      for (const name of args.matchAll(/'([A-Za-z0-9]+)'/g)) {
        if (Object.prototype.hasOwnProperty.call(RULE_TEXTS, name[1])) codes.set(`rules.${name[1]}`, rel(file));
      }
    }
  }
  for (const file of editorSources()) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\bt\('([A-Za-z0-9_.]+)'/g)) codes.set(`editor.${m[1]}`, rel(file));
  }
  for (const [template, file] of templatesInEditor()) {
    for (const key of BUILT[template] || []) codes.set(`editor.${key}`, file);
  }
  // The nodes' dialogs call the editor's t as NRStripeEditor._('errors.maxItems').
  for (const name of fs.readdirSync(path.join(root, 'nodes')).filter((n) => n.endsWith('.html'))) {
    const src = fs.readFileSync(path.join(root, 'nodes', name), 'utf8');
    for (const m of src.matchAll(/NRStripeEditor\._\('([A-Za-z0-9_.]+)'/g))
      codes.set(`editor.${m[1]}`, `nodes/${name}`);
    // ... and name them in their templates with the catalog's namespace: data-i18n="...stripe-client:editor.fleet.label.url".
    for (const m of src.matchAll(
      /data-i18n="(?:\[\w+\])?node-red-contrib-stripe\/stripe-client:(editor\.[A-Za-z0-9_.]+)"/g,
    ))
      codes.set(m[1], `nodes/${name}`);
  }
  return codes;
}

/**
 * The keys the editor builds, t(`client.mode.${r.mode}`): each template, as written in src/editor,
 * with every key it can give. A new template fails the test until it is listed here.
 */
const BUILT = {
  'add.expand${section.kind.charAt(0).toUpperCase()}${section.kind.slice(1)}': ['add.expandQuery'],
  "add.${section.kind}${section.known.length ? '' : 'Free'}": [
    'add.path',
    'add.pathFree',
    'add.query',
    'add.queryFree',
    'add.payload',
    'add.payloadFree',
  ],
  'client.key.${info.problem}': ['client.key.publishable', 'client.key.unknown', 'client.key.notDeployed'],
  "client.key.${info.mode}${info.kind === 'restricted' ? 'Restricted' : ''}": [
    'client.key.test',
    'client.key.live',
    'client.key.testRestricted',
    'client.key.liveRestricted',
  ],
  'client.tips.${name}': [
    'name',
    'apiKey',
    'baseUri',
    'apiVersion',
    'stripeAccount',
    'logging',
    'timeout',
    'maxRetries',
    'rateLimit',
  ].map((n) => `client.tips.${n}`),
  'client.mode.${r.mode}': ['client.mode.test', 'client.mode.live'],
  'picker.${op.pagination}': ['picker.list', 'picker.search'],
  'pagination.kind.${kind}': ['pagination.kind.list', 'pagination.kind.search', 'pagination.kind.unknown'],
  'section.${this.kind}': ['section.path', 'section.query', 'section.payload'],
  'section.${this.kind}Source': ['section.pathSource', 'section.querySource', 'section.payloadSource'],
};

/** The templates of the keys the editor builds: t(`...${...}...`), with the file each is in. */
function templatesInEditor() {
  const templates = new Map();
  for (const file of editorSources()) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/\bt\(`([^`]*\$\{[^`]*)`/g)) templates.set(m[1], rel(file));
  }
  return templates;
}

describe('runtime texts: the stripe-client catalogs', () => {
  const cats = Object.fromEntries(LANGS.map((l) => [l, catalog(l)]));

  it('every code in the sources is a text in English and in German', () => {
    const codes = codesInSources();
    assert.ok(codes.size > 40, `found only ${codes.size} codes: the walk of the sources is broken`);
    const missing = [];
    for (const [code, file] of codes) {
      for (const lang of LANGS) {
        if (typeof lookup(cats[lang], code) !== 'string') missing.push(`${code} (${file}) in ${lang}`);
      }
    }
    assert.deepStrictEqual(missing, []);
  });

  it('English and German have the same runtime keys, each with the same placeholders', () => {
    const [en, de] = LANGS.map((l) => keys(cats[l]).filter((k) => RUNTIME.test(k)));
    assert.deepStrictEqual([...de].sort(), [...en].sort());
    const differ = en.filter(
      (k) => placeholders(lookup(cats['en-US'], k)).join() !== placeholders(lookup(cats.de, k)).join(),
    );
    assert.deepStrictEqual(differ, []);
  });

  it('no text of the runtime or the editor is left unused in the catalog', () => {
    const codes = codesInSources();
    const unused = keys(cats['en-US']).filter((k) => WORDED.test(k) && !codes.has(k));
    assert.deepStrictEqual(unused, []);
  });

  it('every key the editor builds from a template is listed with the keys it can give', () => {
    const templates = templatesInEditor();
    assert.ok(templates.size >= 5, `found only ${templates.size} templates: the walk of src/editor is broken`);
    const unlisted = [...templates].filter(([t]) => !BUILT[t]).map(([t, file]) => `${t} (${file})`);
    assert.deepStrictEqual(unlisted, []);
    const gone = Object.keys(BUILT).filter((t) => !templates.has(t));
    assert.deepStrictEqual(gone, [], 'templates listed in BUILT that src/editor no longer has');
  });

  it('the German texts are German: none is the English one left untranslated', () => {
    const same = keys(cats['en-US'])
      .filter((k) => RUNTIME.test(k))
      .filter(
        (k) =>
          lookup(cats.de, k) === lookup(cats['en-US'], k) &&
          /[a-z]{4,}/.test(lookup(cats.de, k).replace(/__\w+?__/g, '')),
      );
    assert.deepStrictEqual(same, []);
  });
});
