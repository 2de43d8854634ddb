/**
 * One rate budget for a fleet: every instance whose client uses the same account and mode draws its
 * turns from one sliding window in Redis, so that no second at Stripe holds more requests than the
 * budget, whichever instances sent them.
 *
 * - The window is a sorted set of turns scored by Redis's own clock (TIME inside the scripts, so the
 *   instances' clocks do not matter). A Lua script drops what left the window, counts the rest and
 *   grants up to `n` turns atomically; when none is free it answers how long until one is.
 * - A request is counted as the single instance's limiter counts it (src/stripe/http/ratelimit.ts):
 *   at the time its answer came back, and while it is on its way as if it reached Stripe as late as
 *   HOLD_MS after its grant. So a grant is scored HOLD_MS ahead, and once its answer is back the
 *   score is lowered to that time (one command for the answers of up to ANSWERS_EVERY_MS). A process
 *   that is held up between its grant and Stripe (a busy device, a scheduler's pause) cannot make a
 *   second at Stripe hold more than the budget, and a fleet whose answers come back in a few
 *   milliseconds still uses about 97% of it (the bench: three instances on 25/s).
 * - Lowering scores only matters while the window is filling up: when the last grant left more than
 *   half the budget free, answers are not sent back at all.
 * - One round trip per grant. A grant serves every request of this instance waiting at that moment
 *   (up to LEASE_MAX); while the window is less than 80% full, an instance that is sending hands
 *   itself spare turns with it (as many as it took in the last SPARE_MS, up to SPARE_MAX), used by
 *   its next requests within SPARE_MS without a round trip. A spare counts in the window like a
 *   request on its way; one left unused goes back within SPARE_MS + ANSWERS_EVERY_MS.
 * - Turns are handed out in order (FIFO); a request whose flow stops leaves the queue at once.
 * - A 429 that still comes back lowers the limit this instance asks Redis for (as the single
 *   instance's limiter does); successes bring it back.
 * - Redis out of reach: this instance falls back to its share, the budget divided by the instances
 *   last seen alive (a local RateLimiter), and goes back to the shared window when Redis is back.
 */
import { performance } from 'perf_hooks';
import { abortedError } from '../common/abort';
import { RateLimiter, type Finish, type Limiter } from '../http/ratelimit';
import { Script, type FleetConnection } from './connection';

const WINDOW_MS = 1000;
/** Margin on the window, for clocks read at slightly different points. */
export const WINDOW_GUARD_MS = 10;
/** How late after its grant a request still on its way may reach Stripe (its score until its answer). */
export const HOLD_MS = 200;
/** The most turns one grant hands out. */
const LEASE_MAX = 16;
/** A spare turn is used within this, or not at all (well inside HOLD_MS). */
const SPARE_MS = 50;
/** The most spare turns one grant adds. */
const SPARE_MAX = 4;
/** Answers' times go back to Redis together, at most this often (a request counts at most this much longer). */
const ANSWERS_EVERY_MS = 1;

interface Waiter {
  resolve: (finish: Finish) => void;
  reject: (err: Error) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * KEYS[1]: the window. ARGV: limit, turns wanted, spare turns wanted, window ms, hold ms, a member
 * prefix unique to this call. Answers { granted, wait ms, turns counted after the grant }: `granted`
 * may include spares; turns wanted come first. Under a budget of thousands a second, a grant waits
 * until a few turns are free (one per thousand of the budget, up to 8), so that a busy window is
 * not asked again for each turn that frees.
 */
const GRANT = new Script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
local limit = tonumber(ARGV[1])
local want = tonumber(ARGV[2])
local n = math.min(want, limit - used)
-- At a high budget, turns are granted a few at a time (fewer round trips); at Stripe's 25 or 100, one.
local least = math.min(want, math.max(1, math.floor(limit / 1000)), 8)
if n < least then
  local k = used - limit + least - 1
  local at = redis.call('ZRANGE', KEYS[1], k, k, 'WITHSCORES')
  local wait = window
  if at[2] then wait = tonumber(at[2]) + window - now end
  if wait < 1 then wait = 1 end
  return {0, wait, used}
end
if n == want then n = n + math.max(0, math.min(tonumber(ARGV[3]), math.floor(limit * 0.8) - used - n)) end
local score = now + tonumber(ARGV[5])
for i = 1, n do
  redis.call('ZADD', KEYS[1], score, ARGV[6] .. ':' .. i)
end
redis.call('PEXPIRE', KEYS[1], window * 2 + tonumber(ARGV[5]))
return {n, 0, used + n}
`);

/**
 * KEYS[1]: the window. ARGV[1]: how many members follow whose answers came back (each scored now,
 * if that is lower); the members after them are spare turns left unused (taken out of the window).
 */
const ANSWERED = new Script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[1])
for i = 2, n + 1 do
  redis.call('ZADD', KEYS[1], 'XX', 'LT', now, ARGV[i])
end
for i = n + 2, #ARGV do
  redis.call('ZREM', KEYS[1], ARGV[i])
end
return #ARGV - 1
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
  /** Spare turns (their members), usable until `spareUntil`. */
  private spares: string[] = [];
  private spareUntil = 0;
  /** Whether the window was at least half full at the last grant: answers are then sent back. */
  private busy = true;
  /** Members whose answers came back since the last report, and spare turns left unused. */
  private answered: string[] = [];
  private unused: string[] = [];
  private reportTimer: NodeJS.Timeout | undefined;
  /** Turns this instance took lately (for the spares: an instance that sends now will send again). */
  private recentTurns = 0;
  private recentSince = 0;
  private inWindow = 0;
  private inWindowAt = -Infinity;

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

  /**
   * The fleet's turns in the window at this instance's last grant (every instance's requests of the
   * last second and those on their way), while that was less than two seconds ago.
   */
  get fleetInWindow(): number | undefined {
    return performance.now() - this.inWindowAt < 2000 ? this.inWindow : undefined;
  }

  /** Whether turns come from the shared window now (false: this instance's share). */
  get shared(): boolean {
    return this.fleet.ready;
  }

  /** A turn at once: a spare one, or (Redis out of reach) one of this instance's share. */
  tryTake(): Finish | undefined {
    if (!(this.rate > 0)) return () => undefined;
    if (this.queue.length) return undefined;
    if (!this.fleet.ready) return this.share().tryTake();
    const spare = this.spare();
    return spare ? this.turn(spare) : undefined;
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
    this.spares = [];
    clearTimeout(this.spareCheck);
    clearTimeout(this.reportTimer);
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

  private spareCheck: NodeJS.Timeout | undefined;

  /** When the spares' time is up, those left go back (an instance that went quiet does not keep them). */
  private spareTimer(): void {
    clearTimeout(this.spareCheck);
    this.spareCheck = setTimeout(() => this.spare(), SPARE_MS + 1);
    this.spareCheck.unref?.();
  }

  /** A spare turn still fresh enough to use, if any. */
  private spare(): string | undefined {
    if (!this.spares.length) return undefined;
    if (performance.now() > this.spareUntil) {
      this.returnSpares();
      return undefined;
    }
    return this.spares.shift();
  }

  /** A turn handed out: its finish lowers its score to its answer's time (while the window is busy). */
  private turn(member: string): Finish {
    this.recentTurns++;
    let finished = false;
    return () => {
      if (finished || !this.busy || this.closed) return;
      finished = true;
      this.answered.push(member);
      this.report();
    };
  }

  /** Spare turns not used in time leave the window (with the next report), so other instances may have them. */
  private returnSpares(): void {
    if (!this.spares.length) return;
    this.unused.push(...this.spares);
    this.spares = [];
    this.report();
  }

  /** Sends the answers' times and the unused spares back, together, within ANSWERS_EVERY_MS. */
  private report(): void {
    this.reportTimer ??= setTimeout(() => {
      this.reportTimer = undefined;
      const answered = this.answered;
      const unused = this.unused;
      this.answered = [];
      this.unused = [];
      if (this.closed || !this.fleet.ready || !(answered.length + unused.length)) return;
      const args = [answered.length, ...answered, ...unused];
      this.fleet.run(ANSWERED, [this.windowKey], args).catch(() => undefined);
    }, ANSWERS_EVERY_MS);
    this.reportTimer.unref?.();
  }

  /** How many spare turns to ask for: some when this instance sent in the last SPARE_MS, none when idle. */
  private spareWanted(now: number): number {
    const recent = now - this.recentSince < SPARE_MS ? this.recentTurns : 0;
    this.recentSince = now;
    this.recentTurns = 0;
    return Math.min(SPARE_MAX, recent);
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
        let spare: string | undefined;
        while (this.queue.length && (spare = this.spare()))
          this.drop(this.queue.shift() as Waiter).resolve(this.turn(spare));
        if (!this.queue.length) break;
        let granted: number;
        let wait: number;
        let id: string;
        const limit = Math.max(1, Math.floor(this.rate * this.factor));
        try {
          const want = Math.min(this.queue.length, LEASE_MAX);
          id = `${this.fleet.instanceId}:${++this.calls}`;
          const asked = performance.now();
          const answer = await this.fleet.run<[number, number, number]>(
            GRANT,
            [this.windowKey],
            [limit, want, this.spareWanted(asked), WINDOW_MS + WINDOW_GUARD_MS, HOLD_MS, id],
          );
          granted = Number(answer[0]);
          wait = Number(answer[1]);
          this.inWindow = Number(answer[2]);
          this.inWindowAt = performance.now();
          this.busy = this.inWindow * 2 >= limit;
          if (granted > want) {
            this.returnSpares();
            this.spares = Array.from({ length: granted - want }, (_, i) => `${id}:${want + i + 1}`);
            this.spareUntil = asked + SPARE_MS;
            this.spareTimer();
            granted = want;
          }
        } catch {
          // Redis went away between the check and the call: the share takes over below.
          if (this.fleet.ready) await this.sleep(50);
          continue;
        }
        for (let i = 1; i <= granted; i++) {
          const w = this.queue.shift();
          // A waiter that left meanwhile: its turn becomes a spare for the next request.
          if (w) this.drop(w).resolve(this.turn(`${id}:${i}`));
          else {
            this.spares.push(`${id}:${i}`);
            this.spareUntil = Math.max(this.spareUntil, performance.now() + SPARE_MS);
          }
        }
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
