/**
 * One client per config node: authentication, Stripe's headers, the rate limit, timeouts, retries
 * with backoff, idempotency keys and request logging that never shows the key. The jobs it uses live
 * beside it: settings (checked by src/rules), idempotency, answer, retry, failure, redaction, urls.
 */
import * as http from 'http';
import * as https from 'https';
import { type RequestFacts, redactKeys } from '../../rules';
import { abortedError, sleep } from '../common/abort';
import type { StripeError } from '../common/errors';
import { RateLimiter, type Limiter } from './ratelimit';
import type { PreparedRequest } from '../requests/request';
import { HttpAnswer, TIMEOUT_CODE, Transport } from './transport';
import { ClientOptions, checkStripeAccount, clientSettings } from './settings';
import { idempotencyKeyFor } from '../requests/idempotency';
import { Attempt, ParsedBody, errorCode, header, parseBody } from './answer';
import { retryDelay, shouldRetry } from './retry';
import { attemptError, mayHaveReached } from './failure';
import { logLine, scrubError } from './redaction';
import { requestHost, requestUrl } from './urls';
import { MeterEventSessions, isMeterEventStream, sessionRequest } from './meter-events';

export { redactKeys };

export const PACKAGE_VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((require('../../../package.json') as { version: unknown }).version);
  } catch {
    return '0.0.0';
  }
})();

export interface SendOptions {
  signal?: AbortSignal;
  /** Used when the request takes a key (see takesIdempotencyKey); otherwise one is made. */
  idempotencyKey?: string;
  stripeAccount?: string;
  /** Told before each retry wait: attempt number (1-based) of maxRetries, and why (the reason, and the error to word it). */
  onRetry?: (attempt: number, maxRetries: number, reason: string, error: StripeError) => void;
  /** Where request log lines go when the client's logging is on. */
  log?: (line: string) => void;
  /** Told when the request has to wait for the rate limit: how many requests of this client wait. */
  onQueued?: (waiting: number) => void;
  /** Told after each failed attempt whether it may have reached Stripe (see mayHaveReached). */
  onFailedAttempt?: (reached: boolean) => void;
  /** Who asks (a node's id): passed to the client's onRequest listener as it is, never sent. */
  source?: string;
  /** What it does (an operationId), for the same listener. */
  operation?: string;
}

/**
 * One request as the client's onRequest listener is told it, once it has ended (after its retries):
 * what an operator may see. No key, no body: `params` is the form body sent (a string, redacted and
 * cut to 2 kB), kept for a person who asks for that one request, never shown unasked.
 */
export interface RequestRecord extends RequestFacts {
  source?: string;
  operation?: string;
  params?: string;
}

export interface StripeResponse {
  statusCode: number;
  /** Parsed JSON, or a Buffer for binary answers such as PDFs. */
  body: unknown;
  requestId?: string;
  idempotencyKey?: string;
  headers: Record<string, string>;
}

/** What send() notes of a request's attempts for the onRequest listener. */
interface Seen {
  retries: number;
  throttled: number;
  status: number;
  requestId?: string;
  idempotencyKey?: string;
}

export class StripeClient {
  readonly baseUri: string;
  readonly filesUri: string;
  readonly apiVersion: string;
  readonly stripeAccount?: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly limiter: Limiter;
  readonly logging: boolean;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** 'test' or 'live', from the key. */
  readonly mode: 'test' | 'live';
  private readonly apiKey: string;
  private readonly http: Transport;
  private readonly agents: { http: http.Agent; https: https.Agent };
  /** The meter event stream's session, made at the first stream request (meter-events.ts). */
  private meterEvents?: MeterEventSessions;
  private readonly closing = new AbortController();
  /** Told of each request once it has ended (the Stripe sidebar's recorder); nothing is done for it when unset. */
  onRequest: ((r: RequestRecord) => void) | undefined;

  constructor(opts: ClientOptions) {
    const s = clientSettings(opts);
    this.apiKey = s.apiKey;
    this.mode = s.mode;
    this.baseUri = s.baseUri;
    this.filesUri = s.filesUri;
    this.apiVersion = s.apiVersion;
    this.stripeAccount = s.stripeAccount;
    this.timeoutMs = s.timeoutMs;
    this.maxRetries = s.maxRetries;
    this.limiter = opts.limiter ? opts.limiter(s.rate, s.mode, s.stripeAccount) : new RateLimiter(s.rate);
    this.logging = s.logging;
    this.initialDelayMs = s.initialDelayMs;
    this.maxDelayMs = s.maxDelayMs;
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
    this.http = new Transport(this.agents);
  }

  /** Replaces every occurrence of the key in a text (defence in depth for anything we pass on). */
  redact(text: string): string {
    const t = this.meterEvents ? this.meterEvents.redact(text) : text;
    return redactKeys(t.includes(this.apiKey) ? t.split(this.apiKey).join('sk_***') : t);
  }

  /** redact, bound once (it is handed to every request's errors and log lines). */
  private readonly redactBound = (text: string): string => this.redact(text);

  /** Frees the client's sockets; in-flight requests are stopped by their own signals. */
  close(): void {
    this.limiter.close();
    this.closing.abort();
    this.meterEvents?.close();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** The full URL a request goes to (what send() uses). */
  urlFor(req: PreparedRequest): string {
    return requestUrl(this.baseUri, this.filesUri, req);
  }

  /** The headers of every attempt of a request (the idempotency key stays the same across retries). */
  private headersFor(req: PreparedRequest, account: string | undefined, idempotencyKey: string | undefined) {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.apiKey}`,
      'User-Agent': `node-red-contrib-stripe/${PACKAGE_VERSION}`,
      Accept: 'application/json',
    };
    if (this.apiVersion) headers['Stripe-Version'] = this.apiVersion;
    if (account) headers['Stripe-Account'] = account;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    if (req.contentType) headers['Content-Type'] = req.contentType;
    return headers;
  }

  /** Sends a prepared request, retrying what may be retried; resolves with a 2xx answer, else rejects with a StripeError. */
  async send(req: PreparedRequest, opts: SendOptions = {}): Promise<StripeResponse> {
    const listener = this.onRequest;
    if (!listener) return this.sendRequest(req, opts);
    const at = Date.now();
    const seen: Seen = { retries: 0, throttled: 0, status: 0 };
    const told = (error?: RequestRecord['error']): void => {
      try {
        const r: RequestRecord = {
          at,
          ms: Date.now() - at,
          source: opts.source,
          operation: opts.operation,
          method: req.method,
          path: req.path,
          status: seen.status,
          retries: seen.retries,
          throttled: seen.throttled,
          requestId: seen.requestId,
          idempotencyKey: seen.idempotencyKey,
          params: typeof req.body === 'string' && req.body ? this.redact(req.body.slice(0, 2048)) : undefined,
        };
        if (error) r.error = error;
        listener(r);
      } catch {
        /* a listener never breaks a request */
      }
    };
    try {
      const res = await this.sendRequest(req, opts, seen);
      told();
      return res;
    } catch (err) {
      const e = err as StripeError;
      const f = (e?.fields ?? {}) as { type?: string; code?: string; message?: string };
      told({ type: f.type, code: f.code, message: this.redact(String(f.message ?? e?.message ?? err)) });
      throw err;
    }
  }

  private async sendRequest(req: PreparedRequest, opts: SendOptions, seen?: Seen): Promise<StripeResponse> {
    const account = checkStripeAccount(opts.stripeAccount, 'message') ?? this.stripeAccount;
    const idempotencyKey = idempotencyKeyFor(req, opts.idempotencyKey);
    if (seen) seen.idempotencyKey = idempotencyKey;
    const headers = this.headersFor(req, account, idempotencyKey);
    const url = this.urlFor(req);
    const redact = this.redactBound;
    // The meter event stream: a session's token instead of the key, its own rate limit, one renewal on a 401.
    const stream = isMeterEventStream(req) ? this.meterEventSessions() : undefined;
    const limiter = stream ? stream.limiter : this.limiter;
    let token: string | undefined;
    let renewed = false;

    // Whether an earlier attempt may have acted without our knowing (no answer, an unreadable one, a 5xx).
    let unanswered = false;
    for (let attempt = 0; ; attempt++) {
      if (opts.signal?.aborted) throw abortedError();
      // A free turn is taken without a Promise; only a request that must wait awaits one.
      if (stream) headers.Authorization = `Bearer ${(token = await stream.token(account, opts.signal, opts.log))}`;
      const finish = limiter.tryTake() ?? (await limiter.take(opts.signal, opts.onQueued));
      const started = this.logging && opts.log ? Date.now() : 0;
      const a = await this.attempt(req, url, headers, opts.signal);
      finish();
      if (opts.signal?.aborted) {
        // Stopped while the request was on its way: it may have reached Stripe (an answer came, or the
        // transport wrote the request), and whoever keeps it must know.
        opts.onFailedAttempt?.(!!a.res || mayHaveReached(a, undefined));
        throw abortedError();
      }
      const requestId = header(a.res, 'request-id');
      if (seen) {
        seen.retries = attempt;
        seen.status = a.res?.status ?? 0;
        seen.requestId = requestId;
        if (a.res?.status === 429) seen.throttled++;
      }
      if (this.logging && opts.log) {
        const ms = Date.now() - started;
        const logPath = url.replace(/^https?:\/\/[^/]+/, '');
        opts.log(
          logLine(a, { method: req.method, logPath, attempt, maxRetries: this.maxRetries, ms, requestId }, redact),
        );
      }
      let parsed: ParsedBody | undefined;
      if (a.res) {
        parsed = parseBody(a.res);
        if (a.res.status === 429) limiter.slowDown();
        if (a.res.status >= 200 && a.res.status < 300 && parsed.ok) {
          limiter.recover();
          return new Answered(a.res, parsed.body, requestId, idempotencyKey);
        }
      }
      const keyed = !!idempotencyKey;
      const error = scrubError(
        attemptError(a, {
          req,
          parsed,
          requestId,
          attempt,
          keyed,
          earlierUnanswered: unanswered,
          timeoutMs: this.timeoutMs,
          host: requestHost(this.baseUri, this.filesUri, req),
          redact,
        }),
        redact,
      );
      if (stream && token && !renewed && sessionRefused(a, parsed)) {
        // The session expired or was revoked: a new one, and this request once more (not counted as a retry).
        stream.refused(account, token);
        renewed = true;
        attempt--;
        continue;
      }
      if (!a.res || !parsed?.ok || a.res.status >= 500) unanswered = true;
      opts.onFailedAttempt?.(mayHaveReached(a, parsed));
      const retry = shouldRetry(req, a, parsed, keyed);
      if (!retry || attempt >= this.maxRetries) throw error;
      opts.onRetry?.(attempt + 1, this.maxRetries, error.reason, error);
      await sleep(retryDelay(attempt, a.res, this), opts.signal);
    }
  }

  /** The client's meter event sessions, made at the first stream request; a session is made through send(). */
  private meterEventSessions(): MeterEventSessions {
    if (!this.meterEvents) {
      this.meterEvents = new MeterEventSessions(async (stripeAccount, log) => {
        const res = await this.send(sessionRequest(), { stripeAccount, signal: this.closing.signal, log });
        return res.body;
      });
    }
    return this.meterEvents;
  }

  private attempt(
    req: PreparedRequest,
    url: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Attempt> {
    return this.http
      .request({ method: req.method, url, headers, body: req.body, signal, timeoutMs: this.timeoutMs })
      .then(
        (res) => ({ res }),
        (err: unknown) => ({ err, timedOut: errorCode(err) === TIMEOUT_CODE }),
      );
  }
}

/** A 2xx as send() resolves it; its headers are copied as strings only if someone reads them. */
class Answered implements StripeResponse {
  readonly statusCode: number;
  private copied: Record<string, string> | undefined;
  constructor(
    private readonly res: HttpAnswer,
    readonly body: unknown,
    readonly requestId: string | undefined,
    readonly idempotencyKey: string | undefined,
  ) {
    this.statusCode = res.status;
  }

  get headers(): Record<string, string> {
    return (this.copied ??= Object.fromEntries(Object.entries(this.res.headers ?? {}).map(([k, v]) => [k, String(v)])));
  }

  toJSON(): StripeResponse {
    const { statusCode, body, requestId, idempotencyKey, headers } = this;
    return { statusCode, body, requestId, idempotencyKey, headers };
  }
}

/** A stream answer that says the session's token is no longer good: a 401, or Stripe's temporary_session_expired. */
function sessionRefused(a: Attempt, parsed: ParsedBody | undefined): boolean {
  if (!a.res) return false;
  if (a.res.status === 401) return true;
  const e = parsed?.ok ? (parsed.body as { error?: { type?: unknown; code?: unknown } } | null)?.error : undefined;
  return !!e && (e.type === 'temporary_session_expired' || e.code === 'temporary_session_expired');
}
