'use strict';
// Every runtime text the code names (a code such as 'errors.missingPath', 'status.retrying' or a
// rule's 'rules.baseUriScheme') is in the English and the German stripe-client catalog, with the same
// placeholders in both: a text added in English only, or a placeholder renamed on one side, fails
// here rather than showing a German user a key or an unfilled __name__.
const assert = require('assert');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const { RULE_TEXTS } = require('../dist/rules');
const catalog = (lang) => JSON.parse(fs.readFileSync(path.join(root, 'locales', lang, 'stripe-client.json'), 'utf8'));
const LANGS = ['en-US', 'de'];
/** The runtime's sections of the catalog (the editor's are checked with the editor). */
const RUNTIME = /^(errors|status|rules)\./;

/** Every dotted key of a catalog whose value is a text. */
function keys(obj, prefix = '') {
  return Object.entries(obj).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  );
}

const lookup = (obj, key) => key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), obj);
const placeholders = (text) => [...new Set(text.match(/__[A-Za-z0-9_]+?__/g) || [])].sort();

/** The runtime's sources: every .ts under src/ but the editor's. */
function sources(dir = path.join(root, 'src')) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'editor' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}
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
 * The codes the sources name: quoted literals such as 'errors.noFile', and the rules' refusals,
 * refuse('baseUriScheme', ...) in src/rules, which are 'rules.baseUriScheme' (TypeScript holds
 * their names to RULE_TEXTS).
 */
function codesInSources() {
  const codes = new Map();
  for (const file of sources()) {
    const src = fs.readFileSync(file, 'utf8');
    for (const m of src.matchAll(/'((?:errors|status|rules)\.[A-Za-z0-9_.]+)'/g)) codes.set(m[1], rel(file));
    if (!rel(file).startsWith(`src${path.sep}rules`)) continue;
    for (const m of src.matchAll(/\brefuse(?:<[^>]*>)?\(/g)) {
      const args = argumentsAt(src, m.index + m[0].length - 1);
      for (const name of args.matchAll(/'([A-Za-z0-9]+)'/g)) {
        if (Object.prototype.hasOwnProperty.call(RULE_TEXTS, name[1])) codes.set(`rules.${name[1]}`, rel(file));
      }
    }
  }
  return codes;
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

  it('no runtime text is left unused in the catalog', () => {
    const codes = codesInSources();
    const unused = keys(cats['en-US']).filter((k) => RUNTIME.test(k) && !codes.has(k));
    assert.deepStrictEqual(unused, []);
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
