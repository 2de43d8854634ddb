/**
 * "Each event once", across nodes and restarts: each event seen is a key of its own, holding when it
 * was first seen, in a key-value store the caller provides (a Node-RED context store: memory, a file,
 * or a store shared by a fleet such as Redis). Keys live at least `keepSeconds` (72 h by default:
 * Stripe retries a webhook for up to 3 days); about `maxEntries` are kept (the oldest go first).
 *
 * Claims on one store are taken one at a time (a queue per store), so a webhook node and a poller in
 * the same process never both pass the same event. Processes sharing a store never overwrite each
 * other's keys; only two claims of the same event in the same instant, in two processes, can both pass.
 */

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  /** Sets a key; `undefined` removes it. */
  set(key: string, value: unknown): Promise<void>;
  keys(): Promise<string[]>;
}

/**
 * What the event nodes ask of "each event once": a Dedupe over a context store in one process, or a
 * fleet's claims in Redis (src/stripe/fleet/claims.ts).
 */
export interface EventClaims {
  /** True when the event was not seen before and may go on; false for a repeat. */
  claim(key: string): Promise<boolean>;
  /** The event went on. */
  sent(key: string): void;
  /** The event could not go on: the claim is forgotten, so that Stripe's next delivery passes. */
  release(key: string): Promise<void>;
}

export interface DedupeOptions {
  keepSeconds?: number;
  maxEntries?: number;
  /** How often (in claims) expired keys are dropped and the bound is checked; default 256. */
  trimEvery?: number;
  /** Now in milliseconds (tests pass a fixed clock). */
  now?: () => number;
}

/** Every key of the dedupe starts with this (context keys: letters, digits and _ only). */
export const DEDUPE_PREFIX = 'stripe_event__';
export const DEFAULT_KEEP_SECONDS = 72 * 3600;
export const DEFAULT_MAX_ENTRIES = 20000;
/** How often a claim checks the bound: the bound may be passed by fewer than this many keys. */
const TRIM_EVERY = 256;

/** The key of one event: the account (or the platform), test or live, and the event id. */
export function eventKey(id: string, livemode: boolean, account?: string): string {
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, '_');
  return `${DEDUPE_PREFIX}${safe(account || 'platform')}__${livemode ? 'live' : 'test'}__${safe(id)}`;
}

export class Dedupe implements EventClaims {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly keep: number;
  private readonly max: number;
  private readonly now: () => number;
  private readonly trimEvery: number;
  private claims = 0;
  /**
   * The keys this process knows of and when each was seen, oldest first: read from the store once at
   * the first claim, then kept up to date, so pruning reads nothing but what it drops. (Keys another
   * process adds later are pruned by that process.)
   */
  private known: Map<string, number> | undefined;

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
      const now = this.seconds();
      if (this.fresh(await this.store.get(key), now)) return false;
      await this.store.set(key, now);
      if (!this.known) this.known = await this.scan(now);
      this.known.delete(key);
      this.known.set(key, now);
      if (++this.claims % this.trimEvery === 0) await this.prune(now);
      return true;
    });
  }

  /** Nothing more to do: the claim was recorded whole. */
  sent(_key: string): void {}

  /** Forgets a claim whose event could not go on, so that Stripe's next delivery of it passes. */
  release(key: string): Promise<void> {
    return this.serial(async () => {
      this.known?.delete(key);
      await this.store.set(key, undefined);
    });
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  private fresh(seenAt: unknown, now: number): boolean {
    return typeof seenAt === 'number' && seenAt >= now - this.keep;
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job, job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The store's keys and times, once: the expired ones dropped, the rest oldest first. */
  private async scan(now: number): Promise<Map<string, number>> {
    const kept: [string, number][] = [];
    for (const k of (await this.store.keys()).filter((x) => x.startsWith(DEDUPE_PREFIX))) {
      const seenAt = await this.store.get(k);
      if (this.fresh(seenAt, now)) kept.push([k, seenAt as number]);
      else await this.store.set(k, undefined);
    }
    return new Map(kept.sort((a, b) => a[1] - b[1]));
  }

  /** Drops the expired keys from the oldest end, and the oldest beyond `max`. */
  private async prune(now: number): Promise<void> {
    const known = this.known;
    if (!known) return;
    for (const [k, seenAt] of known) {
      if (this.fresh(seenAt, now) && known.size <= this.max) break;
      known.delete(k);
      await this.store.set(k, undefined);
    }
  }
}
