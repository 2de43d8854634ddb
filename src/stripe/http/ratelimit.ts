/**
 * The client's rate limit: no sliding second holds more requests than the limit. One per config
 * node, shared by every node that uses it.
 *
 * - A request that fits the window goes at once: a burst up to the limit is not spread out, only
 *   the excess waits (Stripe counts requests per second; spacing a burst of 50 at 100/s over half a
 *   second would only add latency).
 * - Waiters keep their turn in order (a FIFO queue). One wake-up lets every waiter go whose turn has
 *   come, and a turn due within a millisecond counts as due now (a timer cannot fire sooner), so the
 *   queue never runs slower than the limit. A waiter whose flow stops leaves the queue at once, so a
 *   redeploy never leaves the window booked up by messages that are gone.
 * - The window is counted at the server: a request reaches it some time after it went (a burst
 *   opens connections that are ready at different times, so they do not even arrive in the order
 *   they went), and at the latest when its answer comes back. So each request counts at the time its
 *   answer came (or now, while it is on its way), at most MAX_LAG_MS after it went: a request never
 *   goes until the window since the `limit`-th latest of those times has passed.
 * - A rate under one a second widens the window instead (0.5/s: one request in any two seconds).
 * - Times come from a clock that never steps back, so a corrected wall clock cannot stall the queue.
 * - A 429 that still comes back lowers the limit in force; successes bring it back.
 */
import { performance } from 'perf_hooks';
import { abortedError } from '../common/abort';

/** Milliseconds on a clock that never steps back (the wall clock may: an NTP correction on a device without a clock chip). */
const clock = (): number => performance.now();

const WINDOW_MS = 1000;
/** Margin added to the window, for timers firing late and clocks read at slightly different points. */
const WINDOW_GUARD_MS = 10;
/** A turn due within this is taken now: a timer cannot wait less than about a millisecond. */
const DUE_MS = 1;
/** The most a request's time on the way may hold back the requests behind it. */
const MAX_LAG_MS = 200;

/** Call when the request's answer (or failure) has come back. */
export type Finish = () => void;

/**
 * What the client asks of a rate limit: this module's RateLimiter (one process), or a fleet's shared
 * budget (src/stripe/fleet/budget.ts).
 */
export interface Limiter {
  readonly limit: number;
  readonly currentRate: number;
  readonly waiting: number;
  /** A turn at once, or undefined when the request must wait (take). */
  tryTake(): Finish | undefined;
  take(signal?: AbortSignal, onQueued?: (waiting: number) => void): Promise<Finish>;
  /** Stripe answered 429. */
  slowDown(): void;
  /** A request succeeded. */
  recover(): void;
  close(): void;
}

interface Waiter {
  resolve: (finish: Finish) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Sent {
  at: number;
  /** Time to answer, once known. */
  latency?: number;
}

/** When a request may have reached the server at the latest: its answer, or now while on its way; capped. */
function reached(s: Sent, now: number): number {
  return s.at + Math.min(MAX_LAG_MS, s.latency ?? Math.max(0, now - s.at));
}

export class RateLimiter implements Limiter {
  private readonly rate: number;
  private factor = 1;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The requests that may still count in a window, in the order they went (oldest first). */
  private readonly recent: Sent[] = [];

  constructor(requestsPerSecond: number) {
    this.rate = requestsPerSecond;
  }

  get limit(): number {
    return this.rate;
  }

  /** The rate in force now (lower than the limit after a 429). */
  get currentRate(): number {
    return this.rate * this.factor;
  }

  /** How many requests wait for their turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /** How many requests one window may hold now. */
  private get allowance(): number {
    return Math.max(1, Math.floor(this.rate * this.factor));
  }

  /** The window: a second, or longer for a rate under one a second (0.5/s: one request in any two seconds). */
  private get windowMs(): number {
    const r = this.rate * this.factor;
    return r < 1 ? WINDOW_MS / r : WINDOW_MS;
  }

  /** Requests that reached the server after this time count in the window of a request going at `now`. */
  private edge(now: number): number {
    return now - this.windowMs - WINDOW_GUARD_MS;
  }

  /**
   * How many recent requests count in the window of a request going at `now`. Those that went after
   * the edge count; those that went more than MAX_LAG_MS before it cannot; only the few between
   * are looked at one by one (a binary search finds the first that went after the edge).
   */
  private counted(now: number): number {
    const edge = this.edge(now);
    const r = this.recent;
    let lo = 0;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r[mid].at > edge) hi = mid;
      else lo = mid + 1;
    }
    let c = r.length - lo;
    // Once the window is known to be full, the rest need not be looked at.
    for (let i = lo - 1; i >= 0 && c < this.allowance && r[i].at + MAX_LAG_MS > edge; i--)
      if (reached(r[i], now) > edge) c++;
    return c;
  }

  /** Whether a request may go now (a turn due within DUE_MS counts as now). */
  private fits(now: number): boolean {
    // Fewer requests remembered than the window may hold: it has room, nothing to count.
    if (this.recent.length < this.allowance) return true;
    return this.counted(now + DUE_MS) < this.allowance;
  }

  /** When the window will have room: a window after the `allowance`-th latest time a counted request reached the server. */
  private earliest(now: number): number {
    const edge = this.edge(now);
    const times: number[] = [];
    for (let i = this.recent.length - 1; i >= 0 && this.recent[i].at + MAX_LAG_MS > edge; i--) {
      const t = reached(this.recent[i], now);
      if (t > edge) times.push(t);
    }
    const n = this.allowance;
    if (times.length < n) return now;
    times.sort((x, y) => y - x);
    return times[n - 1] + this.windowMs + WINDOW_GUARD_MS;
  }

  /** Books a request that goes now. */
  private go(now: number): Finish {
    const sent: Sent = { at: now };
    this.recent.push(sent);
    // Forget what can no longer count (it reached the server before any window that is still to come).
    const horizon = this.edge(now) - MAX_LAG_MS;
    while (this.recent.length && this.recent[0].at < horizon) this.recent.shift();
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      sent.latency = clock() - sent.at;
    };
  }

  /** A turn at once, without waiting, when nobody waits and the window has room; otherwise undefined. */
  tryTake(): Finish | undefined {
    if (!(this.rate > 0)) return () => undefined;
    if (this.queue.length) return undefined;
    const now = clock();
    return this.fits(now) ? this.go(now) : undefined;
  }

  /**
   * Waits for this request's turn; resolves with a function to call when its answer has come back.
   * Rejects with an 'aborted' error as soon as the signal fires. `onQueued` is told how many wait
   * (this one included) when this request has to wait.
   */
  take(signal?: AbortSignal, onQueued?: (waiting: number) => void): Promise<Finish> {
    if (signal?.aborted) return Promise.reject(abortedError());
    const now = this.tryTake();
    if (now) return Promise.resolve(now);
    return new Promise<Finish>((resolve, reject) => {
      const w: Waiter = { resolve, reject, signal };
      if (signal) {
        w.onAbort = (): void => {
          const i = this.queue.indexOf(w);
          if (i >= 0) this.queue.splice(i, 1);
          if (!this.queue.length) this.stopTimer();
          reject(abortedError());
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queue.push(w);
      onQueued?.(this.queue.length);
      this.schedule();
    });
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || !this.queue.length) return;
    const now = clock();
    // A request still on its way may move the window's edge later by the time this fires; release() then waits again.
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        this.release();
      },
      Math.max(0, this.earliest(now) - now),
    );
  }

  /** Lets every waiter go whose turn has come, in order, then waits for the next turn. */
  private release(): void {
    const now = clock();
    while (this.queue.length && this.fits(now)) {
      const w = this.queue.shift() as Waiter;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.resolve(this.go(now));
    }
    this.schedule();
  }

  /** Stripe answered 429 although we kept to the limit: someone else shares the account's budget. */
  slowDown(): void {
    this.factor = Math.max(0.1, this.factor * 0.7);
  }

  /** A request succeeded: recover towards the configured rate. */
  recover(): void {
    if (this.factor >= 1) return;
    this.factor = Math.min(1, this.factor + 0.02);
    // A wider window may let waiters go sooner than the timer set for the narrower one.
    if (this.queue.length) {
      this.stopTimer();
      this.release();
    }
  }

  /** Rejects every waiter (the client is closing). */
  close(): void {
    this.stopTimer();
    for (const w of this.queue.splice(0)) {
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.reject(abortedError());
    }
  }
}
