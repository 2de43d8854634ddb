/**
 * A fleet's link to its Redis: one per stripe-fleet config node, shared by everything of the fleet in
 * this process (the rate budget, the event claims, the poller's lease and cursor).
 *
 * - The Redis client is node-redis's core (`@redis/client`), loaded on the first fleet only: a
 *   Node-RED without a fleet loads nothing of it.
 * - Commands never wait for a Redis that is down: the offline queue is off, so a command fails at
 *   once and each user of the fleet falls back in its own way (the budget to this instance's share,
 *   a webhook to 503, a poller to a pause). The client reconnects by itself, forever, backing off
 *   to 2 s.
 * - The state (`connecting`, `ready`, `unreachable`, `refused` for a wrong user or password) is told
 *   to listeners when it changes, not per command, so statuses and the log say it once per outage.
 * - Each instance beats a heartbeat into a sorted set (`<prefix>:instances`, scored by Redis's own
 *   clock), so every instance knows how many of the fleet are alive: the budget's share while Redis
 *   is down, and the dialog's Test button.
 * - Redis holds ids, counters, leases and cursors only. The password is never in a text this module
 *   makes: errors name the host and port alone.
 */
import { createHash, randomBytes } from 'crypto';
import { hostname } from 'os';
import { StripeError } from '../common/errors';
import { text, type Text } from '../common/texts';

export interface FleetOptions {
  /** redis://[user:pass@]host:port[/db] or rediss:// for TLS. */
  url: string;
  username?: string;
  password?: string;
  /** The start of every key (default `stripe`). */
  prefix?: string;
  /** How often this instance says it is alive (ms; default 5000). */
  heartbeatMs?: number;
}

export type FleetState = 'connecting' | 'ready' | 'unreachable' | 'refused';

export const DEFAULT_PREFIX = 'stripe';
const HEARTBEAT_MS = 5000;
/** An instance not heard of for this long is not counted as alive. */
const ALIVE_MS = 15000;
const CONNECT_TIMEOUT_MS = 5000;
const COMMAND_TIMEOUT_MS = 5000;

/** The few calls of node-redis's client this module makes. */
interface RedisClientLike {
  on(event: string, cb: (...args: unknown[]) => void): unknown;
  connect(): Promise<unknown>;
  sendCommand<T = unknown>(args: string[], options?: { timeout?: number }): Promise<T>;
  destroy(): void;
  readonly isReady: boolean;
}

interface RedisModule {
  createClient(options: Record<string, unknown>): RedisClientLike;
  /** What Redis answered as an error (a script's error, NOSCRIPT, WRONGPASS), as opposed to a lost connection. */
  ErrorReply: new (...args: unknown[]) => Error;
}

let redisModule: RedisModule | undefined;
function loadRedis(): RedisModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  redisModule ??= require('@redis/client') as RedisModule;
  return redisModule;
}

/** host:port of a Redis URL, for texts (never the user or password in it). */
export function redisWhere(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return '?';
  }
}

/** The URL's own checks: redis:// or rediss://, a host. */
export function checkRedisUrl(url: string): void {
  let u: URL | undefined;
  try {
    u = new URL(url);
  } catch {
    u = undefined;
  }
  if (!u || !/^rediss?:$/.test(u.protocol) || !u.hostname) {
    throw new StripeError('config', text('errors.fleetUrl'));
  }
}

/** Whether Redis refused the user or password (as opposed to being out of reach). */
function isAuthError(err: unknown): boolean {
  const m = err instanceof Error ? err.message : String(err);
  return /WRONGPASS|NOAUTH|invalid password|invalid username-password|NOPERM|user is disabled/i.test(m);
}

/** An error Redis answered (node-redis's ErrorReply), as opposed to a connection's failure. */
function isReply(err: unknown): err is Error {
  return !!redisModule && err instanceof redisModule.ErrorReply;
}

/** One line of what went wrong, with the password (if any) taken out. */
function reasonOf(err: unknown, password?: string): string {
  let m = (err instanceof Error ? err.message : String(err)).split('\n')[0] || 'error';
  if (password) m = m.split(password).join('***');
  return m;
}

/** A script run by its SHA (EVALSHA), loaded again when Redis does not know it (after a restart). */
export class Script {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }
}

export class FleetConnection {
  readonly prefix: string;
  readonly where: string;
  /** This process in the fleet: host, pid and a random part (a restart is a new instance). */
  readonly instanceId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private client: RedisClientLike | undefined;
  private current: FleetState = 'connecting';
  private detail = '';
  private readonly listeners = new Set<(state: FleetState, said: Text) => void>();
  private heartbeat: NodeJS.Timeout | undefined;
  private alive = 1;
  private closed = false;
  private readonly password?: string;

  constructor(private readonly opts: FleetOptions) {
    checkRedisUrl(opts.url);
    this.prefix = opts.prefix || DEFAULT_PREFIX;
    this.where = redisWhere(opts.url);
    this.password = opts.password || safeUrlPassword(opts.url);
  }

  /** Connects (once); resolves at once, the state tells the rest. */
  start(): void {
    if (this.client || this.closed) return;
    const redis = loadRedis();
    const client = redis.createClient({
      url: this.opts.url,
      ...(this.opts.username ? { username: this.opts.username } : {}),
      ...(this.opts.password ? { password: this.opts.password } : {}),
      disableOfflineQueue: true,
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        reconnectStrategy: (retries: number) => Math.min(2000, 100 * 2 ** Math.min(retries, 5)),
      },
    });
    this.client = client;
    client.on('error', (err: unknown) => this.failed(err));
    client.on('ready', () => this.set('ready', ''));
    client.on('end', () => {
      if (!this.closed) this.set('unreachable', 'connection closed');
    });
    client.connect().catch((err: unknown) => this.failed(err));
    this.beat();
    this.heartbeat = setInterval(() => this.beat(), this.opts.heartbeatMs ?? HEARTBEAT_MS);
    this.heartbeat.unref?.();
  }

  get state(): FleetState {
    return this.current;
  }

  get ready(): boolean {
    return this.current === 'ready' && !!this.client?.isReady;
  }

  /** How many instances of the fleet were alive at the last heartbeat (at least this one). */
  get instances(): number {
    return this.alive;
  }

  /** The text of the state now: for statuses and the log. */
  said(): Text {
    return stateText(this.current, this.where, this.detail);
  }

  /** Calls `cb` on every change of state (and not per command); returns a function that stops it. */
  onState(cb: (state: FleetState, said: Text) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** A key of this fleet: the prefix, then the parts, joined by ':'. */
  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  /** One command; rejects at once while Redis is not reachable. */
  async command<T = unknown>(args: string[]): Promise<T> {
    const c = this.client;
    if (!c || this.closed) throw this.unavailable();
    try {
      return await c.sendCommand<T>(args, { timeout: COMMAND_TIMEOUT_MS });
    } catch (err) {
      // Redis's own answer (a script's error, NOSCRIPT): passed on as it is.
      if (isReply(err)) throw err;
      this.failedCommand(err);
      throw this.unavailable(err);
    }
  }

  /** Runs a script by its SHA, loading it when Redis does not have it. */
  async run<T = unknown>(script: Script, keys: string[], args: (string | number)[]): Promise<T> {
    const tail = [String(keys.length), ...keys, ...args.map(String)];
    try {
      return await this.command<T>(['EVALSHA', script.sha, ...tail]);
    } catch (err) {
      if (!(isReply(err) && /NOSCRIPT/.test(err.message))) throw err;
      return this.command<T>(['EVAL', script.source, ...tail]);
    }
  }

  /** Stops the heartbeat and the client; this instance leaves the list of the living. */
  async close(): Promise<void> {
    if (this.closed) return;
    clearInterval(this.heartbeat);
    const c = this.client;
    if (c?.isReady) {
      await c.sendCommand(['ZREM', this.key('instances'), this.instanceId], { timeout: 1000 }).catch(() => undefined);
    }
    this.closed = true;
    this.listeners.clear();
    try {
      c?.destroy();
    } catch {
      /* already gone */
    }
  }

  /** The error a user of the fleet gets while Redis cannot be used. */
  unavailable(err?: unknown): StripeError {
    if (err instanceof StripeError) return err;
    const said = this.said();
    const e = new StripeError('connection', text(said.code, said.params));
    return e;
  }

  private beat(): void {
    if (!this.client || this.closed) return;
    this.run<number>(HEARTBEAT, [this.key('instances')], [this.instanceId, ALIVE_MS]).then(
      (n) => {
        this.alive = Math.max(1, Number(n) || 1);
      },
      () => undefined,
    );
  }

  private failed(err: unknown): void {
    if (this.closed) return;
    if (isAuthError(err)) this.set('refused', reasonOf(err, this.password));
    else if (!this.client?.isReady) this.set('unreachable', reasonOf(err, this.password));
  }

  /** A command failed: a lost connection shows as unreachable; a script's own error changes nothing. */
  private failedCommand(err: unknown): void {
    if (this.client && !this.client.isReady && this.current === 'ready') {
      this.set('unreachable', reasonOf(err, this.password));
    }
  }

  private set(state: FleetState, detail: string): void {
    if (state === this.current) {
      this.detail = detail || this.detail;
      return;
    }
    const was = this.current;
    this.current = state;
    this.detail = detail;
    if (state === 'ready') this.beat();
    const said =
      state === 'ready' && was !== 'connecting' ? text('errors.fleetBack', { where: this.where }) : this.said();
    for (const cb of [...this.listeners]) cb(state, said);
  }
}

/** The password in a redis://user:pass@host URL, so that it can be kept out of texts. */
function safeUrlPassword(url: string): string | undefined {
  try {
    const p = new URL(url).password;
    return p ? decodeURIComponent(p) : undefined;
  } catch {
    return undefined;
  }
}

/** The text of a state. */
function stateText(state: FleetState, where: string, error: string): Text {
  if (state === 'refused') return text('errors.fleetAuth', { where, error });
  if (state === 'unreachable') return text('errors.fleetUnreachable', { where, error: error || 'not connected' });
  if (state === 'connecting') return text('errors.fleetConnecting', { where });
  return text('errors.fleetReady', { where });
}

/**
 * The heartbeat: this instance's time (Redis's clock) in the set of the living; those not heard of
 * within ALIVE_MS leave it; answers how many are alive.
 */
const HEARTBEAT = new Script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 4)
return redis.call('ZCARD', KEYS[1])
`);

export interface FleetProbe {
  /** Redis's version (INFO server). */
  version: string;
  /** One PING's round trip, in ms. */
  rttMs: number;
  /** Instances of this fleet (this prefix) alive now. */
  instances: number;
}

/** The dialog's Test button: connects once, reads the version, times a PING, counts the living; closes. */
export async function probeFleet(opts: FleetOptions, timeoutMs = 5000): Promise<FleetProbe> {
  checkRedisUrl(opts.url);
  const where = redisWhere(opts.url);
  const password = opts.password || safeUrlPassword(opts.url);
  const client = loadRedis().createClient({
    url: opts.url,
    ...(opts.username ? { username: opts.username } : {}),
    ...(opts.password ? { password: opts.password } : {}),
    disableOfflineQueue: true,
    socket: { connectTimeout: timeoutMs, reconnectStrategy: false },
  });
  let lastError: unknown;
  client.on('error', (err: unknown) => {
    lastError = err;
  });
  const refuse = (err: unknown): never => {
    const e = lastError && !isAuthError(err) && isAuthError(lastError) ? lastError : err;
    const said = isAuthError(e)
      ? text('errors.fleetAuth', { where, error: reasonOf(e, password) })
      : text('errors.fleetUnreachable', { where, error: reasonOf(e, password) });
    throw new StripeError('connection', said);
  };
  try {
    await client.connect().catch(refuse);
    const info = await client.sendCommand<string>(['INFO', 'server'], { timeout: timeoutMs }).catch(refuse);
    const version = /redis_version:([^\r\n]+)/.exec(String(info))?.[1] ?? '?';
    const started = process.hrtime.bigint();
    await client.sendCommand(['PING'], { timeout: timeoutMs }).catch(refuse);
    const rttMs = Number(process.hrtime.bigint() - started) / 1e6;
    const prefix = opts.prefix || DEFAULT_PREFIX;
    const t = await client.sendCommand<string[]>(['TIME'], { timeout: timeoutMs }).catch(refuse);
    const now = Number(t[0]) * 1000 + Math.floor(Number(t[1]) / 1000);
    const instances = Number(
      await client
        .sendCommand([`ZCOUNT`, `${prefix}:instances`, String(now - ALIVE_MS), '+inf'], { timeout: timeoutMs })
        .catch(refuse),
    );
    return { version, rttMs: Math.round(rttMs * 100) / 100, instances };
  } finally {
    try {
      client.destroy();
    } catch {
      /* not connected */
    }
  }
}
