/**
 * The publisher's `offline: hold`: wires the core's HoldQueue (src/stripe/hold/hold-queue.ts) into the
 * node. A message is checked as handleMessage checks it (a bad one goes to the Catch node at once),
 * given its idempotency key, written to the node's queue file in the user directory, and only once it
 * is on disk done() (messages that arrive while a flush is under way are flushed together); the queue
 * sends it on (node.send) or hands it to the Catch node (node.error) later.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  HeldMessage,
  HoldFullError,
  HoldOutcome,
  HoldQueue,
  HoldState,
  HoldView,
  StripeError,
  StripeResponse,
  configError,
  heldCount,
  holdAvailable,
  idempotencyKeyFor,
  text,
  toStripeError,
} from '../../stripe';
import { Done, HandlerContext, Send, fail, outcomeUnknown, prepareRequest, retryingStatus } from './message-handler';
import { OperationNodeConfig } from './message-input';
import { StripeMeta, stripeMeta } from './meta';
import { short } from '../shared/status-text';
import type { NodeAPI, NodeMessage } from '../shared/types';

export interface HoldConfig extends OperationNodeConfig {
  offline?: string;
  holdHours?: number | string;
  holdMax?: number | string;
  /** How many held messages may be on their way at once while nothing waits (default 1: strictly in order). */
  holdAtOnce?: number | string;
}

/** What the runtime's settings file may tune (tests, a demo): the head's backoff. */
interface HoldTuning {
  retryMinMs?: number;
  retryMaxMs?: number;
}

export type HoldRED = NodeAPI & {
  settings?: { userDir?: string; stripeHold?: HoldTuning };
  log?: { warn(text: string): void };
  events?: {
    on(event: string, fn: () => void): void;
    once?(event: string, fn: () => void): void;
    removeListener?(event: string, fn: () => void): void;
  };
};

const HOLD_HOURS = 72;
const HOLD_MAX = 10000;

/** The folder of the queue files in Node-RED's user directory. */
export function holdDir(RED: HoldRED): string {
  return path.join(RED.settings?.userDir || path.join(os.homedir(), '.node-red'), 'stripe-held');
}

/** The queue file of a publisher node. */
export function holdFile(RED: HoldRED, id: string): string {
  return path.join(holdDir(RED), `${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.sqlite`);
}

/** Queue files of nodes no longer in the flows (or no longer holding), already reported by this process. */
const reported = new Set<string>();
/** The ids of the publishers running with `offline: hold` in this process. */
const holding = new Set<string>();

/**
 * Logs the queue files that still hold messages no node sends: of a publisher no longer in the flows
 * (`say`), or of one whose Offline setting is no longer hold (`sayNotHolding`): how many, and where.
 */
export function reportDeletedQueues(
  RED: HoldRED,
  say: (n: number, file: string, id: string) => string,
  sayNotHolding: (n: number, file: string, id: string) => string,
): void {
  if (!holdAvailable()) return;
  const dir = holdDir(RED);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => f.endsWith('.sqlite'));
  } catch {
    return;
  }
  for (const name of names) {
    const id = name.slice(0, -'.sqlite'.length);
    const file = path.join(dir, name);
    const inFlows = !!RED.nodes.getNode(id);
    if (holding.has(id) || reported.has(file)) continue;
    let n: number;
    try {
      n = heldCount(file);
    } catch {
      continue;
    }
    if (n > 0) {
      reported.add(file);
      RED.log?.warn((inFlows ? sayNotHolding : say)(n, file, id));
    }
  }
}

const positive = (v: unknown, dflt: number): number => (Number(v) > 0 ? Number(v) : dflt);

/** A message the queue could not keep (a circular one, a full disk). */
const cannotKeep = (err: unknown): StripeError =>
  configError(text('errors.holdCannotKeep', { detail: err instanceof Error ? err.message : String(err) }));

type Sent = { res: StripeResponse; meta: StripeMeta };
type Prepared = ReturnType<typeof prepareRequest>;

export class HoldSender {
  private queue: HoldQueue<Sent> | undefined;
  private unavailable: StripeError | undefined;
  /** Stops waiting for the flows to start (close before they did). */
  private cancelResume: (() => void) | undefined;
  /** When a failed write to the queue file was last told (at most one warning a minute). */
  private storeErrorAt = 0;

  constructor(
    private readonly RED: HoldRED,
    private readonly ctx: HandlerContext,
  ) {
    if (!holdAvailable()) {
      this.unavailable = new StripeError(
        'config',
        text('errors.holdUnavailable', { version: process.versions.node }),
        {},
        text('status.holdUnavailable'),
      );
      ctx.status({ fill: 'red', shape: 'ring', text: short(ctx.words.reason(this.unavailable)) });
      // A warning in the log (the status is red, and each message goes to the Catch node with the error).
      ctx.node.warn(ctx.words.error(this.unavailable));
      return;
    }
    holding.add(ctx.node.id);
    // A queue left by an earlier run is opened now, and sent once the flows have started (a message
    // given up meanwhile, past its time limit, goes to a Catch node, which is there only then); a new
    // one is made with the first message.
    const file = holdFile(RED, ctx.node.id);
    reported.delete(file);
    if (fs.existsSync(file)) {
      const q = this.open();
      if (q?.count) {
        ctx.node.log(ctx.words.text(text('errors.holdResumed', { n: q.count, file })));
        this.afterFlowsStart(() => q.start());
      }
    }
  }

  /** Runs `fn` once the flows have started (Node-RED's flows:started, or after 10 s if none comes). */
  private afterFlowsStart(fn: () => void): void {
    const events = this.RED.events;
    const stop = (): void => {
      clearTimeout(timer);
      events?.removeListener?.('flows:started', go);
      this.cancelResume = undefined;
    };
    const go = (): void => {
      stop();
      fn();
    };
    const timer = setTimeout(go, 10_000);
    this.cancelResume = stop;
    if (events?.once) events.once('flows:started', go);
  }

  /** A write to the queue file failed with no message waiting for it: a warning, at most one a minute. */
  private storeError(err: Error): void {
    const now = Date.now();
    if (now - this.storeErrorAt < 60_000) return;
    this.storeErrorAt = now;
    const file = holdFile(this.RED, this.ctx.node.id);
    this.ctx.node.warn(this.ctx.words.text(text('errors.holdWrite', { file, detail: err.message })));
  }

  /** Opens the node's queue file (made if missing); on failure, the error every message then gets. */
  private open(): HoldQueue<Sent> | undefined {
    if (this.queue || this.unavailable) return this.queue;
    const ctx = this.ctx;
    const config = ctx.config as HoldConfig;
    const file = holdFile(this.RED, ctx.node.id);
    try {
      const tuning = this.RED.settings?.stripeHold ?? {};
      this.queue = new HoldQueue<Sent>({
        file,
        holdHours: positive(config.holdHours, HOLD_HOURS),
        holdMax: Math.floor(positive(config.holdMax, HOLD_MAX)),
        atOnce: Math.floor(positive(config.holdAtOnce, 1)),
        retryMinMs: tuning.retryMinMs,
        retryMaxMs: tuning.retryMaxMs,
        attempt: (h, signal) => this.attempt(h, signal),
        onSent: (h, sent) => this.sent(h, sent),
        onRefused: (h, err) => this.failed(h, {}, err),
        onExpired: (h, reached, hours) => this.failed(h, {}, this.expiredError(h, reached, hours)),
        onState: (s) => this.state(s),
        onStoreError: (err) => this.storeError(err),
        onSkipped: () => ctx.node.warn(ctx.words.text(text('errors.holdSkipped', { file }))),
      });
    } catch (err) {
      this.unavailable = configError(
        text('errors.holdStorage', { file, detail: err instanceof Error ? err.message : String(err) }),
      );
      ctx.status({ fill: 'red', shape: 'ring', text: short(ctx.words.reason(this.unavailable)) });
      ctx.node.error(ctx.words.error(this.unavailable));
      return undefined;
    }
    return this.queue;
  }

  /** One input message: checked, keyed, written to the queue, then done(). */
  input(msg: NodeMessage, _send: Send, done: Done): void {
    const ctx = this.ctx;
    const meta: StripeMeta = {};
    try {
      if (this.unavailable) throw this.unavailable;
      const q = this.open();
      if (!q) throw this.unavailable ?? configError(text('errors.noClient'));
      if (!ctx.clientNode) throw configError(text('errors.noClient'));
      const prepared = prepareRequest(ctx, msg, meta);
      const key = idempotencyKeyFor(prepared.req, msg.idempotencyKey);
      if (key) meta.idempotencyKey = key;
      try {
        // done() once the message is on disk: the queue flushes what arrives meanwhile together. The
        // request prepared here serves the first attempt; a later one (or one after a restart) prepares it again.
        q.add(msg, key, (err) => (err ? fail(ctx, msg, meta, cannotKeep(err), done) : done()), prepared);
      } catch (err) {
        if (err instanceof HoldFullError) throw configError(text('errors.holdFull', { max: err.max }));
        throw cannotKeep(err);
      }
    } catch (err) {
      fail(ctx, msg, meta, toStripeError(err), done);
    }
  }

  async close(removed: boolean): Promise<void> {
    holding.delete(this.ctx.node.id);
    this.cancelResume?.();
    const q = this.queue;
    if (!q) return;
    await q.close();
    if (removed && q.count > 0) {
      reported.add(q.file);
      const line = this.ctx.words.text(
        text('errors.holdKeptForDeleted', { id: this.ctx.node.id, n: q.count, file: q.file }),
      );
      this.ctx.node.warn(line);
    }
  }

  /** One attempt of the queue's head: the request rebuilt from the held message with the node's settings of now. */
  private async attempt(h: HeldMessage, signal: AbortSignal): Promise<HoldOutcome<Sent>> {
    const ctx = this.ctx;
    const msg = h.msg as NodeMessage;
    let reached = false;
    const meta: StripeMeta = {};
    try {
      if (!ctx.clientNode) throw configError(text('errors.noClient'));
      const client = ctx.clientNode.getClient();
      const { op, req } = (h.memo as Prepared | undefined) ?? prepareRequest(ctx, msg, meta);
      meta.operationId = op.id;
      meta.method = op.method;
      meta.path = req.path;
      if (h.key) meta.idempotencyKey = h.key;
      const res = await client.send(req, {
        signal,
        source: ctx.node.id,
        operation: op.id,
        idempotencyKey: h.key,
        stripeAccount: msg.stripeAccount as string | undefined,
        onFailedAttempt: (r) => (reached ||= r),
        onRetry: retryingStatus(ctx),
        log: (line) => ctx.node.log(line),
      });
      return { sent: true, value: { res, meta } };
    } catch (raw) {
      const err = toStripeError(raw);
      // A client that is not set up keeps the message (it is not the message's fault); a message
      // the settings of now refuse, and Stripe's definite refusals, end it.
      if (err.kind === 'config') return { sent: false, refused: false, error: err, reached };
      if (err.kind === 'input' || !outcomeUnknown(err)) return { sent: false, refused: true, error: { err, meta } };
      return { sent: false, refused: false, error: err, reached };
    }
  }

  private heldMeta(h: HeldMessage): StripeMeta {
    return h.waited ? { held: { since: new Date(h.since).toISOString(), attempts: h.attempts + 1 } } : {};
  }

  private sent(h: HeldMessage, { res, meta }: Sent): void {
    this.onChange?.();
    const msg = h.msg as NodeMessage;
    msg.payload = res.body;
    msg.statusCode = res.statusCode;
    msg.stripe = stripeMeta(meta, { requestId: res.requestId, ...this.heldMeta(h) });
    delete msg.idempotencyKey;
    this.ctx.node.send(msg);
    if (!this.queue?.blocked)
      this.ctx.status({ fill: 'green', shape: 'dot', text: short(`${res.statusCode} ${meta.operationId}`) });
  }

  private failed(h: HeldMessage, _meta: StripeMeta, error: unknown): void {
    this.onChange?.();
    const given = error as { err?: StripeError; meta?: StripeMeta };
    const err = given && given.err instanceof StripeError ? given.err : toStripeError(error);
    const meta: StripeMeta = { ...(given?.meta ?? {}), ...this.heldMeta(h) };
    if (h.key) meta.idempotencyKey = h.key;
    const msg = h.msg as NodeMessage;
    fail(this.ctx, msg, meta, err, (e) => this.ctx.node.error(e ?? err, msg));
  }

  private expiredError(h: HeldMessage, reached: boolean, hours: number): StripeError {
    if (reached) {
      return new StripeError(
        'connection',
        text('errors.holdOutcomeUnknown', { hours, key: h.key ?? '-' }),
        { type: 'api_connection_error', code: 'outcome_unknown' },
        text('status.outcomeUnknown'),
      );
    }
    return new StripeError('config', text('errors.holdExpired', { hours }), {}, text('status.holdExpired'));
  }

  private state(s: HoldState): void {
    this.onChange?.();
    const ctx = this.ctx;
    if (s.waiting !== undefined) {
      const reason = ctx.words.reason(toStripeError(s.waiting));
      ctx.status({
        fill: 'yellow',
        shape: 'ring',
        text: short(ctx.words.text(text('status.held', { n: s.held, reason }))),
      });
    } else if (s.sending) {
      ctx.status({
        fill: 'blue',
        shape: 'dot',
        text: short(ctx.words.text(text('status.sendingHeld', { n: s.sending.n, total: s.sending.of }))),
      });
    }
  }

  // The Stripe sidebar (src/nodes/sidebar): its view of the queue and its actions, beside the node's own work.

  /** Told when what the sidebar shows may have changed (a message held, sent, refused, a state). */
  onChange: (() => void) | undefined;

  /** The queue's view; undefined while no queue is open (nothing was held yet, or hold is unavailable). */
  view(): HoldView | undefined {
    return this.queue?.view();
  }

  /** The oldest held messages, up to `limit`. */
  list(limit: number): HeldMessage[] {
    return this.queue?.list(limit) ?? [];
  }

  /** Tries the head now; false when nothing waits. */
  sendNow(): boolean {
    return this.queue?.sendNow() ?? false;
  }

  /**
   * Discards the head (or every message), each to the node's Catch node as "discarded"; returns how
   * many. A head being sent at this moment is not discarded.
   */
  discard(all: boolean): number {
    const q = this.queue;
    if (!q) return 0;
    const gone = all ? q.discardAll() : [q.discardHead()].filter((h): h is HeldMessage => !!h);
    for (const h of gone) {
      // The key stays on a message an attempt of which may have reached Stripe: a person can check it.
      const err = new StripeError(
        h.reached ? 'connection' : 'config',
        text('errors.holdDiscarded'),
        { code: 'discarded' },
        text('status.holdDiscarded'),
      );
      this.failed(h, {}, err);
    }
    if (gone.length && q.count === 0) this.ctx.status({});
    this.onChange?.();
    return gone.length;
  }
}
