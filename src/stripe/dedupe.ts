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
  /** How often (in claims) expired keys are dropped and the bound is checked; default 256. */
  trimEvery?: number;
  /** Now in milliseconds (tests pass a fixed clock). */
  now?: () => number;
}

export const DEDUPE_KEY = 'stripe_events_seen';
export const DEFAULT_KEEP_SECONDS = 72 * 3600;
export const DEFAULT_MAX_ENTRIES = 20000;
/** How often a claim checks the bound: the bound may be passed by fewer than this many keys. */
const TRIM_EVERY = 256;

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
      const now = Math.floor(this.now() / 1000);
      if (this.fresh(seen[key], now)) return false;
      // An expired key comes back at the end, so the keys stay in the order they were seen.
      delete seen[key];
      seen[key] = now;
      if (++this.claims % this.trimEvery === 0 || this.claims === 1) this.prune(seen, now);
      await this.store.set(DEDUPE_KEY, seen);
      return true;
    });
  }

  /** Whether the key was seen, without recording it. */
  has(key: string): Promise<boolean> {
    return this.serial(async () => this.fresh((await this.load())[key], Math.floor(this.now() / 1000)));
  }

  private fresh(seenAt: unknown, now: number): boolean {
    return typeof seenAt === 'number' && seenAt >= now - this.keep;
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The stored keys (a lookup is one hash access, whatever their number). */
  private async load(): Promise<Seen> {
    const v = await this.store.get(DEDUPE_KEY);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Seen) : {};
  }

  /**
   * Drops the expired keys and keeps the newest `max` (every `trimEvery` claims: walking all keys is
   * not free). Keys keep the order they were seen in, oldest first.
   */
  private prune(seen: Seen, now: number): void {
    const keys = Object.keys(seen);
    const excess = keys.length - this.max;
    keys.forEach((k, i) => {
      if (i < excess || !this.fresh(seen[k], now)) delete seen[k];
    });
  }
}
