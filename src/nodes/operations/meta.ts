/**
 * msg.stripe, as the subscriber and the publisher set it: part of the public contract (DESIGN.md,
 * "Message contract"). Every place that sets msg.stripe builds it with stripeMeta().
 */
import type { StripeErrorFields } from '../../stripe';

export interface StripeMeta {
  /** The catalogue operation called (or the raw "METHOD /v1/path" reference's id). */
  operationId?: string;
  method?: string;
  /** The request path, its parameters filled in. */
  path?: string;
  /** Stripe's Request-Id header of the answer. */
  requestId?: string;
  /** The key the request was sent with (POST, and v2 DELETE). */
  idempotencyKey?: string;
  /** With pagination: the 1-based page number. */
  page?: number;
  /** With pagination: Stripe has more objects after this page. */
  hasMore?: boolean;
  /** With pagination: objects were left out (maxItems reached, or a page failed). */
  truncated?: boolean;
  /** A message that was held (offline: hold): when it was queued (ISO 8601) and its attempts. */
  held?: { since: string; attempts: number };
  /** On failure: what went wrong (a Catch node gets the message). */
  error?: StripeErrorFields;
}

const ORDER = [
  'operationId',
  'method',
  'path',
  'idempotencyKey',
  'requestId',
  'page',
  'hasMore',
  'truncated',
  'held',
  'error',
] as const;

/**
 * msg.stripe from its parts: the fields of `more`, else of `meta`, in one order (a new object, so
 * messages never share one). Built field by field, not with object spread: on Node 20, an object
 * spread from a long-lived object (the request's meta, for every object of a pagination run) is kept
 * through two scavenges and moved to the old space, where it waits for a full GC; 100,000 objects
 * in `item` mode grew the process by 100 MB that way.
 */
export function stripeMeta(meta: StripeMeta, more?: StripeMeta): StripeMeta {
  const out: StripeMeta = {};
  for (const k of ORDER) {
    if (more && k in more) (out as Record<string, unknown>)[k] = more[k];
    else if (k in meta) (out as Record<string, unknown>)[k] = meta[k];
  }
  return out;
}

/**
 * stripeMeta(meta, { requestId }), what a message that was answered carries: the same fields in the
 * same order, each looked up by its name (the loop over ORDER reads them by a varying key, which costs
 * more on the path of every message).
 */
export function answeredMeta(meta: StripeMeta, requestId: string | undefined): StripeMeta {
  const out: StripeMeta = {};
  if ('operationId' in meta) out.operationId = meta.operationId;
  if ('method' in meta) out.method = meta.method;
  if ('path' in meta) out.path = meta.path;
  if ('idempotencyKey' in meta) out.idempotencyKey = meta.idempotencyKey;
  out.requestId = requestId;
  if ('page' in meta) out.page = meta.page;
  if ('hasMore' in meta) out.hasMore = meta.hasMore;
  if ('truncated' in meta) out.truncated = meta.truncated;
  if ('held' in meta) out.held = meta.held;
  if ('error' in meta) out.error = meta.error;
  return out;
}
