/**
 * The meter event stream (`POST /v2/billing/meter_event_stream`, Stripe's high-throughput usage
 * endpoint): it goes to meter-events.stripe.com (to the base URI when that is a stand-in) and is
 * authenticated with a meter event session's token, not with the secret key, as stripe-node 23 and
 * Stripe's guide do it: `POST /v2/billing/meter_event_session` on the API host with the key answers
 * `{ authentication_token, expires_at }`; the token goes as `Authorization: Bearer <token>` until it
 * is about to expire, then a new session is made.
 *
 * One MeterEventSessions per client, so every node of a stripe-client shares its session: concurrent
 * first calls wait for the one session being made; a token is renewed when less than half its life
 * (at most a minute) is left; a stream request answered 401 (or `temporary_session_expired`) makes a
 * new session and is sent again once. The tokens are secrets like the key: the client redacts them
 * from log lines and errors, and they never leave the core.
 */
import { abortedError } from '../common/abort';
import { StripeError } from '../common/errors';
import { RateLimiter } from './ratelimit';
import type { PreparedRequest } from '../requests/request';
import { METER_EVENTS_BASE_URI, METER_EVENT_STREAM_PATH, isMeterEventStream } from '../requests/stream';
import { text } from '../common/texts';

export { METER_EVENTS_BASE_URI, METER_EVENT_STREAM_PATH, isMeterEventStream };

export const METER_EVENT_SESSION_PATH = '/v2/billing/meter_event_session';
/** Stripe's documented limit of the stream (live mode), its own, apart from the API's 25 or 100 a second. */
export const METER_EVENT_STREAM_RATE = 10000;
/** A token is renewed when less than this is left of it (or less than half its life, if that is shorter). */
export const RENEW_MARGIN_MS = 60_000;

/** The request that makes a session: an empty JSON body, as stripe-node sends `meterEventSession.create()`. */
export function sessionRequest(): PreparedRequest {
  return {
    operationId: 'PostV2BillingMeterEventSession',
    method: 'POST',
    path: METER_EVENT_SESSION_PATH,
    query: {},
    body: '{}',
    contentType: 'application/json',
    v2: true,
  };
}

interface Session {
  token: string;
  /** When to make the next one (ms on the wall clock: expires_at is a wall-clock time). */
  renewAt: number;
}

/** expires_at as Stripe sends it on v2 (RFC 3339), or Unix seconds; NaN when neither. */
function expiryMs(v: unknown): number {
  if (typeof v === 'number') return v * 1000;
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v) * 1000;
  if (typeof v === 'string') return Date.parse(v);
  return NaN;
}

/**
 * Makes a session for an account (undefined: the client's own), its request logged through `log` (the
 * node whose event asked for it); resolves with Stripe's answer body.
 */
export type CreateSession = (account: string | undefined, log?: (line: string) => void) => Promise<unknown>;

export class MeterEventSessions {
  /** The stream's own rate limit, shared by the client's nodes. */
  readonly limiter = new RateLimiter(METER_EVENT_STREAM_RATE);
  private readonly sessions = new Map<string, Session>();
  private readonly making = new Map<string, Promise<Session>>();
  /** Every token seen, for redaction (a token stays secret after it expired); bounded. */
  private readonly seen: string[] = [];

  constructor(
    private readonly create: CreateSession,
    private readonly now: () => number = Date.now,
  ) {}

  /** The token to send for an account: the session's while it is fresh, else a new session's. */
  async token(account: string | undefined, signal?: AbortSignal, log?: (line: string) => void): Promise<string> {
    const key = account ?? '';
    const s = this.sessions.get(key);
    if (s && this.now() < s.renewAt) return s.token;
    let pending = this.making.get(key);
    if (!pending) {
      pending = this.make(account, log).finally(() => this.making.delete(key));
      this.making.set(key, pending);
    }
    return (await untilAborted(pending, signal)).token;
  }

  /** Forgets a token Stripe refused (if it is still the current one), so the next call makes a new session. */
  refused(account: string | undefined, token: string): void {
    const key = account ?? '';
    if (this.sessions.get(key)?.token === token) this.sessions.delete(key);
  }

  /** Takes every token this client has had out of a text. */
  redact(t: string): string {
    let out = t;
    for (const token of this.seen) out = out.split(token).join('mes_***');
    return out;
  }

  close(): void {
    this.limiter.close();
    this.sessions.clear();
  }

  private async make(account: string | undefined, log?: (line: string) => void): Promise<Session> {
    const body = (await this.create(account, log)) as { authentication_token?: unknown; expires_at?: unknown } | null;
    const token = body?.authentication_token;
    const expires = expiryMs(body?.expires_at);
    if (typeof token !== 'string' || !token || !Number.isFinite(expires)) {
      throw new StripeError('response', text('errors.meterSessionAnswer'), { type: 'api_error' });
    }
    if (!this.seen.includes(token)) {
      this.seen.push(token);
      if (this.seen.length > 16) this.seen.shift();
    }
    const now = this.now();
    const margin = Math.min(RENEW_MARGIN_MS, Math.max(0, expires - now) / 2);
    const session = { token, renewAt: expires - margin };
    this.sessions.set(account ?? '', session);
    return session;
  }
}

/** The promise, or an 'aborted' error as soon as the signal fires (the shared session is made on regardless). */
function untilAborted<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(abortedError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(abortedError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
