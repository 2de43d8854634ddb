/**
 * Which events a receiving node lets through: by type (exact names, `*` for all, `invoice.*` for a
 * group), by livemode and by connected account. Works on snapshot events (`object: "event"`) and thin
 * events (`object: "v2.core.event"`), whose account sits in `context`.
 */

export type LivemodeFilter = 'any' | 'live' | 'test';

export interface EventFilterSettings {
  /** Event types; empty, or containing `*`, means all. */
  types?: readonly string[];
  livemode?: LivemodeFilter;
  /** '' = any account; `platform` = only the platform's own events; `acct_...` = only that account's. */
  account?: string;
}

/** What every receiving node reads of an event, whichever kind it is. */
export interface EventFacts {
  id: string;
  type: string;
  livemode: boolean;
  /** The connected account the event happened on, or undefined for the platform's own. */
  account?: string;
  apiVersion?: string;
  created?: number;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** The facts of a parsed event body, or undefined when it is not a Stripe event. */
export function eventFacts(event: unknown): EventFacts | undefined {
  if (!event || typeof event !== 'object' || Array.isArray(event)) return undefined;
  const e = event as Record<string, unknown>;
  const id = str(e.id);
  const type = str(e.type);
  if (!id || !type || (e.object !== 'event' && e.object !== 'v2.core.event')) return undefined;
  const created =
    typeof e.created === 'number' ? e.created : str(e.created) ? Date.parse(String(e.created)) / 1000 : undefined;
  return {
    id,
    type,
    livemode: e.livemode === true,
    account: str(e.account) ?? str(e.context),
    apiVersion: str(e.api_version),
    created: Number.isFinite(created) ? created : undefined,
  };
}

/** Whether a type list lets every type through. */
export function allTypes(types: readonly string[]): boolean {
  return types.length === 0 || types.includes('*');
}

/** Whether a type matches one entry of the list: exact, or a `prefix.*` group. */
export function typeMatches(type: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return type === pattern;
}

export function passes(facts: EventFacts, f: EventFilterSettings): boolean {
  const types = f.types ?? [];
  if (!allTypes(types) && !types.some((p) => typeMatches(facts.type, p))) return false;
  if (f.livemode === 'live' && !facts.livemode) return false;
  if (f.livemode === 'test' && facts.livemode) return false;
  if (f.account === 'platform') return !facts.account;
  if (f.account) return facts.account === f.account;
  return true;
}
