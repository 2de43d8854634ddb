/**
 * One rate budget for a fleet: every instance whose client uses the same account and mode draws its
 * turns from one sliding window in Redis, so that no second at Stripe holds more requests than the
 * budget, whichever instances sent them.
 *
 * - The window is a sorted set of grants scored by Redis's own clock (TIME inside the script, so the
 *   instances' clocks do not matter). A Lua script drops what left the window, counts the rest and
 *   grants up to `n` turns atomically; when none is free it answers how long until one is.
 * - The window is a second plus WINDOW_GUARD_MS: a request reaches Stripe some time after its grant,
 *   and not always the same time; the guard covers that spread (and a grant's use a moment later), so
 *   no second at Stripe passes the budget while the fleet still uses about 97% of it.
 * - One round trip per grant, and a grant serves every request waiting at that moment (up to
 *   LEASE_MAX): a burst of 16 costs one or two round trips, one request at a time costs one each.
 *   A grant is used at once; nothing is leased ahead and left unused.
 * - Turns are handed out in order (FIFO); a request whose flow stops leaves the queue at once.
 * - A 429 that still comes back lowers the limit this instance asks Redis for (as the single
 *   instance's limiter does); successes bring it back.
 * - Redis out of reach: this instance falls back to its share, the budget divided by the instances
 *   last seen alive (a local RateLimiter), and goes back to the shared window when Redis is back.
 */
import { abortedError } from '../common/abort';
import { RateLimiter, type Finish, type Limiter } from '../http/ratelimit';
import { Script, type FleetConnection } from './connection';

const WINDOW_MS = 1000;
/** The spread of the time from a grant to Stripe that the window allows for. */
export const WINDOW_GUARD_MS = 30;
/** The most turns one grant hands out. */
const LEASE_MAX = 16;

interface Waiter {
  resolve: (finish: Finish) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

const done: Finish = () => undefined;

/**
 * KEYS[1]: the window (a sorted set of grants). ARGV: limit, turns wanted, window ms, a member prefix
 * unique to this call. Answers { granted, wait ms }.
 */
const GRANT = new Script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local limit = tonumber(ARGV[1])
local n = math.min(tonumber(ARGV[2]), limit - used)
if n <= 0 then
  local k = used - limit
  local at = redis.call('ZRANGE', KEYS[1], k, k, 'WITHSCORES')
  local wait = window
  if at[2] then wait = tonumber(at[2]) + window - now end
  if wait < 1 then wait = 1 end
  return {0, wait}
end
for i = 1, n do
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. i)
end
redis.call('PEXPIRE', KEYS[1], window * 2)
return {n, 0}
`);

export class FleetBudget implements Limiter {
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private closed = false;
  private factor = 1;
  private calls = 0;
  private fallback: RateLimiter | undefined;
  private readonly windowKey: string;
  private sleepTimer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;

  /**
   * @param fleet   the fleet's connection
   * @param rate    the budget, requests per second (the client's rate limit)
   * @param account the account the requests count against (`platform` for the key's own)
   * @param mode    test or live
   */
  constructor(
    private readonly fleet: FleetConnection,
    private readonly rate: number,
    account: string,
    mode: 'test' | 'live',
  ) {
    this.windowKey = fleet.key('budget', account || 'platform', mode);
  }

  get limit(): number {
    return this.rate;
  }

  get currentRate(): number {
    return this.rate * this.factor;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Whether turns come from the shared window now (false: this instance's share). */
  get shared(): boolean {
    return this.fleet.ready;
  }

  /** A turn is never free without asking Redis (or the fallback, when Redis is down). */
  tryTake(): Finish | undefined {
    if (!(this.rate > 0)) return done;
    if (!this.fleet.ready && !this.queue.length) return this.share().tryTake();
    return undefined;
  }

  take(signal?: AbortSignal, onQueued?: (waiting: number) => void): Promise<Finish> {
    if (signal?.aborted) return Promise.reject(abortedError());
    if (this.closed) return Promise.reject(abortedError());
    return new Promise<Finish>((resolve, reject) => {
      const w: Waiter = { resolve, reject, signal };
      if (signal) {
        w.onAbort = (): void => {
          const i = this.queue.indexOf(w);
          if (i >= 0) this.queue.splice(i, 1);
          reject(abortedError());
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      this.queue.push(w);
      if (this.queue.length > 1) onQueued?.(this.queue.length);
      void this.pump();
    });
  }

  slowDown(): void {
    this.factor = Math.max(0.1, this.factor * 0.7);
    this.fallback?.slowDown();
  }

  recover(): void {
    if (this.factor >= 1) return;
    this.factor = Math.min(1, this.factor + 0.02);
    this.fallback?.recover();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.sleepTimer);
    this.wake?.();
    this.fallback?.close();
    for (const w of this.queue.splice(0)) this.drop(w).reject(abortedError());
  }

  /** This instance's share of the budget while Redis is out of reach: the budget / the instances last seen. */
  private share(): RateLimiter {
    const rate = this.rate / Math.max(1, this.fleet.instances);
    if (!this.fallback || this.fallback.limit !== rate) {
      this.fallback?.close();
      this.fallback = new RateLimiter(rate);
    }
    return this.fallback;
  }

  private drop(w: Waiter): Waiter {
    if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
    return w;
  }

  /** Hands out turns to the waiters, in order, one grant at a time. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length && !this.closed) {
        if (!this.fleet.ready) {
          await this.fromShare();
          continue;
        }
        let granted: number;
        let wait: number;
        try {
          const want = Math.min(this.queue.length, LEASE_MAX);
          const limit = Math.max(1, Math.floor(this.rate * this.factor));
          const id = `${this.fleet.instanceId}:${++this.calls}`;
          const answer = await this.fleet.run<[number, number]>(
            GRANT,
            [this.windowKey],
            [limit, want, WINDOW_MS + WINDOW_GUARD_MS, id],
          );
          granted = Number(answer[0]);
          wait = Number(answer[1]);
        } catch {
          // Redis went away between the check and the call: the share takes over below.
          if (this.fleet.ready) await this.sleep(50);
          continue;
        }
        for (let i = 0; i < granted && this.queue.length; i++) this.drop(this.queue.shift() as Waiter).resolve(done);
        if (!granted) await this.sleep(wait);
      }
    } finally {
      this.pumping = false;
    }
  }

  /** One turn from this instance's share, for the first waiter. */
  private async fromShare(): Promise<void> {
    const w = this.queue[0];
    let finish: Finish;
    try {
      finish = await this.share().take(w.signal);
    } catch {
      return; // the waiter left (aborted) or the budget closed; the loop looks again
    }
    const i = this.queue.indexOf(w);
    if (i < 0) return finish();
    this.queue.splice(i, 1);
    this.drop(w).resolve(finish);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
      this.sleepTimer = setTimeout(resolve, Math.max(1, ms));
    });
  }
}
