'use strict';
/*
 * The catalogue from stripe-node (current operations) and the 2024-04-10 OpenAPI document (the
 * operations stripe-node no longer calls, kept as legacy; v1 path-parameter names), or from one
 * OpenAPI document alone (--spec). Returns { header, operations, fields }: `operations` as
 * spec/catalogue.json holds them (top-level parameters), `fields` as spec/fields.json does (nested).
 */
const { operationId, pathNamer } = require('./ids');
const { legacyMark } = require('./legacy');
const { idParameters } = require('./responses');

const shapeKey = (method, p) => `${method.toUpperCase()} ${p.replace(/\{[^{}]+\}/g, '{}')}`;
const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** A parameter as the catalogue holds it: top level only (no `fields`), deepObject on query params only. */
function topLevel(p, inQuery) {
  const e = { name: p.name, required: !!p.required, description: p.description || '' };
  if (p.type) e.type = p.type;
  if (p.enum && p.enum.length) e.enum = p.enum;
  if (inQuery && (p.deepObject || p.type === 'object' || p.type === 'array')) e.deepObject = true;
  return e;
}

/** A parameter as fields.json holds it: with its nested `fields`. */
function nested(p) {
  const e = { name: p.name, required: !!p.required, description: p.description || '' };
  if (p.type) e.type = p.type;
  if (p.enum && p.enum.length) e.enum = p.enum;
  if (p.fields && p.fields.length) e.fields = p.fields.map(nested);
  return e;
}

function entry(op) {
  const e = { id: op.id, method: op.method, path: op.path };
  if (op.server) e.server = op.server;
  e.description = op.description || '';
  if (op.deprecated) e.deprecated = true;
  if (op.legacy) e.legacy = op.legacy;
  if (op.addedAfter) e.addedAfter = op.addedAfter;
  e.pathParams = op.pathParams.map((p) => topLevel(p, false));
  e.queryParams = op.queryParams.map((p) => topLevel(p, true));
  e.bodyFields = op.bodyFields.map((p) => topLevel(p, false));
  if (op.contentType) e.contentType = op.contentType;
  if (op.pagination) e.pagination = op.pagination;
  if (op.streaming) e.streaming = true;
  return e;
}

/**
 * spec/responses.json's lines: each object's fields (with its list and search operations), each
 * operation's response and id parameters, each event type's data.object.
 */
function answersOf(ops, operations, objects, eventObjects) {
  const responses = new Map(ops.filter((op) => op.response).map((op) => [op.id, op.response]));
  const { lists, ids } = idParameters(operations, responses);
  const lines = [];
  for (const name of [...objects.keys()].sort()) {
    const line = { key: `object:${name}` };
    if (lists[name]) Object.assign(line, lists[name]);
    line.fields = objects.get(name) || [];
    lines.push(line);
  }
  for (const op of operations) {
    const r = responses.get(op.id);
    if (!r && !ids[op.id]) continue;
    const line = { key: `op:${op.id}` };
    if (r) Object.assign(line, r);
    if (ids[op.id]) line.ids = ids[op.id];
    lines.push(line);
  }
  for (const type of [...eventObjects.keys()].sort())
    lines.push({ key: `event:${type}`, object: eventObjects.get(type) });
  return lines;
}

function finish(header, ops, objects = new Map(), eventObjects = new Map()) {
  ops.sort(byId);
  const seen = new Set();
  for (const op of ops) {
    if (seen.has(op.id)) throw new Error(`duplicate operationId ${op.id}`);
    seen.add(op.id);
  }
  const operations = ops.map(entry);
  const fields = ops.map((op) => ({
    id: op.id,
    queryParams: op.queryParams.map(nested),
    bodyFields: op.bodyFields.map(nested),
  }));
  const responses = answersOf(ops, operations, objects, eventObjects);
  return { header: { ...header, count: operations.length }, operations, fields, responses };
}

/** From one OpenAPI document (`--spec spec3.json`). */
function fromOpenApi(doc, source) {
  return finish(
    {
      apiVersion: doc.apiVersion,
      source,
      versions: [doc.apiVersion],
      eventTypes: doc.eventTypes,
      thinEventTypes: [],
    },
    doc.operations.map((op) => ({ ...op })),
  );
}

/**
 * From stripe-node (`sn`, see stripe-node.js) and the 2024-04-10 document (`base`, see openapi.js,
 * with `basePaths` its path templates), naming v1 path parameters with `official` (ids.js).
 */
function fromStripeNode(sn, base, basePaths, official, source) {
  const namer = pathNamer(basePaths, official);
  const baseByShape = new Map(base.operations.map((op) => [shapeKey(op.method, op.path), op]));
  const ops = [];
  const current = new Set();
  for (const o of sn.operations) {
    const key = shapeKey(o.httpMethod, o.path);
    if (current.has(key)) continue; // GET /v1/account: retrieve and retrieveCurrent
    current.add(key);
    const p = namer(o.path);
    const old = baseByShape.get(key);
    const names = Array.from(p.matchAll(/\{([^{}]+)\}/g), (m) => m[1]);
    const pathParams = names.map((name, i) => {
      const before = old && old.pathParams[i];
      return { name, required: true, description: (before && before.description) || '', type: 'string' };
    });
    const inQuery = o.httpMethod === 'GET' || o.httpMethod === 'DELETE';
    const op = {
      id: operationId(o.httpMethod, p),
      method: o.httpMethod,
      path: p,
      server: o.server,
      description: o.description || (old && old.description) || '',
      deprecated: o.deprecated,
      addedAfter: old ? undefined : base.apiVersion,
      pathParams,
      queryParams: inQuery ? o.params : [],
      bodyFields: inQuery ? [] : o.params,
      contentType: o.contentType,
      pagination: o.pagination,
      streaming: o.streaming,
      response: o.response,
    };
    ops.push(op);
  }
  for (const old of base.operations) {
    if (current.has(shapeKey(old.method, old.path))) continue;
    ops.push({ ...old, legacy: legacyMark(old.id) });
  }
  const since = sn.versions.filter((v) => v >= base.apiVersion);
  const versions = [...new Set([base.apiVersion, ...since, sn.apiVersion])].sort();
  return finish(
    {
      apiVersion: sn.apiVersion,
      source,
      versions,
      eventTypes: sn.eventTypes,
      thinEventTypes: sn.thinEventTypes,
    },
    ops,
    sn.objects,
    sn.eventObjects,
  );
}

module.exports = { fromOpenApi, fromStripeNode, shapeKey };
