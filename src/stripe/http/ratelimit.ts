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
/**
 * A request answered within this is quick: one that went more than this before a window's edge
 * cannot have reached the server after it. Only the others are looked at one by one in that stretch.
 */
const FAST_MS = 5;

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
  /** The requests that may still count in a window, in the order they went (oldest first), from `head` on. */
  private readonly recent: Sent[] = [];
  private head = 0;
  /** The requests of `recent` still on their way. */
  private readonly flying = new Set<Sent>();
  /**
   * Requests that took longer than FAST_MS to answer, from `slowHead` on, in the order they were
   * answered (roughly the order they went: some may be forgotten already, and are then passed over).
   */
  private readonly slow: Sent[] = [];
  private slowHead = 0;

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

  /** The index of the first remembered request that went after `edge` (a binary search: they are in the order they went). */
  private after(edge: number): number {
    const r = this.recent;
    let lo = this.head;
    let hi = r.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (r[mid].at > edge) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * Calls `count` with the reach of every remembered request that went at or before the edge and
   * still counts in the window of a request going at `now` (it reached the server after the edge),
   * until `count` returns false. Those that went within FAST_MS before the edge are looked at one by
   * one; of those that went earlier (up to MAX_LAG_MS), only one that took longer than FAST_MS can
   * count: they are among the requests in flight and the slow ones, so the many quick ones between
   * are never looked at.
   */
  private eachLate(edge: number, lo: number, now: number, count: (t: number) => boolean): void {
    const r = this.recent;
    let i = lo - 1;
    for (; i >= this.head && r[i].at + FAST_MS > edge; i--) {
      const t = reached(r[i], now);
      if (t > edge && !count(t)) return;
    }
    if (i < this.head || !(r[i].at + MAX_LAG_MS > edge)) return;
    // Still remembered: went at or after the oldest request kept (the ones forgotten went before it).
    const oldest = r[this.head].at;
    const late = (s: Sent): boolean => {
      if (s.at < oldest || s.at + FAST_MS > edge || !(s.at + MAX_LAG_MS > edge)) return true;
      const t = reached(s, now);
      return !(t > edge) || count(t);
    };
    for (const s of this.flying) if (!late(s)) return;
    for (let j = this.slowHead; j < this.slow.length; j++) if (!late(this.slow[j])) return;
  }

  /**
   * How many recent requests count in the window of a request going at `now`. Those that went after
   * the edge count; those that went more than MAX_LAG_MS before it cannot; of those between, the ones
   * that reached the server after the edge (eachLate). Counting stops once the window is known to be full.
   */
  private counted(now: number): number {
    const edge = this.edge(now);
    const lo = this.after(edge);
    let c = this.recent.length - lo;
    const allowance = this.allowance;
    if (c >= allowance) return c;
    this.eachLate(edge, lo, now, () => ++c < allowance);
    return c;
  }

  /** Whether a request may go now (a turn due within DUE_MS counts as now). */
  private fits(now: number): boolean {
    // Fewer requests remembered than the window may hold: it has room, nothing to count.
    if (this.recent.length - this.head < this.allowance) return true;
    return this.counted(now + DUE_MS) < this.allowance;
  }

  /**
   * When the window will have room: a window after the `allowance`-th latest time a counted request
   * reached the server. That is the k-th earliest of those times, k = counted - allowance + 1: the k
   * earliest are kept while the requests are looked at in the order they went; a request that went
   * after the k-th earliest time so far cannot reach the server before it, so the look stops there.
   */
  private earliest(now: number): number {
    const edge = this.edge(now);
    const n = this.allowance;
    const lo = this.after(edge);
    const late: number[] = [];
    this.eachLate(edge, lo, now, (t) => {
      late.push(t);
      return true;
    });
    const total = late.length + this.recent.length - lo;
    if (total < n) return now;
    const k = total - n + 1;
    // The k earliest times so far, in ascending order.
    const best: number[] = [];
    const keep = (t: number): void => {
      if (best.length === k && t >= best[k - 1]) return;
      let j = best.length === k ? k - 1 : best.length;
      while (j > 0 && best[j - 1] > t) {
        best[j] = best[j - 1];
        j--;
      }
      best[j] = t;
    };
    for (const t of late) keep(t);
    const r = this.recent;
    for (let i = lo; i < r.length; i++) {
      if (best.length === k && r[i].at >= best[k - 1]) break;
      keep(reached(r[i], now));
    }
    return best[k - 1] + this.windowMs + WINDOW_GUARD_MS;
  }

  /** Books a request that goes now. */
  private go(now: number): Finish {
    const sent: Sent = { at: now };
    this.recent.push(sent);
    this.flying.add(sent);
    // Forget what can no longer count (it reached the server before any window that is still to come).
    const horizon = this.edge(now) - MAX_LAG_MS;
    const r = this.recent;
    while (this.head < r.length && r[this.head].at < horizon) this.head++;
    // The forgotten are dropped from the array once they are half of it (not one by one: a shift moves them all).
    if (this.head >= 1024 && this.head * 2 >= r.length) {
      r.splice(0, this.head);
      this.head = 0;
    }
    // The slow ones forgotten too, as far as they are in order.
    const oldest = r[this.head].at;
    // (A turn whose finish is never called stays on its way: forgotten once there are many.)
    if (this.flying.size > 1024) for (const f of this.flying) if (f.at < oldest) this.flying.delete(f);
    const slow = this.slow;
    while (this.slowHead < slow.length && slow[this.slowHead].at < oldest) this.slowHead++;
    if (this.slowHead >= 1024 && this.slowHead * 2 >= slow.length) {
      slow.splice(0, this.slowHead);
      this.slowHead = 0;
    }
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      sent.latency = clock() - sent.at;
      this.flying.delete(sent);
      if (sent.latency > FAST_MS) this.slow.push(sent);
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
