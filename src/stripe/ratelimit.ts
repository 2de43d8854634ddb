/**
 * The client's rate limit: a token bucket that spaces requests evenly, so that no one-second window
 * holds more than the limit. One per config node, shared by every node that uses it; waiters keep
 * their turn in order and a stopped flow's waiters leave at once. A 429 that still comes back slows
 * the bucket down; successes bring it back to full speed.
 */
import { sleep } from './abort';

/** Stripe's documented default limits, per second. */
export const TEST_MODE_RATE = 25;
export const LIVE_MODE_RATE = 100;

/** Keep a little under the limit: network jitter bunches requests up on the way to the server. */
const HEADROOM = 0.97;

export function automaticRate(apiKey: string): number {
  return /^(sk|rk)_live_/.test(apiKey) ? LIVE_MODE_RATE : TEST_MODE_RATE;
}

export class RateLimiter {
  private readonly rate: number;
  private factor = 1;
  private nextSlot = 0;

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

  /** Waits for this request's turn. */
  async take(signal?: AbortSignal): Promise<void> {
    if (!(this.rate > 0)) return;
    const interval = 1000 / (this.rate * this.factor * HEADROOM);
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    await sleep(slot - now, signal);
  }

  /** Stripe answered 429 although we kept to the limit: someone else shares the account's budget. */
  slowDown(): void {
    this.factor = Math.max(0.1, this.factor * 0.7);
  }

  /** A request succeeded: recover towards the configured rate. */
  recover(): void {
    if (this.factor < 1) this.factor = Math.min(1, this.factor + 0.02);
  }
}
