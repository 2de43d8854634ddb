/**
 * The stripe-events node's loop: every `interval` seconds, the events after the cursor, oldest first;
 * each passes the filter and the dedupe, goes out, and only then moves the cursor (kept in the node's
 * context, in the store the user chose). A replay re-sends a time range on demand.
 */
import {
  eventsAfter,
  eventsSince,
  passes,
  serverTypeQuery,
  StripeError,
  text,
  LeaseLost,
  type EventClaims,
  type EventCursor,
  type EventFilterSettings,
  type KeyValueStore,
  type PolledEvent,
  type SendOptions,
  type Text,
  toStripeError,
} from '../../stripe';
import { claimEvent, eventMessage, sentEvent } from './event-output';
import { short } from '../shared/status-text';
import type { ClientNode, NodeMessage, NodeStatus } from '../shared/types';
import type { Words } from '../shared/words';

export const CURSOR_KEY = 'stripe_events_cursor';

export interface PollerSettings {
  filter: EventFilterSettings & { types: string[] };
  intervalMs: number;
  /** Where a first start begins: now, or this many hours back. */
  replayHours: number;
  start: 'now' | 'replay';
}

/** With a fleet: the lease that lets one instance poll at a time (src/stripe/fleet/lease.ts). */
export interface PollerLease {
  /** Takes or extends the lease; true when this instance holds it. Rejects while Redis is out of reach. */
  hold(): Promise<boolean>;
  /** Whether this instance still holds it. */
  readonly held: boolean;
  release(): Promise<void>;
}

export interface PollerHost {
  clientNode: ClientNode | null;
  cursorStore: KeyValueStore;
  /** Each event once: the dedupe over a context store, or a fleet's claims in Redis. */
  dedupe: EventClaims;
  /** With a fleet: the poller's lease (made once the client is known), and the status while Redis is down. */
  lease?: () => PollerLease;
  fleetTrouble?: () => NodeStatus | undefined;
  send: (msg: NodeMessage) => void;
  status: (s: NodeStatus) => void;
  /** A failed poll, for the log and Catch nodes (once per run of failures). */
  report: (err: StripeError) => void;
  log: (line: string) => void;
  warn: (line: string) => void;
  /** The runtime's words for texts and errors. */
  words: Words;
  /** The node's id: the client's request listener is told who asks. */
  source?: string;
  /** Told after each poll (the Stripe sidebar): the cursor, whether this instance polls (with a fleet), an error. */
  observe?: (p: { cursor?: EventCursor; lastPoll?: number; polling?: boolean; error?: string }) => void;
}

function isCursor(v: unknown): v is EventCursor {
  const c = v as EventCursor | null;
  return (
    !!c && typeof c === 'object' && typeof c.created === 'number' && (c.id === undefined || typeof c.id === 'string')
  );
}

const clock = (): string => new Date().toTimeString().slice(0, 8);

export class EventPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly ctrl = new AbortController();
  private failing = false;
  private closed = false;

  constructor(
    private readonly host: PollerHost,
    private readonly settings: PollerSettings,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Polls now, unless a poll is running (then resolves when it ends). */
  pollNow(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (!this.running) {
      clearTimeout(this.timer);
      this.running = this.poll().finally(() => {
        this.running = undefined;
        this.schedule(this.settings.intervalMs);
      });
    }
    return this.running;
  }

  /** Stops the loop and aborts a poll in flight; resolves once it has ended (and a fleet's lease is free). */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.ctrl.abort();
    await this.running?.catch(() => undefined);
    await this.lease?.release();
  }

  private lease: PollerLease | undefined;

  /**
   * With a fleet: whether this instance polls now (it holds the lease, or has just taken it). Says
   * `standing by` otherwise, and shows Redis's trouble (a pause, no report: the fleet logs it once).
   */
  private async mayPoll(): Promise<boolean> {
    if (!this.host.lease) return true;
    this.lease ??= this.host.lease();
    try {
      if (await this.lease.hold()) return true;
      if (!this.closed) this.status('grey', 'ring', text('status.eventsStandingBy'));
      this.host.observe?.({ polling: false });
    } catch {
      const trouble = this.host.fleetTrouble?.();
      if (trouble && !this.closed) this.host.status(trouble);
    }
    return false;
  }

  /** Sends every event created in [from, to] (unix seconds), oldest first, marked as a replay; no dedupe, no cursor. */
  async replay(from: number, to: number, send: (msg: NodeMessage) => void): Promise<number> {
    const client = this.client();
    let n = 0;
    const query = serverTypeQuery(this.settings.filter.types);
    for await (const e of eventsSince(client, from, query, this.sendOptions(), to)) {
      if (this.closed) break;
      if (!passes(e.facts, this.settings.filter)) continue;
      send(eventMessage(e.event, e.facts, 'poll', true));
      n++;
    }
    return n;
  }

  /** Shows a text, in the runtime's language, on the node's status. */
  status(fill: NodeStatus['fill'], shape: NodeStatus['shape'], said: Text): void {
    this.host.status({ fill, shape, text: short(this.host.words.text(said)) });
  }

  private schedule(ms: number): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pollNow(), ms);
  }

  private client() {
    if (!this.host.clientNode) throw new StripeError('config', text('errors.noClient'), {}, text('status.noClient'));
    return this.host.clientNode.getClient();
  }

  private sendOptions(): SendOptions {
    return {
      signal: this.ctrl.signal,
      source: this.host.source,
      operation: 'GetEvents',
      onRetry: (n, max, _reason, error) => {
        const reason = this.host.words.reason(error);
        this.status('yellow', 'ring', text('status.retrying', { n, max, reason }));
      },
      onQueued: (waiting) => this.status('blue', 'ring', text('status.queued', { n: waiting })),
      log: this.host.log,
    };
  }

  /** The saved cursor; on a first start, the configured start, saved at once so a restart keeps it. */
  private async cursor(): Promise<EventCursor> {
    const saved = await this.host.cursorStore.get(CURSOR_KEY);
    if (isCursor(saved)) return saved;
    const back = this.settings.start === 'replay' ? this.settings.replayHours * 3600 : 0;
    const first = { created: Math.floor(Date.now() / 1000) - back };
    await this.host.cursorStore.set(CURSOR_KEY, first);
    return first;
  }

  private async poll(): Promise<void> {
    try {
      const client = this.client();
      if (!(await this.mayPoll())) return;
      const lease = this.lease;
      let cursor = await this.cursor();
      let sent = 0;
      const gone = cursor.id ?? '';
      const onFallback = (why: 'expired' | 'gone'): void =>
        this.host.warn(
          this.host.words.text(
            why === 'expired' ? text('errors.eventsCursorExpired') : text('errors.eventsCursorGone', { id: gone }),
          ),
        );
      const query = serverTypeQuery(this.settings.filter.types);
      for await (const e of eventsAfter(client, cursor, query, { ...this.sendOptions(), onFallback })) {
        // With a fleet, an instance whose lease has passed on stops at once (the new holder goes on).
        if (this.closed || (lease && !lease.held)) break;
        if (await this.pass(e)) sent++;
        cursor = { id: e.facts.id, created: e.facts.created ?? cursor.created };
        await this.host.cursorStore.set(CURSOR_KEY, cursor);
      }
      this.failing = false;
      const time = clock();
      const said = lease
        ? sent
          ? text('status.eventsPollingNew', { events: sent, time })
          : text('status.eventsPollingUpToDate', { time })
        : sent
          ? text('status.eventsNew', { events: sent, time })
          : text('status.eventsUpToDate', { time });
      this.status('green', 'dot', said);
      this.host.observe?.({ cursor, lastPoll: Date.now(), polling: lease ? true : undefined, error: undefined });
    } catch (err) {
      if (this.closed) return;
      if (err instanceof LeaseLost) return this.status('grey', 'ring', text('status.eventsStandingBy'));
      const trouble = this.host.fleetTrouble?.();
      if (trouble) return this.host.status(trouble);
      const e = toStripeError(err);
      this.host.observe?.({ lastPoll: Date.now(), error: this.host.words.reason(e) });
      this.host.status({ fill: 'red', shape: 'ring', text: short(this.host.words.reason(e)) });
      if (!this.failing) this.host.report(e);
      this.failing = true;
    }
  }

  /** Sends an event that passes the filter and was not seen before; true when it went out. */
  private async pass(e: PolledEvent): Promise<boolean> {
    if (!passes(e.facts, this.settings.filter)) return false;
    if (!(await claimEvent(this.host.dedupe, e.facts))) return false;
    this.host.send(eventMessage(e.event, e.facts, 'poll'));
    sentEvent(this.host.dedupe, e.facts);
    return true;
  }
}

/** A time in msg.replay: a Date, an ISO text, or a number (unix seconds; milliseconds if that large). */
function instant(v: unknown, what: string): number {
  const ms =
    v instanceof Date ? v.getTime() : typeof v === 'number' ? (v > 1e11 ? v : v * 1000) : Date.parse(String(v));
  if (!Number.isFinite(ms)) {
    throw new StripeError('input', text('errors.replayTime', { what }));
  }
  return Math.floor(ms / 1000);
}

/** The range of msg.replay: `true` (the node's replay hours), `{ hours }`, or `{ from, to }`. */
export function replayRange(replay: unknown, defaultHours: number, now = Date.now()): [number, number] {
  const nowS = Math.floor(now / 1000);
  if (replay === true) return [nowS - defaultHours * 3600, nowS];
  if (!replay || typeof replay !== 'object') {
    throw new StripeError('input', text('errors.replayShape'));
  }
  const r = replay as { hours?: unknown; from?: unknown; to?: unknown };
  if (r.hours !== undefined) {
    const h = Number(r.hours);
    if (!(h > 0)) throw new StripeError('input', text('errors.replayHours'));
    return [nowS - Math.round(h * 3600), nowS];
  }
  if (r.from === undefined) throw new StripeError('input', text('errors.replayFrom'));
  const from = instant(r.from, 'from');
  const to = r.to === undefined ? nowS : instant(r.to, 'to');
  if (to < from) throw new StripeError('input', text('errors.replayOrder'));
  return [from, to];
}
