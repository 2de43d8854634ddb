/**
 * Reading Stripe's events with `GET /v1/events`, oldest first, from a cursor: the way to receive events
 * on an install Stripe cannot reach. Stripe lists newest first; walking with `ending_before` from the
 * cursor gives the events after it, each page turned round (see paginate), so they come oldest first
 * and the cursor can move one event at a time. Without a usable cursor (first start, a replay, a cursor
 * event Stripe no longer has) the walk starts at a time instead: the oldest event at or after it is
 * found first, then the walk goes on from that event.
 */
import { catalogueRequest } from '../requests/catalogue';
import type { SendOptions, StripeClient } from '../http/client';
import { StripeError } from '../common/errors';
import { eventFacts, allTypes, type EventFacts } from './event-filter';
import { paginate } from '../http/paginate';
import type { PreparedRequest, Values } from '../requests/request';

/** Where a poller stands: the last event it passed on (id and created, unix seconds), or only a time. */
export interface EventCursor {
  id?: string;
  created: number;
}

export interface PolledEvent {
  event: Record<string, unknown>;
  facts: EventFacts;
}

/** Stripe keeps events for 30 days. */
export const RETENTION_SECONDS = 30 * 24 * 3600;
/** Stripe's `types[]` takes at most 20 names. */
export const MAX_SERVER_TYPES = 20;
/** A walk over a time range has no cut-off: it must reach the oldest event and every one after it. */
const WHOLE_RANGE = Number.MAX_SAFE_INTEGER;

/**
 * The filter Stripe can apply itself: up to 20 exact names as `types[]`, or one group as `type`
 * (`invoice.*`). Anything else is listed whole and filtered by the caller.
 */
export function serverTypeQuery(types: readonly string[]): Values {
  if (allTypes(types)) return {};
  const groups = types.filter((t) => t.includes('*'));
  if (!groups.length && types.length <= MAX_SERVER_TYPES) return { types: [...types] };
  if (groups.length === 1 && types.length === 1) return { type: groups[0] };
  return {};
}

/** Thrown when the cursor's event is gone (older than Stripe keeps, or never there). */
export class CursorGone extends Error {
  constructor(readonly cursor: EventCursor) {
    super(`The last event read (${cursor.id}) is no longer in Stripe's event list`);
  }
}

function listRequest(query: Values): PreparedRequest {
  return catalogueRequest('GetEvents', { query: { limit: 100, ...query } });
}

function polled(o: unknown): PolledEvent | undefined {
  const facts = eventFacts(o);
  return facts ? { event: o as Record<string, unknown>, facts } : undefined;
}

function gone(err: unknown): boolean {
  return err instanceof StripeError && (err.fields.statusCode === 404 || err.fields.code === 'resource_missing');
}

/** The events after a cursor's event, oldest first. Throws CursorGone when Stripe no longer has it. */
export async function* eventsAfterId(
  client: StripeClient,
  id: string,
  query: Values,
  opts: SendOptions & { maxItems?: number },
): AsyncGenerator<PolledEvent> {
  try {
    for await (const page of paginate(client, listRequest({ ...query, ending_before: id }), opts)) {
      for (const o of page.data) {
        const e = polled(o);
        if (e) yield e;
      }
    }
  } catch (err) {
    if (gone(err)) throw new CursorGone({ id, created: 0 });
    throw err;
  }
}

/**
 * The events created at or after `from` (and up to `to`, when given), oldest first. The oldest is found
 * by walking down the whole range, keeping only one event in memory; the rest come from walking up.
 */
export async function* eventsSince(
  client: StripeClient,
  from: number,
  query: Values,
  opts: SendOptions,
  to?: number,
): AsyncGenerator<PolledEvent> {
  const created: Values = { gte: Math.floor(from) };
  if (to !== undefined) created.lte = Math.floor(to);
  let oldest: PolledEvent | undefined;
  for await (const page of paginate(client, listRequest({ ...query, created }), { ...opts, maxItems: WHOLE_RANGE })) {
    for (const o of page.data) oldest = polled(o) ?? oldest;
  }
  if (!oldest) return;
  yield oldest;
  yield* eventsAfterId(client, oldest.facts.id, { ...query, created }, { ...opts, maxItems: WHOLE_RANGE });
}

/**
 * The events after a cursor, oldest first. A cursor older than Stripe's retention, or whose event is
 * gone, continues from its time instead; `onFallback` is told so that the user can be.
 */
export async function* eventsAfter(
  client: StripeClient,
  cursor: EventCursor,
  query: Values,
  opts: SendOptions & { now?: number; onFallback?: (reason: 'expired' | 'gone') => void },
): AsyncGenerator<PolledEvent> {
  const nowS = Math.floor((opts.now ?? Date.now()) / 1000);
  if (cursor.id && cursor.created > nowS - RETENTION_SECONDS) {
    try {
      yield* eventsAfterId(client, cursor.id, query, opts);
      return;
    } catch (err) {
      if (!(err instanceof CursorGone)) throw err;
      opts.onFallback?.('gone');
    }
  } else if (cursor.id) {
    opts.onFallback?.('expired');
  }
  yield* eventsSince(client, Math.max(cursor.created, nowS - RETENTION_SECONDS), query, opts);
}
