/**
 * Store and forward for one publisher (`offline: hold`): messages are written to a HoldStore, and
 * accepted once they are on disk (the store writes and flushes the messages that arrive while a flush
 * is under way together: group commit), then sent one at a time, oldest first, so the publisher keeps
 * its order; a message is sent only once it is on disk. A
 * message leaves the queue when its attempt ends for good (sent, or refused); an attempt that may
 * be retried keeps it at the head, tried again after a capped backoff, and everything else waits
 * behind it. Two time limits, on the queue's clock (injectable, for tests):
 *
 * - a message an attempt of which may have reached Stripe expires after 23 hours (Stripe keeps an
 *   idempotency key for 24 hours; sent later, it could be acted on twice): "outcome unknown";
 * - a message that never reached Stripe expires after `holdHours`.
 *
 * What a message is, how it is sent, and what an outcome means are the caller's (the adapter's).
 */
import { HoldStore, StoredRecord } from './hold-store';
import { freezeMessage, thawMessage } from './held-message';

/** Stripe keeps idempotency keys 24 hours; a possibly sent message is given up an hour before. */
export const REACHED_LIMIT_MS = 23 * 3600_000;

export interface HeldMessage {
  seq: number;
  since: number;
  key?: string;
  /** Attempts so far that did not end it. */
  attempts: number;
  /** Whether an attempt may have reached Stripe. */
  reached: boolean;
  /** Whether it waited (an attempt kept it, it queued behind others, or it was held over a restart). */
  waited: boolean;
  msg: Record<string, unknown>;
  /** What add() was given with it, on its first attempt in the same run (the caller's: a request already prepared). */
  memo?: unknown;
}

/** How an attempt ended: sent; refused for good; or kept (may be retried), saying whether it may have reached Stripe. */
export type HoldOutcome<R> =
  | { sent: true; value: R }
  | { sent: false; refused: true; error: unknown }
  | { sent: false; refused: false; error: unknown; reached: boolean };

/** What the node shows: how many are held, why they wait, or how far sending them has got. */
export interface HoldState {
  held: number;
  /** The head's last attempt kept it: the error it ended with. */
  waiting?: unknown;
  /** Sending what was held: the one now being sent (1-based) of how many. */
  sending?: { n: number; of: number };
}

/** The Stripe sidebar's view of a queue. */
export interface HoldView {
  held: number;
  /** When the oldest was queued (ms since the epoch). */
  since?: number;
  /** The head's attempts so far. */
  attempts: number;
  /** The error the head's last attempt ended with, while it waits. */
  lastError?: unknown;
  /** Whether the head is being sent at this moment. */
  sending: boolean;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
};

export interface HoldQueueOptions<R> {
  file: string;
  /** How long a message that never reached Stripe may wait. */
  holdHours: number;
  /** The most messages held; add() refuses more. */
  holdMax: number;
  attempt(held: HeldMessage, signal: AbortSignal): Promise<HoldOutcome<R>>;
  onSent(held: HeldMessage, value: R): void;
  onRefused(held: HeldMessage, error: unknown): void;
  /** Given up by a time limit: `reached` says whether an attempt may have reached Stripe (23 hours) or not (holdHours). */
  onExpired(held: HeldMessage, reached: boolean, hours: number): void;
  onState?(s: HoldState): void;
  /**
   * A write to the queue file failed with no message waiting for it (a removal, an attempt counted), or
   * reading it did: the queue goes on (a message sent is not sent again in this run).
   */
  onStoreError?(err: Error): void;
  /** A damaged record was skipped (taken out, not sent): how many so far. */
  onSkipped?(total: number): void;
  clock?: Clock;
  /**
   * How many messages may be on their way to Stripe at once while nothing waits (default 1: one at a
   * time, each publisher's order kept strictly). Above 1, each is sent as soon as it is on disk, as
   * `fail` sends them, in the order they came, up to this many at once; a backlog (held over a
   * restart, or queued behind an attempt that kept the head) still goes one at a time, oldest first.
   */
  atOnce?: number;
  /** The backoff of the head: the first wait and the longest (default 2 s growing to 5 min). */
  retryMinMs?: number;
  retryMaxMs?: number;
}

export class HoldFullError extends Error {
  constructor(readonly max: number) {
    super(`${max} messages are held already`);
    this.name = 'HoldFullError';
  }
}

/** The most a queue's `atOnce` may be. */
export const MAX_AT_ONCE = 64;

export class HoldQueue<R> {
  private readonly store: HoldStore;
  private readonly clock: Clock;
  private readonly minMs: number;
  private readonly maxMs: number;
  private readonly atOnce: number;
  private closed = false;
  /** The attempts under way, by seq: what aborts each, and the promise that ends once its outcome is handled. */
  private readonly inflight = new Map<number, { h: HeldMessage; ctrl: AbortController; done: Promise<void> }>();
  /** The newest record an attempt was started for. */
  private lastStarted = 0;
  /**
   * Records up to this seq are a backlog (held over a restart, or queued while an attempt kept the
   * head): they go one at a time, oldest first, each once the one before it has ended.
   */
  private backlogUntil: number;
  private wakeTimer: unknown;
  private wake: (() => void) | undefined;
  /** Consecutive attempts that kept the head. */
  private failures = 0;
  private lastError: unknown;
  /** Sending what was held: how many went so far. */
  private drained: number | undefined;
  /** The newest record found at open: every record up to it was held over a restart. */
  private readonly lastSeqAtOpen: number;
  /** Records added behind a backlog (seq). */
  private readonly waited = new Set<number>();

  constructor(private readonly opts: HoldQueueOptions<R>) {
    this.clock = opts.clock ?? realClock;
    this.minMs = opts.retryMinMs ?? 2000;
    this.maxMs = opts.retryMaxMs ?? 300_000;
    this.atOnce = Math.min(Math.max(Math.floor(opts.atOnce ?? 1) || 1, 1), MAX_AT_ONCE);
    this.store = new HoldStore(opts.file);
    this.store.onError = (err) => this.opts.onStoreError?.(err);
    this.store.onSkipped = () => this.opts.onSkipped?.(this.store.skipped);
    this.store.onFlushed = () => {
      try {
        this.start();
      } catch (err) {
        // Reading the file failed: what is on disk is sent with the next flush, or after a restart.
        this.opts.onStoreError?.(err instanceof Error ? err : new Error(String(err)));
      }
    };
    if (!this.store.wasClean) {
      // After a crash, the records that may have been in flight count as possibly sent: as many as went
      // at once in the last run (they are the oldest ones), and one more, whose removal a power cut may
      // have taken back.
      const last = Math.floor(Number(this.store.getMeta('atOnce'))) || 1;
      for (const r of this.store.list(Math.max(last, this.atOnce) + 1))
        if (!r.reached) this.store.update(r.seq, r.attempts, true);
    }
    this.store.setMeta('atOnce', String(this.atOnce));
    this.lastSeqAtOpen = this.store.lastSeq();
    this.backlogUntil = this.lastSeqAtOpen;
  }

  get file(): string {
    return this.store.file;
  }

  get count(): number {
    return this.store.count;
  }

  /** Records skipped because they were damaged. */
  get skipped(): number {
    return this.store.skipped;
  }

  /** Whether the head is waiting for a retry (the last attempt kept it). */
  get blocked(): boolean {
    return this.failures > 0;
  }

  /** Whether the queue sends one at a time now: an attempt kept the head, or a backlog is being sent. */
  private get oneAtATime(): boolean {
    if (this.failures > 0) return true;
    const head = this.store.first();
    return !!head && head.seq <= this.backlogUntil;
  }

  /**
   * Writes a message to the queue; `accepted` runs once it is on disk (with an error if it could not
   * be kept), and sending starts. `memo` is the caller's, handed back with the first attempt if the
   * record never left memory (the request already prepared). Throws HoldFullError when full, and an
   * error for a message that cannot be kept (a circular one), at once.
   */
  add(msg: Record<string, unknown>, key: string | undefined, accepted: (err?: Error) => void, memo?: unknown): void {
    if (this.closed) throw new Error('the queue is closed');
    if (this.store.count >= this.opts.holdMax) throw new HoldFullError(this.opts.holdMax);
    const body = freezeMessage(msg);
    // It waits if it cannot go at once: a backlog, or as many on their way as may be.
    const behind =
      this.failures > 0 || this.drained !== undefined || this.store.count >= this.atOnce || this.oneAtATime;
    this.store.add(
      body,
      key,
      this.clock.now(),
      (err, seq) => {
        if (!err && behind) this.waited.add(seq);
        try {
          accepted(err ?? undefined);
        } catch {
          /* the caller's: never a crash in the store's flush */
        }
      },
      memo,
    );
    if (this.failures > 0 || this.drained !== undefined) this.state();
  }

  /** Starts sending what is on disk (resumes a queue found on disk); does nothing while the head waits for a retry. */
  start(): void {
    if (this.closed || this.wake) return;
    if (this.oneAtATime) {
      if (this.inflight.size === 0) this.next(this.store.first());
      return;
    }
    this.backlogDone();
    while (this.inflight.size < this.atOnce) {
      const rec = this.store.next(this.lastStarted);
      if (!rec) break;
      this.next(rec);
    }
  }

  /** Tries the head now instead of at the end of its backoff. */
  retryNow(): void {
    this.wake?.();
  }

  /** Stops: aborts the attempts in flight (each counts as possibly sent), waits for them, closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Answered, and waiting for their removal at the end of this turn: not sent on now, so they stay in
    // the file, as reached, and go again after the next start with their keys (Stripe answers as the
    // first time, and the node sends that on).
    for (const seq of this.store.cancelRemovals()) {
      const h = this.inflight.get(seq)?.h;
      if (h) this.store.update(seq, h.attempts + 1, true);
    }
    for (const a of this.inflight.values()) a.ctrl.abort();
    this.wake?.();
    await Promise.all([...this.inflight.values()].map((a) => a.done));
    this.store.close();
  }

  private state(): void {
    const s: HoldState = { held: this.store.count };
    if (this.failures > 0) s.waiting = this.lastError;
    else if (this.drained !== undefined) s.sending = { n: this.drained + 1, of: this.drained + this.store.count };
    this.opts.onState?.(s);
  }

  private held(r: StoredRecord): HeldMessage {
    return {
      seq: r.seq,
      since: r.since,
      key: r.key,
      attempts: r.attempts,
      reached: r.reached,
      waited: r.attempts > 0 || r.seq <= this.lastSeqAtOpen || this.waited.has(r.seq),
      msg: thawMessage(r.body),
      memo: r.attempts === 0 ? r.memo : undefined,
    };
  }

  /** Whether a record is past its time limit; if so it is given up. */
  private expired(h: HeldMessage): boolean {
    const age = this.clock.now() - h.since;
    const limit = h.reached
      ? Math.min(REACHED_LIMIT_MS, this.opts.holdHours * 3600_000)
      : this.opts.holdHours * 3600_000;
    if (age < limit) return false;
    this.store.remove(h.seq);
    this.waited.delete(h.seq);
    this.opts.onExpired(h, h.reached, Math.round(limit / 360_000) / 10);
    return true;
  }

  /** Starts the attempt of one record (one that cannot be read, or is past its limit, ends here and the next is looked at). */
  private next(rec: StoredRecord | undefined): void {
    while (rec && !this.closed) {
      if (rec.seq > this.lastStarted) this.lastStarted = rec.seq;
      let h: HeldMessage | undefined;
      try {
        h = this.held(rec);
      } catch {
        this.store.skip(rec.seq);
      }
      if (h && !this.expired(h)) {
        const ctrl = new AbortController();
        const entry = { h, ctrl, done: Promise.resolve() };
        this.inflight.set(h.seq, entry);
        const seq = h.seq;
        entry.done = this.attempt(h, ctrl).catch((err: unknown) => {
          // Never an unhandled rejection (it would end Node-RED): the attempt ends here, told.
          this.inflight.delete(seq);
          this.opts.onStoreError?.(err instanceof Error ? err : new Error(String(err)));
        });
        return;
      }
      // That one ended here: the next, as start() would pick it.
      if (this.oneAtATime) {
        if (this.inflight.size) return;
        rec = this.store.first();
      } else rec = this.inflight.size < this.atOnce ? this.store.next(this.lastStarted) : undefined;
    }
    if (!this.closed && !rec && this.inflight.size === 0) this.caughtUp();
  }

  private async attempt(h: HeldMessage, ctrl: AbortController): Promise<void> {
    // Started while the head waited for a retry: this is the head's own attempt.
    const afterKept = this.failures > 0;
    if (this.drained !== undefined) this.state();
    let out: HoldOutcome<R>;
    try {
      out = await this.opts.attempt(h, ctrl.signal);
    } catch (error) {
      out = { sent: false, refused: false, error, reached: true };
    }
    if (out.sent || out.refused) {
      if (this.closed) {
        // Closed meanwhile: not sent on now, so it stays in the file (see close()).
        this.store.update(h.seq, h.attempts + 1, true);
        this.inflight.delete(h.seq);
        return;
      }
      // Out of the file first, then sent on: at once when one at a time, else at the end of this turn
      // with the others that ended in it (one transaction).
      if (this.atOnce === 1) this.store.remove(h.seq);
      else await new Promise<void>((resolve) => this.store.removeSoon(h.seq, resolve));
      this.inflight.delete(h.seq);
      this.waited.delete(h.seq);
      if (this.closed) return;
      // The first to go after the head was kept: from now on the node says how far sending what was
      // held has got, and what queued meanwhile goes one at a time, in order.
      if (afterKept) {
        this.failures = 0;
        this.drained = 0;
        this.backlogUntil = Math.max(this.backlogUntil, this.store.lastSeq());
      }
      if (this.drained !== undefined) this.drained++;
      if (out.sent) this.opts.onSent(h, out.value);
      else this.opts.onRefused(h, out.error);
      // One sent beside the head that was kept: the head's retry waits for the last of them.
      if (this.failures > 0) {
        if (this.inflight.size === 0) this.retryLater();
        return;
      }
      this.start();
      if (this.inflight.size === 0 && this.store.durable === 0) this.caughtUp();
      return;
    }
    this.store.update(h.seq, h.attempts + (this.closed ? 0 : 1), h.reached || out.reached);
    this.inflight.delete(h.seq);
    if (this.closed) return;
    // Counted once for the attempts that were on their way together.
    if (afterKept || this.failures === 0) this.failures++;
    this.lastError = out.error;
    this.drained = undefined;
    this.backlogUntil = Math.max(this.backlogUntil, this.store.lastSeq());
    this.state();
    // The others on their way end first; then the head is tried again after its wait.
    if (this.inflight.size === 0) this.retryLater();
  }

  /** A backlog is sent: the node stops saying how far sending what was held has got. */
  private backlogDone(): void {
    if (this.drained === undefined) return;
    this.drained = undefined;
    this.state();
  }

  /** Nothing left to send: the queue says so once, if it had said it waited or was sending. */
  private caughtUp(): void {
    if (this.drained !== undefined || this.failures > 0) {
      this.drained = undefined;
      this.failures = 0;
      this.state();
    }
  }

  /** Waits the head's backoff (or until retryNow), then tries it again. */
  private retryLater(): void {
    if (this.wake) return;
    const done = (): void => {
      this.clock.clearTimeout(this.wakeTimer);
      this.wake = undefined;
      this.start();
    };
    this.wake = done;
    this.wakeTimer = this.clock.setTimeout(done, this.backoff());
  }

  // The Stripe sidebar's view and actions (sendNow, discardHead, discardAll, list): additive, beside the loop.

  /** What the sidebar shows: how many are held, the oldest's time, the head's attempts and last error. */
  view(): HoldView {
    const head = this.store.head();
    return {
      held: this.store.count,
      since: head?.since,
      attempts: head?.attempts ?? 0,
      lastError: this.failures > 0 ? this.lastError : undefined,
      sending: this.inflight.size > 0,
    };
  }

  /** The oldest held messages (up to `limit`), their messages thawed; one that cannot be read is left out. */
  list(limit: number): HeldMessage[] {
    const out: HeldMessage[] = [];
    for (const r of this.store.list(limit)) {
      try {
        out.push(this.held(r));
      } catch {
        /* a damaged record: the loop skips it when it comes to it */
      }
    }
    return out;
  }

  /** Tries the head now instead of at the end of its wait; false when nothing waits (empty, or being sent). */
  sendNow(): boolean {
    if (this.closed || this.store.count === 0 || this.inflight.size > 0 || !this.wake) return false;
    this.retryNow();
    return true;
  }

  /**
   * Takes the head out of the queue without sending it, and tries the next one now. Undefined when the
   * queue is empty, or when the head is being sent at this moment (it may reach Stripe: not taken).
   */
  discardHead(): HeldMessage | undefined {
    if (this.closed) return undefined;
    const [rec] = this.store.list(1);
    if (!rec || this.inflight.has(rec.seq)) return undefined;
    return this.discard([rec])[0];
  }

  /** Takes every held message out of the queue but one being sent at this moment; returns those taken. */
  discardAll(): HeldMessage[] {
    if (this.closed) return [];
    const recs = this.store.list(Number.MAX_SAFE_INTEGER).filter((r) => !this.inflight.has(r.seq));
    return this.discard(recs);
  }

  private discard(recs: StoredRecord[]): HeldMessage[] {
    const out: HeldMessage[] = [];
    for (const r of recs) {
      let h: HeldMessage | undefined;
      try {
        h = this.held(r);
      } catch {
        h = undefined;
      }
      this.store.remove(r.seq);
      this.waited.delete(r.seq);
      if (h) out.push(h);
    }
    // The next head is tried at once (the discarded one's wait was its own); what queued behind goes one at a time.
    if (this.failures > 0) this.backlogUntil = Math.max(this.backlogUntil, this.store.lastSeq());
    this.failures = 0;
    this.lastError = undefined;
    if (this.wake) this.retryNow();
    else this.start();
    if (this.store.count === 0) this.opts.onState?.({ held: 0 });
    return out;
  }

  /** The wait before the head is tried again: doubling from minMs with some jitter, at most maxMs. */
  private backoff(): number {
    const base = Math.min(this.minMs * 2 ** (this.failures - 1), this.maxMs);
    return Math.round(base * (0.75 + Math.random() * 0.25));
  }
}
