/**
 * Turns an operation and the user's path, query and body values into a request ready to send:
 * path parameters checked and URL-encoded into their own segment, required query parameters checked,
 * query and body in Stripe's indexed bracket encoding (as stripe-node does it), multipart for file
 * uploads, JSON for v2 endpoints.
 */
import * as qs from 'qs';
import { types } from 'util';
import type FormDataType from 'form-data';
import { inputError } from '../common/errors';
import { text } from '../common/texts';
import type { HttpMethod, Operation } from './catalogue';
import { METER_EVENTS_BASE_URI, isMeterEventStream } from './stream';

export type Values = Record<string, unknown>;

export interface RequestInput {
  path?: Values;
  query?: Values;
  body?: Values;
}

export interface PreparedRequest {
  operationId: string;
  method: HttpMethod;
  /** The path with its parameters filled in and encoded, e.g. `/v1/tax_ids/txi_123`. */
  path: string;
  /** An absolute origin that replaces the client's (files.stripe.com for uploads and PDFs). */
  server?: string;
  /** Query values (normalised); encoded when sent, so pagination can change them page by page. */
  query: Values;
  body?: Buffer | string;
  contentType?: string;
  pagination?: 'list' | 'search';
  /**
   * A raw GET whose path ends in a collection (`/v1/customers`), so it may answer with a list: it is
   * asked for full pages. One ending in an id (`/v1/customers/{id}`) reads one object and gets no `limit`.
   */
  mayList?: boolean;
  /** A /v2/ endpoint: JSON bodies, RFC 3339 dates, next_page_url pagination, idempotency keys on DELETE too. */
  v2?: boolean;
  /**
   * A query string to send exactly as it is, instead of encoding `query`: a v2 list's `next_page_url`
   * is used as Stripe gave it.
   */
  rawQuery?: string;
  /** The meter event stream: sent with a meter event session's token to its own host (meter-events.ts). */
  meterEventStream?: boolean;
}

/** Deepest nesting a Stripe parameter uses is about five; anything past this is a mistake. */
export const MAX_DEPTH = 20;
/** The largest string one form field may hold (Stripe's largest maxLength is 40,000; uploads excepted). */
export const MAX_FIELD_CHARS = 100_000;

/** What a value is, in words for an error message: `null`, `array`, `Buffer`, `Map`, `number`, ... */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (Buffer.isBuffer(v)) return 'Buffer';
  if (typeof v === 'object') {
    const name = (Object.getPrototypeOf(v) as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    if (typeof name === 'string' && name && name !== 'Object') return name;
  }
  return typeof v;
}

/** A Date from any JavaScript realm (a function node's `new Date()` is not an instance of ours). */
export const isDate = (v: unknown): v is Date => types.isDate(v);

/**
 * An object literal from any JavaScript realm: a function node runs in its own context, whose objects
 * have another `Object.prototype` than ours. Its prototype is null or a realm's root prototype (one
 * whose own prototype is null); class instances, Maps, arrays, Buffers and Dates are not plain.
 */
export function isPlainObject(v: unknown): v is Values {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === null || proto === Object.prototype) return true;
  return Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(v) === '[object Object]';
}

/**
 * Something Stripe sent: every Stripe answer is an object with `object` (its type) and an `id`, or a
 * list (`object: 'list'` or `'search_result'`). Flowing into a publisher it is something read, there
 * for the templates, never a body.
 */
export function isStripeObject(v: unknown): boolean {
  if (!isPlainObject(v) || typeof v.object !== 'string') return false;
  return typeof v.id === 'string' || v.object === 'list' || v.object === 'search_result';
}

/**
 * Checks a value before it is encoded: no cycles, bounded depth and field size, no functions or
 * symbols; Dates become Unix seconds. Returns a copy, so the message's objects are never changed.
 */
export function normalize(
  value: unknown,
  where: string,
  opts: { allowBuffer?: boolean; isoDates?: boolean } = {},
): unknown {
  // The objects being walked (a value met again among them is a cycle), and the keys down to the
  // value being walked: where it is (`payload[items][0]`) is spelled out only for an error.
  const open: unknown[] = [];
  const keys: Array<string | number> = [];
  const place = (): string => where + keys.map((k) => `[${k}]`).join('');
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > MAX_DEPTH) throw inputError(text('errors.tooDeep', { where, max: MAX_DEPTH, at: place() }));
    if (typeof v === 'string') {
      if (v.length > MAX_FIELD_CHARS) {
        const at = place();
        throw inputError(text('errors.tooLong', { at, length: v.length, max: MAX_FIELD_CHARS }), at);
      }
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) {
        const at = place();
        throw inputError(text('errors.notFinite', { at, value: String(v) }), at);
      }
      return v;
    }
    if (v === null || v === undefined || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return v.toString();
    if (typeof v !== 'object') {
      const at = place();
      throw inputError(text('errors.cannotSend', { at, type: typeof v }), at);
    }
    if (isDate(v)) {
      const t = v.getTime();
      if (Number.isNaN(t)) {
        const at = place();
        throw inputError(text('errors.invalidDate', { at }), at);
      }
      return opts.isoDates ? v.toISOString() : Math.floor(t / 1000);
    }
    if (Buffer.isBuffer(v)) {
      if (opts.allowBuffer) return v;
      const at = place();
      throw inputError(text('errors.buffer', { at }), at);
    }
    if (open.includes(v)) {
      const at = place();
      throw inputError(text('errors.circular', { where, at }), at);
    }
    open.push(v);
    let out: unknown;
    if (Array.isArray(v)) {
      const a = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        if (!(i in v)) continue;
        keys.push(i);
        a[i] = walk(v[i], depth + 1);
        keys.pop();
      }
      out = a;
    } else if (!isPlainObject(v)) {
      const at = place();
      throw inputError(text('errors.notPlain', { at, kind: kindOf(v) }), at);
    } else {
      const o: Values = {};
      for (const k of Object.keys(v)) {
        keys.push(k);
        o[k] = walk(v[k], depth + 1);
        keys.pop();
      }
      out = o;
    }
    open.pop();
    return out;
  };
  return walk(value, 0);
}

/**
 * Stripe's form encoding, as stripe-node does it: `expand[0]=x`, `metadata[k]=v`,
 * `items[0][price]=p`; `''` and `null` become `key=` (which unsets a field); `undefined`, `[]` and
 * `{}` are left out. Values must have been through normalize (Dates are numbers by then).
 */
export function encodeForm(values: Values): string {
  // The values a message gives (strings, numbers, booleans, null, plain objects and arrays) are encoded
  // here, as qs would; anything else (a Date, a Buffer, a bigint, a cycle) by qs itself.
  if (isPlainObject(values)) {
    const out: string[] = [];
    let plain = true;
    for (const k of Object.keys(values)) if (!(plain = formPairs(out, k, values[k], 0))) break;
    if (plain) return out.join('&');
  }
  return qs.stringify(values, { arrayFormat: 'indices' }).replace(/%5B/g, '[').replace(/%5D/g, ']');
}

/** Nesting past this is left to qs (it refuses cycles; normalize has refused anything deeper than MAX_DEPTH). */
const FORM_DEPTH = 2 * MAX_DEPTH;

/** The characters qs's RFC 3986 encoding leaves as they are, and the brackets encodeForm puts back. */
const VERBATIM = /^[A-Za-z0-9\-._~[\]]*$/;
/** What encodeURIComponent leaves that qs encodes. */
const UNRESERVED_BY_QS = /[!'()*]/g;

/** One key or value as qs encodes it (UTF-8, RFC 3986), brackets left as they are; throws URIError on a lone surrogate. */
function formPart(s: string): string {
  if (VERBATIM.test(s)) return s;
  let e = encodeURIComponent(s);
  if (/[!'()*]/.test(e)) {
    e = e.replace(UNRESERVED_BY_QS, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  return e.includes('%5') ? e.replace(/%5B/g, '[').replace(/%5D/g, ']') : e;
}

/** Adds the pairs of one value under its bracketed key; false when the value needs qs (the caller then encodes everything with it). */
function formPairs(out: string[], key: string, v: unknown, depth: number): boolean {
  if (v === undefined) return true;
  try {
    if (v === null) {
      out.push(`${formPart(key)}=`);
      return true;
    }
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      out.push(`${formPart(key)}=${formPart(String(v))}`);
      return true;
    }
  } catch {
    return false;
  }
  if (typeof v !== 'object' || depth >= FORM_DEPTH || !(Array.isArray(v) || isPlainObject(v))) return false;
  for (const k of Object.keys(v)) if (!formPairs(out, `${key}[${k}]`, (v as Values)[k], depth + 1)) return false;
  return true;
}

/** A query string: arrays indexed (`expand[0]=x`, `include[0]=a&include[1]=b`) on v1 and v2 alike, as stripe-node does. */
export function encodeQuery(values: Values): string {
  return encodeForm(values);
}

/** Fills `{param}` placeholders; every value lands URL-encoded in its own segment. */
export function fillPath(op: Operation, values: Values): string {
  if (!op.path.includes('{')) return op.path;
  return op.path.replace(/\{([^{}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined || v === null || v === '') {
      throw inputError(text('errors.missingPath', { op: op.id, name }), name, text('status.missingPath', { name }));
    }
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw inputError(text('errors.badPathParam', { name, kind: kindOf(v) }), name);
    }
    const s = String(v);
    if (s === '.' || s === '..') throw inputError(text('errors.dotPathParam', { name, value: s }), name);
    return encodeURIComponent(s);
  });
}

function checkRequired(op: Operation, query: Values): void {
  for (const p of op.queryParams) {
    if (!p.required) continue;
    const v = query[p.name];
    if (v === undefined || v === null || v === '') {
      throw inputError(
        text('errors.missingQuery', { op: op.id, name: p.name }),
        p.name,
        text('status.missingQuery', { name: p.name }),
      );
    }
  }
}

/** Checks that a msg property is an object of values (or absent). */
export function asValues(v: unknown, where: string): Values {
  if (v === undefined || v === null || v === '') return {};
  if (!isPlainObject(v))
    throw inputError(text('errors.notValues', { where, kind: kindOf(v) }), undefined, text('status.bad', { where }));
  return v;
}

function multipart(body: Values): { body: Buffer; contentType: string } {
  // Loaded at the first upload, not with the package.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const FormData = require('form-data') as typeof FormDataType;
  const form = new FormData();
  const { file, file_name: fileName, ...rest } = body;
  if (file === undefined || file === null || file === '') {
    throw inputError(text('errors.noFile'), 'file');
  }
  if (!Buffer.isBuffer(file) && typeof file !== 'string') {
    throw inputError(text('errors.badFile', { kind: kindOf(file) }), 'file');
  }
  // Every other field is sent as a form field in the bracket encoding (purpose, file_link_data[create], ...).
  const fields = encodeForm(rest);
  if (fields) {
    for (const pair of fields.split('&')) {
      const eq = pair.indexOf('=');
      form.append(decodeURIComponent(pair.slice(0, eq)), decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' ')));
    }
  }
  const name = typeof fileName === 'string' && fileName ? fileName : 'upload';
  form.append('file', Buffer.isBuffer(file) ? file : Buffer.from(file), { filename: name });
  return { body: form.getBuffer(), contentType: String((form.getHeaders() as Record<string, string>)['content-type']) };
}

/**
 * A DELETE's parameters from msg.payload: only those the operation knows. The payload of a DELETE is
 * often the object a subscriber just read (`{{payload.id}}` in the path); its fields are not
 * parameters, and sent along they would make Stripe refuse the request.
 */
function knownParameters(op: Operation, body: Values): Values {
  if (op.raw) return body;
  const known = new Set([...op.queryParams, ...op.bodyFields].map((p) => p.name));
  return Object.fromEntries(Object.entries(body).filter(([k]) => known.has(k)));
}

/** Builds a request from an operation and the user's values; throws a StripeError('input') when they do not fit. */
export function buildRequest(op: Operation, input: RequestInput): PreparedRequest {
  const v2 = op.path.startsWith('/v2/');
  const pathValues = asValues(input.path, 'msg.path');
  let query = normalize(asValues(input.query, 'msg.query'), 'query', { isoDates: v2 }) as Values;
  const rawBody = asValues(input.body, 'msg.payload');
  const multipartBody = op.contentType === 'multipart/form-data';
  // An uploaded file is exempt from the field checks: it may be large, and a Buffer.
  let file: unknown;
  let fields = rawBody;
  if (multipartBody) ({ file, ...fields } = rawBody);
  const body = normalize(fields, 'payload', { isoDates: v2 }) as Values;

  const req: PreparedRequest = {
    operationId: op.id,
    method: op.method,
    path: fillPath(op, pathValues),
    server: op.server,
    query,
    pagination: op.pagination,
  };
  if (v2) req.v2 = true;
  // The catalogue gives the stream its host (`server`); a raw `POST /v2/billing/meter_event_stream` is known by its path.
  if (isMeterEventStream({ method: op.method, path: op.path, server: op.server })) {
    req.meterEventStream = true;
    req.server = op.server ?? METER_EVENTS_BASE_URI;
  }
  // (v1 only: a v2 list's page size is left to Stripe unless the user sets `limit`.)
  if (op.raw && op.method === 'GET' && !v2 && !/\}\/?$/.test(op.path)) req.mayList = true;

  if (op.method === 'POST') {
    if (multipartBody) {
      Object.assign(req, multipart({ ...body, file }));
    } else if (v2 || op.contentType === 'application/json') {
      req.body = JSON.stringify(body);
      req.contentType = 'application/json';
    } else {
      req.body = encodeForm(body);
      req.contentType = 'application/x-www-form-urlencoded';
    }
  } else {
    // GET and DELETE carry their parameters in the query string, as Stripe's own libraries send them.
    const params = op.method === 'DELETE' ? knownParameters(op, body) : body;
    if (Object.keys(params).length) {
      query = { ...params, ...query };
      req.query = query;
    }
    // stripe-node labels every v2 request JSON, a GET or DELETE (no body) too.
    if (v2) req.contentType = 'application/json';
  }
  checkRequired(op, query);
  return req;
}
