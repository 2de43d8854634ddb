'use strict';
/*
 * What an operation answers and what an event carries, for the editor's mapping offers (typing `{{`
 * in a template field): read with the TypeScript compiler API from stripe-node's .d.ts, as the
 * request parameters are.
 *
 * - An object of Stripe's (a type with an `object: '<literal>'` property: `customer`,
 *   `checkout.session`, `v2.core.account`) is defined once, by that name, with its fields: name,
 *   type (string, number, boolean, object, array), a one-line description, nested `fields` for an
 *   anonymous object or an array of them, `ref` for another named object (or an array of them),
 *   `expandable` for an id that `expand[]` can replace with the object.
 * - An operation's response: the method's return type, unwrapped from Promise / Response /
 *   ApiListPromise: `{ object, list?: 'list' | 'search' }` (a list is `{ object: 'list', data: T[] }`).
 * - An event type's `data.object`: from the `<Name>Event` interfaces of resources/Events.d.ts.
 * - Which list serves an id parameter: a path parameter or top-level body or query field named after
 *   an object (`customer`, `price`, `default_price`) or a path parameter after that object's
 *   collection (`/v1/customers/{customer}`), when a `GET /v1/<collection>` without path parameters
 *   lists that object; its search (`/v1/<collection>/search`) when there is one.
 */
const ts = require('typescript');
const { oneLine } = require('./text');

/** Anonymous objects nested inside an object's definition (named objects are references). */
const MAX_INLINE_DEPTH = 4;

function makeResponses(checker) {
  const F = ts.TypeFlags;
  /** name -> { type, fields } once defined. */
  const objects = new Map();
  const pending = [];
  const isEmptyish = (t) => t.flags & (F.Undefined | F.Null | F.Void);
  const props = (t) =>
    checker
      .getPropertiesOfType(t)
      .filter((s) => !(s.flags & ts.SymbolFlags.Method))
      .filter((s) => !s.getName().startsWith('__') && s.getName() !== 'lastResponse');
  const typeOfProp = (sym) => {
    const decl = sym.valueDeclaration || (sym.declarations && sym.declarations[0]);
    return decl ? checker.getTypeOfSymbolAtLocation(sym, decl) : checker.getTypeOfSymbol(sym);
  };
  const isArray = (t) => checker.isArrayType(t) || checker.isTupleType(t);
  const isObject = (t) => !!(t.flags & F.Object || t.isIntersection()) && !isArray(t);

  /** The `object` literal of one of Stripe's objects ('customer'), or undefined. */
  function objectName(t) {
    if (!isObject(t)) return undefined;
    const p = checker.getPropertyOfType(t, 'object');
    if (!p) return undefined;
    const pt = typeOfProp(p);
    if (!(pt.flags & F.StringLiteral)) return undefined;
    const deleted = checker.getPropertyOfType(t, 'deleted');
    const dt = deleted && typeOfProp(deleted);
    return dt && dt.flags & F.BooleanLiteral && checker.typeToString(dt) === 'true' ? `deleted ${pt.value}` : pt.value;
  }

  /** A named object: defined later (once), referred to by name. */
  function named(t) {
    const name = objectName(t);
    if (name && name !== 'list' && name !== 'search_result' && !objects.has(name)) {
      objects.set(name, null);
      pending.push([name, t]);
    }
    return name;
  }

  /** One field's type: { type, fields?, ref?, expandable?, of? }. */
  function describe(t, depth, seen) {
    const all = t.isUnion() ? t.types : [t];
    const variants = all.filter((x) => !isEmptyish(x));
    let hasString = false;
    let hasNumber = false;
    let hasBoolean = false;
    let object;
    let array;
    for (const v of variants) {
      if (v.flags & (F.String | F.StringLiteral)) hasString = true;
      else if (v.flags & (F.Number | F.NumberLiteral)) hasNumber = true;
      else if (v.flags & (F.Boolean | F.BooleanLiteral)) hasBoolean = true;
      else if (isArray(v)) array = array || v;
      else if (isObject(v) && !(objectName(v) || '').startsWith('deleted ')) object = object || v;
      else if (isObject(v)) object = object || v;
    }
    if (object && hasString) {
      // An id that expand[] turns into the object.
      const name = named(object);
      return name ? { type: 'string', expandable: name } : { type: 'string' };
    }
    if (object) {
      const name = objectName(object);
      if (name && name !== 'list' && name !== 'search_result') return { type: 'object', ref: named(object) };
      if (checker.getIndexInfosOfType(object).length && !props(object).length) return { type: 'object' };
      if (depth <= 0 || seen.has(object)) return { type: 'object' };
      seen.add(object);
      const fields = fieldsOf(object, depth - 1, seen);
      seen.delete(object);
      return fields.length ? { type: 'object', fields } : { type: 'object' };
    }
    if (array) {
      const [el] = checker.getTypeArguments(array);
      const inner = el ? describe(el, depth, seen) : {};
      const out = { type: 'array' };
      if (inner.ref) out.ref = inner.ref;
      else if (inner.fields) out.fields = inner.fields;
      else if (inner.type) out.of = inner.type;
      return out;
    }
    if (hasNumber) return { type: 'number' };
    if (hasBoolean) return { type: 'boolean' };
    if (hasString) return { type: 'string' };
    return {};
  }

  const docOf = (sym) => oneLine(ts.displayPartsToString(sym.getDocumentationComment(checker)));

  function fieldsOf(t, depth, seen = new Set()) {
    return props(t).map((sym) => {
      const d = describe(typeOfProp(sym), depth, seen);
      const f = { name: sym.getName() };
      if (d.type) f.type = d.type;
      if (d.of) f.of = d.of;
      if (d.ref) f.ref = d.ref;
      if (d.expandable) f.expandable = d.expandable;
      const description = docOf(sym);
      if (description) f.description = description;
      if (d.fields) f.fields = d.fields;
      return f;
    });
  }

  /** What a method declaration answers: { object, list? } or undefined. */
  function responseOf(methodNode) {
    const sig = checker.getSignatureFromDeclaration(methodNode);
    if (!sig) return undefined;
    let t = checker.getReturnTypeOfSignature(sig);
    t = checker.getAwaitedType(t) || t;
    // Response<T> is T & { lastResponse }: the members without it.
    if (t.isIntersection()) {
      const inner = t.types.filter((x) => !checker.getPropertyOfType(x, 'lastResponse') || objectName(x));
      if (inner.length === 1) t = inner[0];
    }
    const members = (t.isUnion() ? t.types : [t]).filter((x) => !isEmptyish(x));
    const main = members.find((x) => !(objectName(x) || '').startsWith('deleted ')) || members[0];
    if (!main) return undefined;
    const kind = objectName(main);
    if (kind === 'list' || kind === 'search_result') {
      const data = checker.getPropertyOfType(main, 'data');
      const dt = data && typeOfProp(data);
      const [el] = dt && isArray(dt) ? checker.getTypeArguments(dt) : [];
      const name = el && named(el);
      return name ? { object: name, list: kind === 'list' ? 'list' : 'search' } : undefined;
    }
    // v2 lists: { data: T[], next_page_url } without an object literal.
    if (!kind && checker.getPropertyOfType(main, 'next_page_url')) {
      const data = checker.getPropertyOfType(main, 'data');
      const dt = data && typeOfProp(data);
      const [el] = dt && isArray(dt) ? checker.getTypeArguments(dt) : [];
      const name = el && named(el);
      return name ? { object: name, list: 'list' } : undefined;
    }
    const name = named(main);
    return name ? { object: name } : undefined;
  }

  /** The event types of resources/Events.d.ts and the object each carries in data.object. */
  function eventObjects(sf) {
    const out = new Map();
    ts.forEachChild(sf, (n) => {
      if (!ts.isInterfaceDeclaration(n) || !n.name.text.endsWith('Event')) return;
      const t = checker.getTypeAtLocation(n.name);
      const typeProp = checker.getPropertyOfType(t, 'type');
      const dataProp = checker.getPropertyOfType(t, 'data');
      if (!typeProp || !dataProp) return;
      const tt = typeOfProp(typeProp);
      if (!(tt.flags & F.StringLiteral)) return;
      const objProp = checker.getPropertyOfType(typeOfProp(dataProp), 'object');
      if (!objProp) return;
      const ot = typeOfProp(objProp);
      const members = (ot.isUnion() ? ot.types : [ot]).filter((x) => !isEmptyish(x));
      const name = members.length ? named(members.find((x) => objectName(x)) || members[0]) : undefined;
      if (name) out.set(tt.value, name);
    });
    return out;
  }

  /** Defines every object named so far (and those their fields name): name -> fields. */
  function definitions() {
    while (pending.length) {
      const [name, t] = pending.shift();
      objects.set(name, fieldsOf(t, MAX_INLINE_DEPTH));
    }
    return objects;
  }

  return { responseOf, eventObjects, definitions };
}

/** The plural collection a path parameter follows: `/v1/customers/{customer}` -> `/v1/customers`. */
function collectionBefore(path, name) {
  const at = path.indexOf(`/{${name}}`);
  return at > 0 ? path.slice(0, at) : undefined;
}

/**
 * Which list serves each id parameter of each operation: { [opId]: { [param]: object } }, and for
 * each object its list and search operations: { [object]: { list, search? } }.
 */
function idParameters(operations, responses) {
  const listOf = new Map();
  const searchOf = new Map();
  const byCollection = new Map();
  for (const op of operations) {
    const r = responses.get(op.id);
    if (!r || !r.list || op.method !== 'GET' || op.pathParams.length) continue;
    if (r.list === 'list' && !listOf.has(r.object)) {
      listOf.set(r.object, op.id);
      byCollection.set(op.path, r.object);
    }
    if (r.list === 'search' && !searchOf.has(r.object)) searchOf.set(r.object, op.id);
  }
  const lists = {};
  for (const [object, list] of listOf) {
    lists[object] = searchOf.has(object) ? { list, search: searchOf.get(object) } : { list };
  }
  const ids = {};
  for (const op of operations) {
    const found = {};
    for (const p of op.pathParams) {
      const c = collectionBefore(op.path, p.name);
      const object = (c && byCollection.get(c)) || (listOf.has(p.name) ? p.name : undefined);
      if (object) found[`path.${p.name}`] = object;
    }
    const fields = [...op.queryParams.map((p) => ['query', p]), ...op.bodyFields.map((p) => ['payload', p])];
    for (const [kind, p] of fields) {
      if (p.type && p.type !== 'string') continue;
      const name = p.name.replace(/^default_/, '');
      if (listOf.has(name)) found[`${kind}.${p.name}`] = name;
    }
    if (Object.keys(found).length) ids[op.id] = found;
  }
  return { lists, ids };
}

module.exports = { makeResponses, idParameters, MAX_INLINE_DEPTH };
