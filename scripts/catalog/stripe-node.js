'use strict';
/*
 * Reads the operations stripe-node can call from its package: the `_makeRequest(method, path, params,
 * options, spec)` calls of cjs/resources/**\/*.js (method, path template, `methodType` list/search,
 * `apiBase` files / meter_events, `streaming`) and, with the TypeScript compiler API, the .d.ts beside
 * each: the method's description and its params interface (names, descriptions, required, types, enum
 * literals, nested objects and arrays). OAuth (connect.stripe.com) is left aside.
 */
const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { oneLine } = require('./text');
const { makeResponses } = require('./responses');

const HOSTS = { files: 'https://files.stripe.com', meter_events: 'https://meter-events.stripe.com' };
/** Nesting kept for fields.json (the editor offers `a[0][b][c]`: three levels and more). */
const MAX_FIELD_DEPTH = 5;

function walkJs(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walkJs(p, out);
    else if (e.name.endsWith('.js')) out.push(p);
  }
  return out;
}

function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  return undefined;
}

/** `/v1/customers/${encodeURIComponent(customerId)}/sources` -> `/v1/customers/{customerId}/sources`. */
function templatePath(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (!ts.isTemplateExpression(node)) return undefined;
  let out = node.head.text;
  for (const span of node.templateSpans) {
    const e = span.expression;
    const arg = ts.isCallExpression(e) && e.arguments.length === 1 ? e.arguments[0] : e;
    if (!ts.isIdentifier(arg)) return undefined;
    out += `{${arg.text}}` + span.literal.text;
  }
  return out;
}

const methodKey = (c) => `${c.file} ${c.className}.${c.method}`;

/** Every `_makeRequest` call of the resource files: { file, className, method (JS), httpMethod, path, spec }. */
function readCalls(resourcesDir) {
  const calls = [];
  for (const file of walkJs(resourcesDir)) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2020, true, ts.ScriptKind.JS);
    const visit = (node, className, methodName) => {
      if (ts.isClassDeclaration(node) && node.name) className = node.name.text;
      if (ts.isMethodDeclaration(node)) methodName = node.name.getText(sf);
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === '_makeRequest'
      ) {
        const [m, p, , , specArg] = node.arguments;
        const template = p && templatePath(p);
        const httpMethod = m && literalText(m);
        if (template && typeof httpMethod === 'string') {
          const spec = {};
          if (specArg && ts.isObjectLiteralExpression(specArg)) {
            for (const prop of specArg.properties) {
              if (!ts.isPropertyAssignment(prop)) continue;
              const key = prop.name.getText(sf).replace(/^['"]|['"]$/g, '');
              if (key === 'headers' && ts.isObjectLiteralExpression(prop.initializer)) {
                spec.headers = {};
                for (const h of prop.initializer.properties) {
                  if (ts.isPropertyAssignment(h)) {
                    spec.headers[h.name.getText(sf).replace(/^['"]|['"]$/g, '')] = literalText(h.initializer);
                  }
                }
              } else {
                const v = literalText(prop.initializer);
                if (v !== undefined) spec[key] = v;
              }
            }
          }
          calls.push({ file, className, method: methodName, httpMethod, path: template, spec });
        }
      }
      ts.forEachChild(node, (c) => visit(c, className, methodName));
    };
    visit(sf);
  }
  return calls;
}

// ---------------------------------------------------------------- types

function makeTyper(checker) {
  const F = ts.TypeFlags;
  const isEmptyish = (t) => t.flags & (F.Undefined | F.Null | F.Void) || (t.flags & F.StringLiteral && t.value === '');
  const nameOf = (t) => {
    const s = t.aliasSymbol || t.getSymbol();
    return s ? s.getName() : '';
  };
  const isStringish = (t) =>
    !!(t.flags & (F.String | F.StringLiteral)) ||
    (t.isIntersection() && t.types.some((x) => x.flags & F.String)) ||
    nameOf(t) === 'Decimal';
  const isArray = (t) => checker.isArrayType(t) || checker.isTupleType(t);
  const props = (t) =>
    checker
      .getPropertiesOfType(t)
      .filter((s) => !(s.flags & ts.SymbolFlags.Method))
      .filter((s) => !s.getName().startsWith('__'));

  /** What a TypeScript type is as a Stripe parameter: { type, enum?, fields?: Symbol[] } */
  function describe(type) {
    const all = type.isUnion() ? type.types : [type];
    const variants = all.filter((t) => !isEmptyish(t));
    if (!variants.length && all.some((t) => t.flags & F.StringLiteral)) return { type: 'string', enum: [''] };
    const literals = [];
    let hasString = false;
    let hasNumber = false;
    let hasBoolean = false;
    let object;
    let array;
    for (const t of variants) {
      if (t.flags & F.StringLiteral) literals.push(t.value);
      else if (isStringish(t)) hasString = true;
      else if (t.flags & (F.Number | F.NumberLiteral)) hasNumber = true;
      else if (t.flags & (F.Boolean | F.BooleanLiteral)) hasBoolean = true;
      else if (isArray(t)) array = array || t;
      else if (t.flags & F.Object || t.isIntersection()) object = object || t;
    }
    const out = {};
    let element;
    if (object) {
      out.type = 'object';
      element = object;
    } else if (array) {
      out.type = 'array';
      const [el] = checker.getTypeArguments(array);
      if (el) element = el;
    } else if (hasNumber) out.type = 'number';
    else if (hasBoolean) out.type = 'boolean';
    else if (hasString || literals.length) out.type = 'string';
    if (literals.length && !object && !array) out.enum = [...new Set(literals)].sort();
    if (element && out.type === 'array') {
      // An array of objects: its element's fields; of strings with literals: its enum.
      const inner = describe(element);
      if (inner.enum) out.enum = inner.enum;
      if (inner.fieldsOf) out.fieldsOf = inner.fieldsOf;
    } else if (element && props(element).length) {
      out.fieldsOf = element;
    }
    out.deepObject = !!(object || array);
    return out;
  }

  const docOf = (sym) => oneLine(ts.displayPartsToString(sym.getDocumentationComment(checker)));

  /** The params of a type, `fields` nested to `depth` levels. */
  function params(type, depth, seen = new Set()) {
    const out = [];
    for (const sym of props(type)) {
      const decl = sym.valueDeclaration || (sym.declarations && sym.declarations[0]);
      const t = decl ? checker.getTypeOfSymbolAtLocation(sym, decl) : checker.getTypeOfSymbol(sym);
      const d = describe(t);
      const p = { name: sym.getName(), required: !(sym.flags & ts.SymbolFlags.Optional), description: docOf(sym) };
      if (d.type) p.type = d.type;
      if (d.enum) p.enum = d.enum;
      if (d.deepObject) p.deepObject = true;
      if (d.fieldsOf && depth > 1 && !seen.has(d.fieldsOf)) {
        seen.add(d.fieldsOf);
        const fields = params(d.fieldsOf, depth - 1, seen);
        seen.delete(d.fieldsOf);
        if (fields.length) p.fields = fields;
      }
      out.push(p);
    }
    return out;
  }
  return { params };
}

/** Methods of the resource classes in a .d.ts: `${className}.${method}` -> { node, params type node }. */
function declaredMethods(sf) {
  const out = new Map();
  const visit = (node, className) => {
    if (ts.isClassDeclaration(node) && node.name) className = node.name.text;
    if (className && ts.isMethodDeclaration(node)) {
      const key = `${className}.${node.name.getText(sf)}`;
      const paramsNode = node.parameters.find((p) => p.name.getText(sf) === 'params');
      const existing = out.get(key);
      if (!existing || (!existing.paramsNode && paramsNode)) out.set(key, { node, paramsNode });
      return;
    }
    ts.forEachChild(node, (c) => visit(c, className));
  };
  visit(sf);
  return out;
}

/** The `type: '...'` literals of the members of a union type alias named `aliasName` in a file. */
function unionTypeLiterals(checker, sf, aliasName) {
  let alias;
  ts.forEachChild(sf, (n) => {
    if (ts.isTypeAliasDeclaration(n) && n.name.text === aliasName) alias = n;
  });
  if (!alias) return [];
  const t = checker.getTypeAtLocation(alias.name);
  const out = [];
  for (const member of t.isUnion() ? t.types : [t]) {
    const typeProp = checker.getPropertyOfType(member, 'type');
    if (!typeProp) continue;
    const pt = checker.getTypeOfSymbol(typeProp);
    if (pt.flags & ts.TypeFlags.StringLiteral) out.push(pt.value);
  }
  return [...new Set(out)].sort();
}

/** The literals of a string-literal union alias `Ns.Name` declared in a file (e.g. WebhookEndpointCreateParams.EnabledEvent). */
function aliasLiterals(checker, sf, ns, name) {
  let found;
  const visit = (n, inNs) => {
    if (ts.isModuleDeclaration(n) && n.name.getText(sf) === ns) inNs = true;
    if (inNs && ts.isTypeAliasDeclaration(n) && n.name.text === name) found = n;
    ts.forEachChild(n, (c) => visit(c, inNs));
  };
  visit(sf, false);
  if (!found) return [];
  const t = checker.getTypeAtLocation(found.name);
  return (t.isUnion() ? t.types : [t]).filter((x) => x.flags & ts.TypeFlags.StringLiteral).map((x) => x.value);
}

function packageInfo(dir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const apiVersion = require(path.join(dir, 'cjs', 'apiVersion.js')).ApiVersion;
  let versions = [];
  try {
    const log = fs.readFileSync(path.join(dir, 'CHANGELOG.md'), 'utf8');
    versions = [...log.matchAll(/pinned API version to `([^`]+)`/g)].map((m) => m[1]);
  } catch (_) {
    /* no changelog: the current version only */
  }
  return { version: pkg.version, apiVersion, versions };
}

/**
 * Reads stripe-node's package: { version, apiVersion, versions, operations, eventTypes, thinEventTypes }.
 * Each operation: { httpMethod, path (stripe-node's argument names), pagination?, apiBase?, streaming?,
 * contentType?, description, deprecated?, params: [param with fields], v2 }.
 */
function readStripeNode(dir) {
  dir = path.resolve(dir);
  const info = packageInfo(dir);
  const cjs = path.join(dir, 'cjs');
  const calls = readCalls(path.join(cjs, 'resources')).filter((c) => /^\/v[12]\//.test(c.path));
  // A method that calls one of two paths (accounts.retrieve: /v1/accounts/{id} or /v1/account) comes
  // after the method that calls just one of them (accounts.retrieveCurrent), which describes it better.
  const perMethod = new Map();
  for (const c of calls) perMethod.set(methodKey(c), (perMethod.get(methodKey(c)) || 0) + 1);
  calls.sort((a, b) => (perMethod.get(methodKey(a)) > 1) - (perMethod.get(methodKey(b)) > 1));
  const dtsFiles = [...new Set(calls.map((c) => c.file.replace(/\.js$/, '.d.ts')))];
  const eventsDts = path.join(cjs, 'resources', 'V2', 'Core', 'Events.d.ts');
  const webhookDts = path.join(cjs, 'resources', 'WebhookEndpoints.d.ts');
  const v1EventsDts = path.join(cjs, 'resources', 'Events.d.ts');
  const program = ts.createProgram([...dtsFiles, eventsDts, webhookDts, v1EventsDts], {
    lib: ['lib.es2020.d.ts'],
    types: [],
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const typer = makeTyper(checker);
  const answers = makeResponses(checker);
  const methodsByFile = new Map();
  const methodsOf = (dts) => {
    if (!methodsByFile.has(dts)) {
      const sf = program.getSourceFile(dts);
      methodsByFile.set(dts, sf ? declaredMethods(sf) : new Map());
    }
    return methodsByFile.get(dts);
  };

  const operations = [];
  for (const c of calls) {
    const dts = c.file.replace(/\.js$/, '.d.ts');
    const decl = methodsOf(dts).get(`${c.className}.${c.method}`);
    const v2 = c.path.startsWith('/v2/');
    let params = [];
    let description = '';
    let deprecated = false;
    let response;
    if (decl) {
      const sym = decl.node.name && checker.getSymbolAtLocation(decl.node.name);
      if (sym) description = oneLine(ts.displayPartsToString(sym.getDocumentationComment(checker)));
      deprecated = ts.getJSDocTags(decl.node).some((t) => t.tagName.text === 'deprecated');
      if (decl.paramsNode && decl.paramsNode.type) {
        params = typer.params(checker.getTypeFromTypeNode(decl.paramsNode.type), MAX_FIELD_DEPTH);
      }
      response = answers.responseOf(decl.node);
    }
    const op = {
      resource: `${path.relative(path.join(cjs, 'resources'), c.file)} ${c.className}.${c.method}`,
      httpMethod: c.httpMethod,
      path: c.path,
      v2,
      description,
      params,
    };
    if (deprecated) op.deprecated = true;
    if (response) op.response = response;
    if (c.spec.apiBase && HOSTS[c.spec.apiBase]) op.server = HOSTS[c.spec.apiBase];
    if (c.spec.streaming === true) op.streaming = true;
    const declaredReturn = decl && decl.node.type ? decl.node.type.getText() : '';
    if (c.spec.methodType === 'list' || c.spec.methodType === 'search') op.pagination = c.spec.methodType;
    else if (v2 && /^(V2ListPromise|ApiListPromise)\b/.test(declaredReturn)) op.pagination = 'list';
    if (c.httpMethod === 'POST') {
      const header = c.spec.headers && c.spec.headers['Content-Type'];
      op.contentType = header || (v2 ? 'application/json' : 'application/x-www-form-urlencoded');
    }
    operations.push(op);
  }

  const eventsSf = program.getSourceFile(eventsDts);
  const webhookSf = program.getSourceFile(webhookDts);
  const enabled = webhookSf ? aliasLiterals(checker, webhookSf, 'WebhookEndpointCreateParams', 'EnabledEvent') : [];
  const eventTypes = enabled.filter((t) => t !== '*').sort();
  const thinEventTypes = eventsSf ? unionTypeLiterals(checker, eventsSf, 'EventNotification') : [];
  const v1EventsSf = program.getSourceFile(v1EventsDts);
  const eventObjects = v1EventsSf ? answers.eventObjects(v1EventsSf) : new Map();
  const objects = answers.definitions();
  return { ...info, operations, eventTypes: ['*', ...eventTypes], thinEventTypes, objects, eventObjects };
}

module.exports = { readStripeNode, readCalls, methodKey, HOSTS, MAX_FIELD_DEPTH };
