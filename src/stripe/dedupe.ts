/**
 * "Each event once", across nodes and restarts: the event keys seen, with when they were first seen,
 * kept in a key-value store the caller provides (a Node-RED context store: memory, a file, or a store
 * shared by a fleet such as Redis). Entries live at least `keepSeconds` (72 h by default: Stripe
 * retries a webhook for up to 3 days), and about `maxEntries` are kept (the oldest go first).
 *
 * Claims on one store are taken one at a time (a queue per store), so a webhook node and a poller in
 * the same process never both pass the same event. Across processes the store's own get/set decide.
 */

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface DedupeOptions {
  keepSeconds?: number;
  maxEntries?: number;
  /** How often (in claims) the bound is checked; default 64. */
  trimEvery?: number;
  /** Now in milliseconds (tests pass a fixed clock). */
  now?: () => number;
}

export const DEDUPE_KEY = 'stripe_events_seen';
export const DEFAULT_KEEP_SECONDS = 72 * 3600;
export const DEFAULT_MAX_ENTRIES = 20000;
/** How often a claim checks the bound: the bound may be passed by fewer than this many keys. */
const TRIM_EVERY = 64;

/** The stored form: event key -> unix seconds first seen. A plain object, so every store can save it. */
type Seen = Record<string, number>;

/** The key of one event: the account (or the platform), test or live, and the event id. */
export function eventKey(id: string, livemode: boolean, account?: string): string {
  return `${account || 'platform'}/${livemode ? 'live' : 'test'}/${id}`;
}

export class Dedupe {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly keep: number;
  private readonly max: number;
  private readonly now: () => number;
  private claims = 0;
  private readonly trimEvery: number;

  constructor(
    private readonly store: KeyValueStore,
    options: DedupeOptions = {},
  ) {
    this.keep = options.keepSeconds ?? DEFAULT_KEEP_SECONDS;
    this.max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
    this.trimEvery = Math.max(1, options.trimEvery ?? TRIM_EVERY);
  }

  /** Records the key; true when it was not seen before (the event may go on), false for a repeat. */
  claim(key: string): Promise<boolean> {
    return this.serial(async () => {
      const seen = await this.load();
      if (seen[key] !== undefined) return false;
      seen[key] = Math.floor(this.now() / 1000);
      if (++this.claims % this.trimEvery === 0 || this.claims === 1) this.trim(seen);
      await this.store.set(DEDUPE_KEY, seen);
      return true;
    });
  }

  /** Whether the key was seen, without recording it. */
  has(key: string): Promise<boolean> {
    return this.serial(async () => (await this.load())[key] !== undefined);
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The stored keys, the expired ones dropped. Keys keep the order they were added in (they are not
   * integer-like), oldest first, so dropping stops at the first one still young: a claim costs the
   * same with 20,000 keys kept as with 20.
   */
  private async load(): Promise<Seen> {
    const v = await this.store.get(DEDUPE_KEY);
    if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
    const seen = v as Seen;
    const cutoff = Math.floor(this.now() / 1000) - this.keep;
    for (const k in seen) {
      if (typeof seen[k] === 'number' && seen[k] >= cutoff) break;
      delete seen[k];
    }
    return seen;
  }

  /** Keeps the newest `max` keys (checked every `trimEvery` claims: counting keys is not free). */
  private trim(seen: Seen): void {
    const keys = Object.keys(seen);
    for (const k of keys.slice(0, Math.max(0, keys.length - this.max))) delete seen[k];
  }
}
