/**
 * The client's rate limit: a token bucket that spaces requests evenly, so that no one-second window
 * holds more than the limit. One per config node, shared by every node that uses it. Waiters keep
 * their turn in order (a FIFO queue served by one timer); a waiter whose flow stops leaves the queue
 * at once and gives its turn to the next, so a redeploy never leaves the bucket booked up by
 * messages that are gone. A 429 that still comes back slows the bucket down; successes bring it
 * back to full speed.
 */
import { abortedError } from './abort';

/** Stripe's documented default limits, per second. */
export const TEST_MODE_RATE = 25;
export const LIVE_MODE_RATE = 100;

/** Keep a little under the limit: network jitter bunches requests up on the way to the server. */
const HEADROOM = 0.97;

export function automaticRate(apiKey: string): number {
  return /^(sk|rk)_live_/.test(apiKey) ? LIVE_MODE_RATE : TEST_MODE_RATE;
}

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

export class RateLimiter {
  private readonly rate: number;
  private factor = 1;
  /** When the next request may go (ms since the epoch). */
  private nextSlot = 0;
  private readonly queue: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

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

  /** Waits for this request's turn; rejects with an 'aborted' error as soon as the signal fires. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortedError());
    if (!(this.rate > 0)) return Promise.resolve();
    const now = Date.now();
    if (!this.queue.length && now >= this.nextSlot) {
      this.nextSlot = now + this.interval;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
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
      this.schedule();
    });
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer || !this.queue.length) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, Math.max(0, this.nextSlot - Date.now()));
  }

  /** Lets the head of the queue go if its slot has come, then waits for the next slot. */
  private release(): void {
    const now = Date.now();
    if (this.queue.length && now >= this.nextSlot) {
      const w = this.queue.shift() as Waiter;
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      // Never bank unused time: after an idle spell the next slot counts from now.
      this.nextSlot = Math.max(this.nextSlot, now - this.interval) + this.interval;
      w.resolve();
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
