/**
 * "Each event once", across nodes and restarts: the event keys seen, with when they were first seen,
 * kept in a key-value store the caller provides (a Node-RED context store: memory, a file, or a store
 * shared by a fleet such as Redis). Entries live at least `keepSeconds` (72 h by default: Stripe
 * retries a webhook for up to 3 days), and at most `maxEntries` are kept (the oldest go first).
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
  /** Now in milliseconds (tests pass a fixed clock). */
  now?: () => number;
}

export const DEDUPE_KEY = 'stripe_events_seen';
export const DEFAULT_KEEP_SECONDS = 72 * 3600;
export const DEFAULT_MAX_ENTRIES = 20000;

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

  constructor(
    private readonly store: KeyValueStore,
    options: DedupeOptions = {},
  ) {
    this.keep = options.keepSeconds ?? DEFAULT_KEEP_SECONDS;
    this.max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  /** Records the key; true when it was not seen before (the event may go on), false for a repeat. */
  claim(key: string): Promise<boolean> {
    return this.serial(async () => {
      const seen = await this.load();
      if (seen[key] !== undefined) return false;
      seen[key] = Math.floor(this.now() / 1000);
      await this.store.set(DEDUPE_KEY, this.trim(seen));
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

  private async load(): Promise<Seen> {
    const v = await this.store.get(DEDUPE_KEY);
    const seen: Seen = {};
    if (!v || typeof v !== 'object') return seen;
    const cutoff = Math.floor(this.now() / 1000) - this.keep;
    for (const [k, t] of Object.entries(v as Record<string, unknown>)) {
      if (typeof t === 'number' && t >= cutoff) seen[k] = t;
    }
    return seen;
  }

  /** Keeps the newest `max` entries. */
  private trim(seen: Seen): Seen {
    const keys = Object.keys(seen);
    if (keys.length <= this.max) return seen;
    keys.sort((a, b) => seen[a] - seen[b]);
    for (const k of keys.slice(0, keys.length - this.max)) delete seen[k];
    return seen;
  }
}
