/**
 * One poller at a time: a lease in Redis per poller node, account and mode. The instance that holds
 * it polls; the others stand by and try to take it at each of their intervals.
 *
 * - Taken with SET NX PX and a random token; renewed every third of its time and released by scripts
 *   that compare the token first, so an instance never renews or frees a lease that is no longer its.
 * - This instance counts itself the holder only until its last renewal plus the lease time, less a
 *   margin, by its own monotonic clock: when Redis cannot be reached it stops before another instance
 *   can take over.
 * - The poller's cursor lives beside the lease and is written only by a script that checks the
 *   lease's token first (a fenced write): an instance that lost its lease without knowing cannot move
 *   the cursor back.
 */
import { randomBytes } from 'crypto';
import { performance } from 'perf_hooks';
import type { KeyValueStore } from '../events/dedupe';
import { Script, type FleetConnection } from './connection';
import { DELETE_IF } from './claims';

export const LEASE_MS = 15_000;
/** This instance stops counting itself the holder this long before the lease could pass to another. */
const MARGIN_MS = 2_000;

/** Extends KEYS[1] by ARGV[2] ms if it holds ARGV[1]; takes it if nobody holds it. 1 if this holder has it. */
const HOLD = new Script(`
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
  return 1
end
if not v then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
  return 1
end
return 0
`);

/** Sets field ARGV[2] of the hash KEYS[2] to ARGV[3] if the lease KEYS[1] holds ARGV[1]. */
const FENCED_SET_FIELD = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  return 1
end
return 0
`);

/** The lease was lost while polling: the poll stops. */
export class LeaseLost extends Error {
  constructor() {
    super('the poller lease passed to another instance');
  }
}

export class FleetLease {
  private readonly token = randomBytes(12).toString('hex');
  private readonly leaseKey: string;
  private readonly cursorKey: string;
  private heldUntil = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  /**
   * @param fleet the fleet's connection
   * @param name  the poller (its node id), the account and the mode: one lease each
   */
  constructor(
    private readonly fleet: FleetConnection,
    name: string[],
    private readonly leaseMs = LEASE_MS,
  ) {
    this.leaseKey = fleet.key('poller', ...name);
    this.cursorKey = fleet.key('cursor', ...name);
  }

  /** Whether this instance holds the lease now (by its own clock: stops before it could have passed on). */
  get held(): boolean {
    return performance.now() < this.heldUntil;
  }

  /**
   * Takes the lease, or extends it if this instance has it; true when this instance holds it. Rejects
   * while Redis is out of reach (and this instance then no longer counts itself the holder).
   */
  async hold(): Promise<boolean> {
    if (this.closed) return false;
    const asked = performance.now();
    let got: number;
    try {
      got = Number(await this.fleet.run(HOLD, [this.leaseKey], [this.token, this.leaseMs]));
    } catch (err) {
      this.heldUntil = 0;
      throw err;
    }
    this.heldUntil = got === 1 && !this.closed ? asked + this.leaseMs - MARGIN_MS : 0;
    if (this.heldUntil) this.keepRenewing();
    return this.held;
  }

  /** Frees the lease (if this instance has it), so that another instance takes over at once. */
  async release(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const had = this.heldUntil > 0;
    this.heldUntil = 0;
    if (had) await this.fleet.run(DELETE_IF, [this.leaseKey], [this.token]).catch(() => undefined);
  }

  /** The cursor in Redis, written only while this instance holds the lease. */
  cursorStore(): KeyValueStore {
    return {
      get: async (key) => {
        const v = await this.fleet.command<string | null>(['HGET', this.cursorKey, key]);
        return v === null ? undefined : (JSON.parse(v) as unknown);
      },
      set: async (key, value) => {
        if (!this.held) throw new LeaseLost();
        const ok = await this.fleet.run(
          FENCED_SET_FIELD,
          [this.leaseKey, this.cursorKey],
          [this.token, key, JSON.stringify(value ?? null)],
        );
        if (Number(ok) !== 1) {
          this.heldUntil = 0;
          throw new LeaseLost();
        }
      },
      keys: async () => this.fleet.command<string[]>(['HKEYS', this.cursorKey]),
    };
  }

  private keepRenewing(): void {
    clearTimeout(this.timer);
    if (this.closed) return;
    this.timer = setTimeout(
      () => {
        this.hold().catch(() => undefined);
      },
      Math.floor(this.leaseMs / 3),
    );
    this.timer.unref?.();
  }
}
