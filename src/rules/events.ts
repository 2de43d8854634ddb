/**
 * The settings of the event nodes (stripe-webhook, stripe-events), checked the same way by the runtime
 * and by their dialogs: the webhook's URL path and tolerance, the poller's interval and replay hours,
 * the account filter and the event types.
 */
import { accept, refuse, type Checked } from './problem';

export const DEFAULT_TOLERANCE = 300;
export const DEFAULT_INTERVAL = 30;
export const MIN_INTERVAL = 5;
export const DEFAULT_REPLAY_HOURS = 24;

const empty = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

/** The path a webhook node serves, under httpNodeRoot: `/stripe/events`; a missing leading / is added. */
export function checkWebhookPath(v: unknown): Checked<string> {
  const p = typeof v === 'string' ? v.trim() : '';
  const path = p.startsWith('/') ? p : `/${p}`;
  const ok = /^\/[A-Za-z0-9\-_.~/]*[A-Za-z0-9\-_~]$/.test(path) && !/\/\.\.?(\/|$)/.test(path) && !/\/\//.test(path);
  return ok ? accept(path) : refuse('webhookPath');
}

/** The number a setting holds (its default when empty), or undefined when it is outside [min, max]. */
function inRange(v: unknown, dflt: number, min: number, max: number, whole = false): number | undefined {
  if (empty(v)) return dflt;
  const n = Number(v);
  return Number.isFinite(n) && n >= min && n <= max && (!whole || Number.isInteger(n)) ? n : undefined;
}

/** Seconds a webhook signature stays valid either side of now; empty = 300. */
export function checkTolerance(v: unknown): Checked<number> {
  const n = inRange(v, DEFAULT_TOLERANCE, 1, 86400, true);
  return n === undefined ? refuse('tolerance') : accept(n);
}

/** Seconds between polls; empty = 30, at least 5. */
export function checkInterval(v: unknown): Checked<number> {
  const n = inRange(v, DEFAULT_INTERVAL, MIN_INTERVAL, 86400);
  return n === undefined ? refuse('interval') : accept(n);
}

/** Hours a first start (or msg.replay: true) goes back; empty = 24, at most Stripe's 30 days. */
export function checkReplayHours(v: unknown): Checked<number> {
  const n = inRange(v, DEFAULT_REPLAY_HOURS, 0, 720);
  return n === undefined ? refuse('replayHours') : accept(n);
}

/** The account filter: '' (any), `platform` (the platform's own events), or `acct_...`. */
export function checkEventAccount(v: unknown): Checked<string> {
  const a = typeof v === 'string' ? v.trim() : '';
  return a === '' || a === 'platform' || /^acct_[A-Za-z0-9]+$/.test(a) ? accept(a) : refuse('eventAccount');
}

/** One event type as a node takes it: `*`, a name (`invoice.paid`, `v1.billing.meter...`) or a group (`invoice.*`). */
export function isEventType(t: string): boolean {
  return t === '*' || /^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/.test(t);
}

/** The type list: an array or text (comma or space separated), trimmed, without repeats; each must be a type. */
export function checkEventTypes(v: unknown): Checked<string[]> {
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,]+/) : [];
  const list = [...new Set(raw.map((t) => String(t).trim()).filter(Boolean))];
  const bad = list.find((t) => !isEventType(t));
  return bad === undefined ? accept(list) : refuse('eventType', { type: bad.slice(0, 60) });
}

/** Which events a receiving node lets through, as both event nodes store it. */
export interface EventFilterConfig {
  events?: unknown;
  livemode?: unknown;
  account?: unknown;
}

/** The filter of an event node's settings: its types and account checked, any livemode but live/test read as both. */
export function checkEventFilter(
  config: EventFilterConfig,
): Checked<{ types: string[]; livemode: 'any' | 'live' | 'test'; account: string }> {
  const account = checkEventAccount(config.account);
  if (!account.ok) return account;
  const types = checkEventTypes(config.events);
  if (!types.ok) return types;
  const livemode = config.livemode === 'live' || config.livemode === 'test' ? config.livemode : 'any';
  return accept({ types: types.value, livemode, account: account.value });
}
