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
 * - A 429 that still comes back lowers the limit in force; successes bring it back.
 */
import { abortedError } from './abort';

/** Stripe's documented default limits, per second. */
export const TEST_MODE_RATE = 25;
export const LIVE_MODE_RATE = 100;

const WINDOW_MS = 1000;
/** Margin added to the window, for timers firing late and clocks read at slightly different points. */
const WINDOW_GUARD_MS = 10;
/** A turn due within this is taken now: a timer cannot wait less than about a millisecond. */
const DUE_MS = 1;
/** The most a request's time on the way may hold back the requests behind it. */
const MAX_LAG_MS = 200;

export function automaticRate(apiKey: string): number {
  return /^(sk|rk)_live_/.test(apiKey) ? LIVE_MODE_RATE : TEST_MODE_RATE;
}

/** Call when the request's answer (or failure) has come back. */
export type Finish = () => void;

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

export class RateLimiter {
  private readonly rate: number;
  private factor = 1;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The last `ceil(limit)` requests that went, oldest first. */
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

  /** The earliest time the next request may go: a window after the `allowance`-th latest time a recent one reached the server. */
  private earliest(now: number): number {
    const n = this.allowance;
    const m = this.recent.length;
    if (m < n) return 0;
    // A request reached the server between when it went and MAX_LAG_MS later, and `recent` is in
    // the order they went: only the few around the n-th latest can decide, so this stays cheap at
    // any limit (a limit of 10,000 keeps 10,000 entries).
    const k = m - n;
    let edge: number;
    if (k === 0) {
      // The earliest of all: those that went after the best so far cannot be earlier.
      edge = Infinity;
      for (let i = 0; i < m && this.recent[i].at <= edge; i++) edge = Math.min(edge, reached(this.recent[i], now));
    } else {
      // The n-th latest is at least the k-th entry's time; entries that went more than MAX_LAG_MS before it cannot count.
      let j = k;
      while (j > 0 && this.recent[j - 1].at >= this.recent[k].at - MAX_LAG_MS) j--;
      const times: number[] = [];
      for (let i = j; i < m; i++) times.push(reached(this.recent[i], now));
      times.sort((a, b) => b - a);
      edge = times[n - 1];
    }
    return edge + WINDOW_MS + WINDOW_GUARD_MS;
  }

  /** Books a request that goes now. */
  private go(now: number): Finish {
    const sent: Sent = { at: now };
    this.recent.push(sent);
    if (this.recent.length > Math.ceil(this.rate)) this.recent.shift();
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      sent.latency = Date.now() - sent.at;
    };
  }

  /** A turn at once, without waiting, when nobody waits and the window has room; otherwise undefined. */
  tryTake(): Finish | undefined {
    if (!(this.rate > 0)) return () => undefined;
    if (this.queue.length) return undefined;
    const now = Date.now();
    return now + DUE_MS >= this.earliest(now) ? this.go(now) : undefined;
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
    const now = Date.now();
    // A request still on its way may move the window's edge later by the time this fires; release() then waits again.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, Math.max(0, this.earliest(now) - now));
  }

  /** Lets every waiter go whose turn has come, in order, then waits for the next turn. */
  private release(): void {
    const now = Date.now();
    while (this.queue.length && now + DUE_MS >= this.earliest(now)) {
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
    if (this.factor < 1) this.factor = Math.min(1, this.factor + 0.02);
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
