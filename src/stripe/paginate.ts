/**
 * Pagination over Stripe's list (`starting_after` / `ending_before`) and search (`next_page`)
 * results, as an async iterator of pages. Each page is one request (retried on its own by the
 * client), so a transient failure never restarts the run or repeats objects.
 */
import type { PreparedRequest } from './request';
import type { SendOptions, StripeClient, StripeResponse } from './client';
import { StripeError } from './errors';

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
}

function idOf(o: unknown): string | undefined {
  const id = (o as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Fetches page after page. The kind (list or search) is read from each answer's `object`, so raw
 * endpoints newer than the catalogue paginate too. An answer that is not a list ends the run after
 * one page with that answer as its only object.
 */
export async function* paginate(client: StripeClient, req: PreparedRequest, opts: PaginateOptions = {}): AsyncGenerator<Page> {
  const maxItems = opts.maxItems && opts.maxItems > 0 ? Math.floor(opts.maxItems) : DEFAULT_MAX_ITEMS;
  const userLimit = Number(req.query.limit);
  const limit = Number.isInteger(userLimit) && userLimit > 0 ? userLimit : DEFAULT_PAGE_SIZE;
  const backwards = req.query.ending_before !== undefined && req.query.ending_before !== '';
  let query: Record<string, unknown> = { ...req.query, limit: Math.min(limit, maxItems) };
  let sent = 0;

  for (let page = 1; ; page++) {
    const response = await client.send({ ...req, query }, opts);
    const body = response.body as ListBody;
    if (!body || typeof body !== 'object' || !Array.isArray(body.data) || (body.object !== 'list' && body.object !== 'search_result')) {
      yield { page, data: [response.body], hasMore: false, truncated: false, last: true, limit, response };
      return;
    }
    const room = maxItems - sent;
    const data = body.data.length > room ? body.data.slice(0, room) : body.data;
    sent += data.length;
    const hasMore = !!body.has_more && body.data.length > 0;
    let next: Record<string, unknown> | undefined;
    if (hasMore && sent < maxItems) {
      if (body.object === 'search_result') {
        if (body.next_page) next = { ...query, page: body.next_page };
      } else {
        const cursor = backwards ? idOf(body.data[0]) : idOf(body.data[body.data.length - 1]);
        if (!cursor) throw new StripeError('response', `A ${req.operationId} page has objects without an id, so the next page cannot be asked for`);
        next = backwards ? { ...query, ending_before: cursor } : { ...query, starting_after: cursor };
      }
    }
    const truncated = !next && (hasMore || data.length < body.data.length);
    yield { page, data, hasMore, truncated, last: !next, limit, response };
    if (!next) return;
    next.limit = Math.min(limit, maxItems - sent);
    query = next;
  }
}
