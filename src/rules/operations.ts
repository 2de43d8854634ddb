/**
 * Operations: the catalogue's types, a raw `METHOD /v1/path/{param}` described as an operation, and
 * the look-up by operationId or raw reference over a catalogue passed in (the rules read no files:
 * the runtime passes spec/catalogue.json, the editor the slim catalogue it fetched).
 */
import { Checked, accept, refuse } from './problem';
import { asText, short } from './text';

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface Param {
  name: string;
  required: boolean;
  description: string;
  type?: string;
  /** The values Stripe accepts, when it lists them (string literals). */
  enum?: string[];
  deepObject?: boolean;
}

/** A parameter of spec/fields.json: with its nested fields (an object's, or an array element's). */
export interface NestedParam extends Omit<Param, 'deepObject'> {
  fields?: NestedParam[];
}

/** An operation the current API version no longer has (it works with a client pinned to an older one). */
export interface LegacyMark {
  /** The API version that removed it, where known. */
  removedIn?: string;
  /** The operationId to use instead, where there is one. */
  replacement?: string;
}

export interface Operation {
  id: string;
  method: HttpMethod;
  path: string;
  server?: string;
  description: string;
  deprecated?: boolean;
  legacy?: LegacyMark;
  /** The oldest known API version lacks it (it is new since that version). */
  addedAfter?: string;
  pathParams: Param[];
  queryParams: Param[];
  bodyFields: Param[];
  contentType?: string;
  pagination?: 'list' | 'search';
  /** Answers with a stream of bytes (the quote's PDF). */
  streaming?: boolean;
  /** Set on operations described by a raw `METHOD /path` rather than found in the catalogue. */
  raw?: boolean;
}

/** The head of spec/catalogue.json: what the runtime reads without the operations. */
export interface CatalogueHeader {
  apiVersion: string;
  source: string;
  count: number;
  /** Known API versions, oldest first, ending with apiVersion. */
  versions: string[];
  /** `*` and every v1 event type of apiVersion, sorted. */
  eventTypes: string[];
  /** Every thin event type (`v1.billing.meter.error_report_triggered`, `v2.core.…`), sorted. */
  thinEventTypes: string[];
}

export interface Catalogue extends CatalogueHeader {
  operations: Operation[];
}

/** What a look-up needs of an operation: the full catalogue's and the editor's slim one both have it. */
export interface OperationLike {
  id: string;
  method: string;
  path: string;
  server?: string;
  contentType?: string;
}

/** A catalogue made ready for look-ups (build it once: it indexes every operation). */
export interface OperationIndex<O extends OperationLike = Operation> {
  apiVersion: string;
  operations: O[];
  byId: Map<string, O>;
  byLowerId: Map<string, O>;
}

export function indexCatalogue<O extends OperationLike>(cat: {
  apiVersion?: string;
  operations: O[];
}): OperationIndex<O> {
  const byLowerId = new Map<string, O>();
  for (const op of cat.operations) if (!byLowerId.has(op.id.toLowerCase())) byLowerId.set(op.id.toLowerCase(), op);
  return {
    apiVersion: cat.apiVersion ?? '',
    operations: cat.operations,
    byId: new Map(cat.operations.map((op) => [op.id, op])),
    byLowerId,
  };
}

const RAW = /^(GET|POST|DELETE)\s+(\/v[12]\/[^\s?#]*)$/i;

/** Describes a raw `METHOD /v1/...` or `METHOD /v2/...` reference (any case of method); undefined if it is not one. */
export function rawOperation(ref: unknown): Operation | undefined {
  const m = RAW.exec(asText(ref).trim());
  if (!m) return undefined;
  const method = m[1].toUpperCase() as HttpMethod;
  const p = m[2];
  const names = Array.from(p.matchAll(/\{([^{}/]+)\}/g), (x) => x[1]);
  const v2 = p.startsWith('/v2/');
  return {
    id: `${method} ${p}`,
    method,
    path: p,
    description: '',
    pathParams: names.map((name) => ({ name, required: true, description: '' })),
    queryParams: [],
    bodyFields: [],
    contentType: method === 'POST' ? (v2 ? 'application/json' : 'application/x-www-form-urlencoded') : undefined,
    raw: true,
  };
}

const shape = (p: string): string => p.replace(/\{[^{}/]+\}/g, '{}');

/**
 * A raw reference to an endpoint the catalogue has (under other parameter names, say) takes the
 * catalogue's host and content type: `POST /v1/files` is a multipart upload to files.stripe.com.
 */
function withCatalogued(raw: Operation, operations: OperationLike[]): Operation {
  const known = operations.find((op) => op.method === raw.method && shape(op.path) === shape(raw.path));
  if (!known) return raw;
  return { ...raw, server: known.server, contentType: known.contentType ?? raw.contentType };
}

/** Finds an operation by operationId (exact), raw `METHOD /path`, then operationId in any case. */
export function findOperation<O extends OperationLike>(
  ref: unknown,
  index: OperationIndex<O>,
): O | Operation | undefined {
  const key = asText(ref).trim();
  if (!key) return undefined;
  const exact = index.byId.get(key);
  if (exact) return exact;
  const raw = rawOperation(key);
  if (raw) return withCatalogued(raw, index.operations);
  return index.byLowerId.get(key.toLowerCase());
}

/**
 * The operation a node runs: its own setting, else the message's msg.operationId; refused when there
 * is none, it is not a string, or neither the catalogue nor a raw reference knows it.
 */
export function lookUpOperation<O extends OperationLike>(
  configured: unknown,
  msgRef: unknown,
  index: OperationIndex<O>,
): Checked<O | Operation> {
  const fromNode = typeof configured === 'string' ? configured.trim() : '';
  const ref = fromNode || msgRef;
  if (ref === undefined || ref === null || ref === '') return refuse('noOperation');
  if (typeof ref !== 'string') return refuse('operationNotString', { type: typeof ref });
  const op = findOperation(ref, index);
  return op ? accept(op) : refuse('unknownOperation', { op: short(ref), version: index.apiVersion });
}
