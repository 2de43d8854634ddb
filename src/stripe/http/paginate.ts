/**
 * Pagination over Stripe's list (`starting_after` / `ending_before`) and search (`next_page`)
 * results, as an async iterator of pages. Each page is one request (retried on its own by the
 * client), so a transient failure never restarts the run or repeats objects.
 */
import type { PreparedRequest } from '../requests/request';
import type { SendOptions, StripeClient, StripeResponse } from './client';
import { StripeError } from '../common/errors';
import { text } from '../common/texts';

export const DEFAULT_PAGE_SIZE = 100;
export const DEFAULT_MAX_ITEMS = 10000;

export interface Page {
  /** 1-based page number. */
  page: number;
  /** This page's objects (cut to maxItems on the last page if needed). */
  data: unknown[];
  /** Stripe has more objects after this page (whether or not we fetch them). */
  hasMore: boolean;
  /** This is the last page we send and objects were left out because of maxItems. */
  truncated: boolean;
  /** The last page of the run. */
  last: boolean;
  /** The page size asked for. */
  limit: number;
  response: StripeResponse;
}

export interface PaginateOptions extends SendOptions {
  maxItems?: number;
}

interface ListBody {
  object?: string;
  data?: unknown[];
  has_more?: boolean;
  next_page?: string | null;
  /** v2 lists: the path and query of the next page, or null. */
  next_page_url?: string | null;
}

/** The kind of list an answer is: v1 list, v1 search result, v2 list; undefined if not a list. */
function listKind(body: ListBody | null): 'list' | 'search' | 'v2' | undefined {
  if (!body || typeof body !== 'object' || !Array.isArray(body.data)) return undefined;
  if (body.object === 'list') return 'list';
  if (body.object === 'search_result') return 'search';
  if ('next_page_url' in body) return 'v2';
  return undefined;
}

/**
 * A v2 list's `next_page_url`, used as Stripe gave it: its path and its query string, sent unchanged
 * (never re-parsed and re-encoded). It must stay on the API's own paths.
 */
function nextPageUrl(url: string, operationId: string): Pick<PreparedRequest, 'path' | 'query' | 'rawQuery'> {
  const rel = url.replace(/^https?:\/\/[^/?#]+/i, '');
  const q = rel.indexOf('?');
  const path = q < 0 ? rel : rel.slice(0, q);
  const rawQuery = q < 0 ? '' : rel.slice(q + 1).replace(/#.*$/, '');
  if (!/^\/v2\/[^\s#]*$/.test(path) || /(^|\/)\.\.?(\/|$)/.test(path) || /[\s#]/.test(rawQuery)) {
    throw new StripeError('response', text('errors.badNextPageUrl', { op: operationId }));
  }
  return { path, query: {}, rawQuery };
}

function idOf(o: unknown): string | undefined {
  const id = (o as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Fetches page after page. The kind (list, search, v2 list) is read from each answer, so raw
 * endpoints newer than the catalogue paginate too. An answer that is not a list ends the run after
 * one page with that answer as its only object. Walking backwards (`ending_before`), each page is
 * turned round, as stripe-node does, so the objects come in one order: away from the cursor.
 */
export async function* paginate(
  client: StripeClient,
  req: PreparedRequest,
  opts: PaginateOptions = {},
): AsyncGenerator<Page> {
  const maxItems = opts.maxItems && opts.maxItems > 0 ? Math.floor(opts.maxItems) : DEFAULT_MAX_ITEMS;
  const userLimit = Number(req.query.limit);
  const limit = Number.isInteger(userLimit) && userLimit > 0 ? userLimit : DEFAULT_PAGE_SIZE;
  const backwards = req.query.ending_before !== undefined && req.query.ending_before !== '';
  // Only a request that lists is asked for full pages: a raw read of one object takes no `limit`.
  // A v2 list's page size is Stripe's unless the user sets `limit` (stripe-node sends none; v2 maximums differ).
  const lists = req.v2
    ? req.query.limit !== undefined
    : !!req.pagination || !!req.mayList || req.query.limit !== undefined;
  let next: PreparedRequest | undefined = lists
    ? { ...req, query: { ...req.query, limit: Math.min(limit, maxItems) } }
    : req;
  let sent = 0;

  for (let page = 1; next; page++) {
    const current: PreparedRequest = next;
    next = undefined;
    const response = await client.send(current, opts);
    const body = response.body as ListBody;
    const kind = listKind(body);
    if (!kind) {
      yield { page, data: [response.body], hasMore: false, truncated: false, last: true, limit, response };
      return;
    }
    const all = body.data as unknown[];
    const ordered = backwards && kind === 'list' ? all.slice().reverse() : all;
    const room = maxItems - sent;
    const data = ordered.length > room ? ordered.slice(0, room) : ordered;
    sent += data.length;
    const hasMore = all.length > 0 && (kind === 'v2' ? !!body.next_page_url : !!body.has_more);
    if (hasMore && sent < maxItems) {
      const nextLimit = Math.min(limit, maxItems - sent);
      if (kind === 'search') {
        if (body.next_page) next = { ...current, query: { ...current.query, page: body.next_page, limit: nextLimit } };
      } else if (kind === 'v2') {
        next = { ...current, ...nextPageUrl(String(body.next_page_url), req.operationId) };
      } else {
        // The cursor is the object furthest along the walk: the newest when walking backwards.
        const cursor = idOf(all[backwards ? 0 : all.length - 1]);
        if (!cursor) throw new StripeError('response', text('errors.noCursor', { op: req.operationId }));
        next = {
          ...current,
          query: { ...current.query, [backwards ? 'ending_before' : 'starting_after']: cursor, limit: nextLimit },
        };
      }
    }
    const truncated = !next && (hasMore || data.length < all.length);
    yield { page, data, hasMore, truncated, last: !next, limit, response };
  }
}
