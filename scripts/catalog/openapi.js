'use strict';
/*
 * Operations from a Stripe OpenAPI document (spec3.json): `npm run catalog -- --spec spec3.json`, and
 * the 2024-04-10 document the legacy operations (those stripe-node no longer calls) keep their
 * parameters from. Each operation: { id, method, path, server?, description, deprecated?, params by
 * location (with nested `fields`), contentType?, pagination? }.
 */
const { oneLine } = require('./text');

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const MAX_FIELD_DEPTH = 5;

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

const isEmptyStringVariant = (s) => s && Array.isArray(s.enum) && s.enum.length === 1 && s.enum[0] === '';

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

/** The variants of a schema that are not `''` (anyOf/oneOf flattened). */
function variantsOf(schema, resolve, depth = 0) {
  const s = resolve(schema);
  if (!s || typeof s !== 'object' || depth > 5) return [];
  const list = s.anyOf || s.oneOf;
  if (Array.isArray(list)) return list.flatMap((v) => variantsOf(v, resolve, depth + 1));
  return isEmptyStringVariant(s) ? [] : [s];
}

/** Enum literals and nested fields of a schema (an object's properties; an array's element's). */
function details(schema, resolve, depth, stack) {
  const out = {};
  const literals = [];
  let objectSchema;
  for (const v of variantsOf(schema, resolve)) {
    if (Array.isArray(v.enum)) literals.push(...v.enum.filter((x) => typeof x === 'string' && x !== ''));
    if (v.properties && !objectSchema) objectSchema = v;
    if (v.type === 'array' && v.items && !objectSchema) {
      for (const el of variantsOf(v.items, resolve)) {
        if (Array.isArray(el.enum)) literals.push(...el.enum.filter((x) => typeof x === 'string' && x !== ''));
        if (el.properties && !objectSchema) objectSchema = el;
      }
    }
  }
  if (literals.length) out.enum = [...new Set(literals)].sort();
  if (objectSchema && depth > 1 && !stack.includes(objectSchema)) {
    const fields = objectParams(objectSchema, resolve, depth - 1, [...stack, objectSchema]);
    if (fields.length) out.fields = fields;
  }
  return out;
}

function objectParams(schema, resolve, depth, stack) {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(schema.properties || {}).map(([name, fieldSchema]) =>
    param(name, required.has(name), fieldSchema, resolve, depth, stack),
  );
}

function param(name, required, schema, resolve, depth, stack = [], description) {
  const s = resolve(schema);
  const p = { name, required: !!required, description: oneLine(description || (s && s.description)) };
  const type = schemaType(s, resolve);
  if (type) p.type = type;
  Object.assign(p, details(s, resolve, depth, stack));
  return p;
}

const normaliseUrl = (u) => String(u || '').replace(/\/+$/, '');

function paginationKind(op, resolve) {
  const r200 = op.responses && resolve(op.responses['200']);
  const media = r200 && r200.content && r200.content['application/json'];
  if (!media || !media.schema) return undefined;
  for (const s of variantsOf(media.schema, resolve)) {
    if (s.type && s.type !== 'object') continue;
    const en = s.properties && resolve(s.properties.object || {}).enum;
    if (Array.isArray(en) && en.length === 1) {
      if (en[0] === 'list') return 'list';
      if (en[0] === 'search_result') return 'search';
    }
  }
  return undefined;
}

function buildOperation(resolve, pathKey, pathItem, method, op, defaultServer) {
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
    if (p.in === 'path') {
      const e = param(p.name, true, p.schema, resolve, 1, [], p.description);
      delete e.enum;
      pathParams.push(e);
    } else if (p.in === 'query') {
      const q = param(p.name, p.required, p.schema, resolve, MAX_FIELD_DEPTH, [], p.description);
      if (p.style === 'deepObject') q.deepObject = true;
      queryParams.push(q);
    }
  }

  let bodyFields = [];
  let contentType;
  const body = resolve(op.requestBody);
  if (body && body.content) {
    const types = Object.keys(body.content);
    contentType =
      types.find((t) => t === 'application/x-www-form-urlencoded' || t === 'multipart/form-data') || types[0];
    const schema = contentType && resolve(body.content[contentType].schema);
    if (schema && schema.properties) bodyFields = objectParams(schema, resolve, MAX_FIELD_DEPTH, [schema]);
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

/**
 * Every event type a webhook endpoint can be enabled for: the enum of `enabled_events` in the create
 * request of /v1/webhook_endpoints, sorted, `*` first.
 */
function eventTypes(spec, resolve) {
  const post = resolve((spec.paths || {})['/v1/webhook_endpoints'] || {}).post;
  const content = post && post.requestBody && resolve(post.requestBody).content;
  const schema = content && resolve((content['application/x-www-form-urlencoded'] || {}).schema || {});
  const items = schema && schema.properties && resolve(schema.properties.enabled_events || {}).items;
  const values = items ? resolve(items).enum : undefined;
  if (!Array.isArray(values) || !values.length) return [];
  const types = values.filter((v) => typeof v === 'string' && v !== '*').sort();
  return values.includes('*') ? ['*', ...types] : types;
}

/** { apiVersion, operations (nested fields included), eventTypes } of an OpenAPI document. */
function readOpenApi(spec) {
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
      operations.push(buildOperation(resolve, pathKey, pathItem, method, op, defaultServer));
    }
  }
  return {
    apiVersion: String((spec.info && spec.info.version) || ''),
    operations,
    eventTypes: eventTypes(spec, resolve),
  };
}

module.exports = { readOpenApi };
