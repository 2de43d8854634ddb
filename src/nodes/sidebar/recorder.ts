/**
 * What the Stripe sidebar shows, kept in the runtime in bounded buffers: per stripe-client its last
 * requests (a ring of REQUESTS rows) and a per-second series of the last SERIES_SECONDS (requests,
 * latency, 429s, retries, errors); per held publisher its queue's view; per webhook node its counts
 * by minute over the last hour; per poller its cursor and last poll. Recording is a few assignments
 * per request; what changed is published later by the throttled publisher (publisher.ts).
 *
 * Nothing secret is kept where the editor gets it: no key, no body. A request's form parameters (cut,
 * redacted by the client) are kept apart and given only to a user who asks for that one request.
 */

import type { RequestRecord } from '../../stripe';
import type { RequestRow } from '../../rules';

/** Requests kept per client. */
export const REQUESTS = 250;
/** Seconds of the per-second series. */
export const SERIES_SECONDS = 300;
/** Minutes of the webhook counts. */
const MINUTES = 60;

/** The per-second series: [second (unix), requests, latency sum ms, 429s, retries, errors]. */
type Second = [number, number, number, number, number, number];

export interface ClientInfo {
  name?: string;
  mode: 'test' | 'live';
  /** The rate budget: its limit and the rate in force (requests per second), and whether it is a fleet's (shared now). */
  limit: number;
  currentRate: number;
  fleet?: { shared: boolean; inWindow?: number };
}

export class ClientRecord {
  readonly rows: (RequestRow | undefined)[] = new Array<RequestRow | undefined>(REQUESTS);
  private readonly params: (string | undefined)[] = new Array<string | undefined>(REQUESTS);
  private readonly secs: Second[] = [];
  seq = 0;
  /** Rows not yet published (the publisher takes them). */
  fresh: RequestRow[] = [];
  total = 0;
  throttled = 0;
  retries = 0;
  errors = 0;

  constructor(
    readonly id: string,
    public info: () => ClientInfo,
  ) {}

  add(r: RequestRecord): void {
    const seq = ++this.seq;
    const row: RequestRow = {
      seq,
      at: r.at,
      ms: r.ms,
      node: r.source,
      op: r.operation,
      method: r.method,
      path: r.path,
      status: r.status,
      retries: r.retries,
      throttled: r.throttled,
      requestId: r.requestId,
      idempotencyKey: r.idempotencyKey,
      error: r.error,
      params: !!r.params,
    };
    const i = seq % REQUESTS;
    this.rows[i] = row;
    this.params[i] = r.params;
    if (this.fresh.length < REQUESTS) this.fresh.push(row);
    this.total++;
    this.throttled += r.throttled;
    this.retries += r.retries;
    const failed = !!r.error;
    if (failed) this.errors++;
    const sec = Math.floor(r.at / 1000);
    let s = this.secs[this.secs.length - 1];
    if (!s || s[0] !== sec) {
      s = [sec, 0, 0, 0, 0, 0];
      this.secs.push(s);
      if (this.secs.length > SERIES_SECONDS) this.secs.shift();
    }
    s[1]++;
    s[2] += r.ms;
    s[3] += r.throttled;
    s[4] += r.retries;
    if (failed) s[5]++;
  }

  /** The kept rows, oldest first. */
  list(): RequestRow[] {
    const out: RequestRow[] = [];
    for (let seq = Math.max(1, this.seq - REQUESTS + 1); seq <= this.seq; seq++) {
      const row = this.rows[seq % REQUESTS];
      if (row && row.seq === seq) out.push(row);
    }
    return out;
  }

  /** One request's parameters, while it is kept. */
  paramsOf(seq: number): { row: RequestRow; params?: string } | undefined {
    const row = this.rows[seq % REQUESTS];
    if (!row || row.seq !== seq) return undefined;
    return { row, params: this.params[seq % REQUESTS] };
  }

  /** Requests started in the last full second. */
  lastSecond(now = Date.now()): number {
    const sec = Math.floor(now / 1000) - 1;
    for (let i = this.secs.length - 1; i >= 0; i--) {
      if (this.secs[i][0] === sec) return this.secs[i][1];
      if (this.secs[i][0] < sec) break;
    }
    return 0;
  }

  /** The series since `from` (unix seconds), one entry per second that had requests. */
  series(from = 0): Second[] {
    return this.secs.filter((s) => s[0] >= from).map((s) => [...s] as Second);
  }

  /** Whether requests came in the last `seconds`. */
  activeWithin(seconds: number, now = Date.now()): boolean {
    const last = this.secs[this.secs.length - 1];
    return !!last && last[0] >= Math.floor(now / 1000) - seconds;
  }

  summary(now = Date.now()) {
    const info = this.info();
    return {
      id: this.id,
      ...info,
      lastSecond: this.lastSecond(now),
      total: this.total,
      throttled: this.throttled,
      retries: this.retries,
      errors: this.errors,
    };
  }
}

/** A webhook node's counts over the last hour, by minute, and its last event. */
export class WebhookRecord {
  /** [minute (unix), accepted, repeats, signature, timestamp, noSecret, body, other] */
  private readonly minutes: number[][] = [];
  last?: { at: number; id: string; type: string };

  constructor(readonly id: string) {}

  count(kind: WebhookOutcome, at = Date.now()): void {
    const minute = Math.floor(at / 60_000);
    let m = this.minutes[this.minutes.length - 1];
    if (!m || m[0] !== minute) {
      m = [minute, 0, 0, 0, 0, 0, 0, 0];
      this.minutes.push(m);
      if (this.minutes.length > MINUTES) this.minutes.shift();
    }
    m[1 + OUTCOMES.indexOf(kind)]++;
  }

  /** The counts of the last hour. */
  hour(now = Date.now()): Record<WebhookOutcome, number> {
    const from = Math.floor(now / 60_000) - MINUTES + 1;
    const out = Object.fromEntries(OUTCOMES.map((k) => [k, 0])) as Record<WebhookOutcome, number>;
    for (const m of this.minutes) {
      if (m[0] < from) continue;
      OUTCOMES.forEach((k, i) => (out[k] += m[1 + i]));
    }
    return out;
  }
}

export const OUTCOMES = ['accepted', 'repeat', 'signature', 'timestamp', 'noSecret', 'body', 'other'] as const;
export type WebhookOutcome = (typeof OUTCOMES)[number];

/** The sidebar's kind of a webhook refusal, from the receiver's code (webhook-signature's, or the receiver's own). */
export function refusalKind(code: string): WebhookOutcome {
  if (code === 'noSecret') return 'noSecret';
  if (code === 'stale' || code === 'future') return 'timestamp';
  if (['noHeader', 'badHeader', 'noV1', 'mismatch'].includes(code)) return 'signature';
  if (['noBody', 'body', 'json', 'notEvent'].includes(code)) return 'body';
  return 'other';
}

/** A poller's place and its last poll. */
export interface PollerRecord {
  id: string;
  cursor?: { id?: string; created: number };
  lastPoll?: number;
  /** With a fleet: whether this instance polls (holds the lease). Undefined without a fleet. */
  polling?: boolean;
  instance?: string;
  error?: string;
}
