/**
 * The client's rate limit: a token bucket that spaces requests evenly, so that no one-second window
 * holds more than the limit. One per config node, shared by every node that uses it.
 *
 * - Waiters keep their turn in order (a FIFO queue served by one timer); a waiter whose flow stops
 *   leaves the queue at once and gives its turn to the next, so a redeploy never leaves the bucket
 *   booked up by messages that are gone.
 * - Besides even spacing, a sliding-window guard: the request `limit` places after another goes at
 *   least a second after it. A request that reaches the server late (the first after an idle spell
 *   opens a connection and is slower than the rest) counts as having gone that much later, so the
 *   requests behind it cannot catch up with it inside the server's window. "That much later" is its
 *   time to answer beyond the quickest recent answer, capped at MAX_LAG_MS.
 * - A 429 that still comes back slows the bucket down; successes bring it back to full speed.
 */
import { abortedError } from './abort';

/** Stripe's documented default limits, per second. */
export const TEST_MODE_RATE = 25;
export const LIVE_MODE_RATE = 100;

/** Keep a little under the limit: network jitter bunches requests up on the way to the server. */
const HEADROOM = 0.97;
const WINDOW_MS = 1000;
/** Margin added to the window, for timers firing late and clocks read at slightly different points. */
const WINDOW_GUARD_MS = 10;
/** The most a slow request's lag may hold back the request `limit` places behind it. */
const MAX_LAG_MS = 200;
/** How many recent answer times the "quickest answer" is taken from. */
const LATENCY_SAMPLES = 50;

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

export class RateLimiter {
  private readonly rate: number;
  private factor = 1;
  /** When the next request may go (ms since the epoch). */
  private nextSlot = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The last `ceil(limit)` requests that went, oldest first. */
  private readonly recent: Sent[] = [];
  private readonly latencies: number[] = [];

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

  private get interval(): number {
    return 1000 / (this.rate * this.factor * HEADROOM);
  }

  private get windowCount(): number {
    return Math.max(1, Math.ceil(this.rate));
  }

  /** How much later than it went a request may have reached the server (see the file's comment). */
  private lag(s: Sent, now: number): number {
    if (!this.latencies.length) return 0;
    const quickest = Math.min(...this.latencies);
    const latency = s.latency ?? now - s.at;
    return Math.min(MAX_LAG_MS, Math.max(0, latency - quickest));
  }

  /** The earliest time the next request may go: its evenly spaced slot, and room in the sliding window. */
  private earliest(now: number): number {
    const n = this.windowCount;
    let edge = 0;
    if (this.recent.length >= n) {
      const ref = this.recent[this.recent.length - n];
      edge = ref.at + this.lag(ref, now) + WINDOW_MS + WINDOW_GUARD_MS;
    }
    return Math.max(this.nextSlot, edge);
  }

  /**
   * Books the slot of a request that goes now. From the queue (`queued`), the next slot follows this
   * one's slot, so a timer firing a little late does not slow the rate down (the window guard keeps
   * that from bunching requests up); otherwise it counts from now, so idle time is never banked.
   */
  private go(now: number, queued: boolean): Finish {
    this.nextSlot = (queued ? Math.max(this.nextSlot, now - this.interval) : now) + this.interval;
    const sent: Sent = { at: now };
    this.recent.push(sent);
    if (this.recent.length > this.windowCount) this.recent.shift();
    let finished = false;
    return () => {
      if (finished) return;
      finished = true;
      sent.latency = Date.now() - sent.at;
      this.latencies.push(sent.latency);
      if (this.latencies.length > LATENCY_SAMPLES) this.latencies.shift();
    };
  }

  /**
   * Waits for this request's turn; resolves with a function to call when its answer has come back.
   * Rejects with an 'aborted' error as soon as the signal fires. `onQueued` is told how many wait
   * (this one included) when this request has to wait.
   */
  take(signal?: AbortSignal, onQueued?: (waiting: number) => void): Promise<Finish> {
    if (signal?.aborted) return Promise.reject(abortedError());
    if (!(this.rate > 0)) return Promise.resolve(() => undefined);
    const now = Date.now();
    if (!this.queue.length && now >= this.earliest(now)) return Promise.resolve(this.go(now, false));
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

  /** Lets the head of the queue go if its turn has come, then waits for the next turn. */
  private release(): void {
    const now = Date.now();
    if (this.queue.length && now >= this.earliest(now)) {
      const w = this.queue.shift() as Waiter;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      w.resolve(this.go(now, true));
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
