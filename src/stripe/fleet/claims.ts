/**
 * Each event once across a fleet: before an event leaves a node, it is claimed in Redis with SET NX,
 * which only one instance can win, however close together two deliveries come.
 *
 * A claim is made in two steps, so that an instance that dies between claiming and sending loses
 * nothing: the claim first holds this instance's token for PENDING_MS (shorter than a poller's
 * lease, so a poller taking over finds it gone); once the event has gone on, it is kept for
 * KEEP_SECONDS (longer than Stripe's three days of retries). An event that could not go on (the node
 * closed first) has its claim released, so Stripe's next delivery passes. Both steps change the key
 * only while it still holds this instance's token.
 *
 * Redis holds the event's key (account, mode, id) and a token: never the event.
 */
import { randomBytes } from 'crypto';
import type { EventClaims } from '../events/dedupe';
import { Script, type FleetConnection } from './connection';

/** How long a claim is kept once its event went on: Stripe retries for 3 days; a day more. */
export const KEEP_SECONDS = 4 * 24 * 3600;
/** How long a claim whose event has not gone on yet holds (the instance died, or Redis went away). */
export const PENDING_MS = 10_000;

/** Sets KEYS[1] to ARGV[2] for ARGV[3] seconds if it holds ARGV[1]; answers 1 if so. */
const KEEP = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', tonumber(ARGV[3]))
  return 1
end
return 0
`);

/** Deletes KEYS[1] if it holds ARGV[1]. */
export const DELETE_IF = new Script(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

export class FleetClaims implements EventClaims {
  private readonly token = randomBytes(8).toString('hex');
  private n = 0;
  /** The token of each claim of this instance whose event has not gone on yet. */
  private readonly pending = new Map<string, string>();

  constructor(private readonly fleet: FleetConnection) {}

  private redisKey(key: string): string {
    return this.fleet.key('event', key);
  }

  /** True when this instance won the event; false for a repeat. Rejects while Redis is out of reach. */
  async claim(key: string): Promise<boolean> {
    const token = `${this.fleet.instanceId}:${this.token}:${++this.n}`;
    const ok = await this.fleet.command<string | null>([
      'SET',
      this.redisKey(key),
      token,
      'NX',
      'PX',
      String(PENDING_MS),
    ]);
    if (ok === null) return false;
    this.pending.set(key, token);
    return true;
  }

  /** The event went on: its claim is kept for Stripe's days of retries. */
  sent(key: string): void {
    const token = this.pending.get(key);
    if (!token) return;
    this.pending.delete(key);
    this.fleet.run(KEEP, [this.redisKey(key)], [token, 'sent', KEEP_SECONDS]).catch(() => undefined);
  }

  /** The event could not go on: its claim is released, so that the next delivery passes. */
  async release(key: string): Promise<void> {
    const token = this.pending.get(key);
    if (!token) return;
    this.pending.delete(key);
    await this.fleet.run(DELETE_IF, [this.redisKey(key)], [token]);
  }
}
