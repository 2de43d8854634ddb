/**
 * One client per config node: authentication, Stripe's headers, the rate limit, timeouts, retries
 * with backoff, idempotency keys and request logging that never shows the key.
 */
import * as http from 'http';
import * as https from 'https';
import { randomUUID } from 'crypto';
import { StripeError, StripeErrorFields, configError, fromResponse, inputError, oneLine } from './errors';
import { abortedError, sleep } from './abort';
import { Text, text } from './texts';
import { RateLimiter, automaticRate } from './ratelimit';
import type { PreparedRequest } from './request';
import { encodeQuery } from './request';
import { HttpAnswer, TIMEOUT_CODE, Transport } from './transport';

export const PACKAGE_VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((require('../../package.json') as { version: unknown }).version);
  } catch {
    return '0.0.0';
  }
})();

export const DEFAULT_BASE_URI = 'https://api.stripe.com';
export const FILES_BASE_URI = 'https://files.stripe.com';
export const DEFAULT_TIMEOUT_SECONDS = 80;
export const DEFAULT_MAX_RETRIES = 2;
/** Backoff: first wait about this long, doubling, never longer than MAX_DELAY_MS (unless Retry-After says so). */
export const INITIAL_DELAY_MS = 500;
export const MAX_DELAY_MS = 5000;
/**
 * The backoff a new client uses when its options do not say. Not part of the node contract: tests
 * and benchmarks shorten it (a module-level setting, so a test can reach clients that Node-RED builds).
 */
export const retryDefaults = { initialDelayMs: INITIAL_DELAY_MS, maxDelayMs: MAX_DELAY_MS };
/** The longest Retry-After we honour; a longer one is capped to this. */
export const MAX_RETRY_AFTER_MS = 60_000;

export interface ClientOptions {
  apiKey: string;
  baseUri?: string;
  /** Stripe-Version; empty means the account's default. */
  apiVersion?: string;
  /** Connected account (`acct_...`) sent as Stripe-Account. */
  stripeAccount?: string;
  /** Seconds per attempt. */
  timeout?: number;
  maxRetries?: number;
  /** Requests per second; 0 = automatic (25 test mode, 100 live mode). */
  rateLimit?: number;
  /** Log requests (method, path, status, duration, request id) through SendOptions.log. */
  logging?: boolean;
  /** First retry wait in ms (doubling, with jitter); default retryDefaults.initialDelayMs (500). */
  initialDelayMs?: number;
  /** Longest retry wait in ms (Retry-After excepted); default retryDefaults.maxDelayMs (5000). */
  maxDelayMs?: number;
}

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
}

/**
 * Whether a request carries an Idempotency-Key, as stripe-node decides: every POST, and on /v2
 * endpoints every DELETE too. (Stripe ignores keys on GET and on v1 DELETE.)
 */
export function takesIdempotencyKey(req: Pick<PreparedRequest, 'method' | 'v2'>): boolean {
  return req.method === 'POST' || (!!req.v2 && req.method === 'DELETE');
}

/** The key a request is sent with: the message's own (checked), else a new one; none for a request that takes none. */
export function idempotencyKeyFor(req: Pick<PreparedRequest, 'method' | 'v2'>, given: unknown): string | undefined {
  if (!takesIdempotencyKey(req)) return undefined;
  return checkIdempotencyKey(given) ?? randomUUID();
}

export interface StripeResponse {
  statusCode: number;
  /** Parsed JSON, or a Buffer for binary answers such as PDFs. */
  body: unknown;
  requestId?: string;
  idempotencyKey?: string;
  headers: Record<string, string>;
}

/**
 * Anything shaped like a Stripe key, for texts that may hold one by mistake (a key pasted in the wrong
 * field): anywhere in a text, even glued to a word (`apikey_sk_live_...`), and whatever its length.
 */
const KEY_PATTERN = /(sk|rk|pk)_(test|live)_[A-Za-z0-9_]+/g;

/**
 * Replaces anything shaped like a Stripe key with `<prefix>_<mode>_***` (`sk_test_***`, `rk_live_***`):
 * the one redaction for the whole package (client logs and errors, the editor's admin routes).
 */
export function redactKeys(text: string): string {
  return text.replace(KEY_PATTERN, (_m, kind: string, mode: string) => `${kind}_${mode}_***`);
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** Checks a base URI: a URL, http(s), and plain http only to this machine. Returns it without a trailing slash. */
export function checkBaseUri(value: string | undefined): string {
  const raw = (value ?? '').trim() || DEFAULT_BASE_URI;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw configError(
      `Base URI "${redactKeys(oneLine(raw).slice(0, 100))}" is not a URL (expected e.g. ${DEFAULT_BASE_URI})`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw configError(`Base URI must use https (or http to this machine), not ${url.protocol.replace(':', '')}`);
  }
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw configError(`Base URI ${url.origin} uses plain http; only https is allowed except to localhost/127.0.0.1`);
  }
  if (url.username || url.password) throw configError('Base URI must not contain a user name or password');
  if (url.search || url.hash) throw configError('Base URI must not contain a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** Checks an API key: a secret (sk_) or restricted (rk_) key; never echoes it. */
export function checkApiKey(key: string | undefined): string {
  const k = (key ?? '').trim();
  if (!k)
    throw configError('No API key: set a secret key (sk_...) or restricted key (rk_...) in the stripe-client node');
  if (/^pk_/.test(k)) {
    throw configError(
      'The API key is a publishable key (pk_...): use a secret key (sk_...) or restricted key (rk_...)',
    );
  }
  if (!/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/.test(k)) {
    throw configError('The API key is not a Stripe secret (sk_test_/sk_live_) or restricted (rk_test_/rk_live_) key');
  }
  return k;
}

export function checkStripeAccount(v: unknown, where = 'stripeAccount'): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^acct_[A-Za-z0-9]+$/.test(v)) {
    throw inputError(
      `${where} must be a connected account id like acct_1A2b3C (letters and digits after acct_)`,
      where,
      `bad ${where.charAt(0).toLowerCase()}${where.slice(1)}`,
    );
  }
  return v;
}

export function checkIdempotencyKey(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const bad = (said: Text): StripeError =>
    inputError(said, 'idempotencyKey', text('status.bad', { where: 'msg.idempotencyKey' }));
  if (typeof v !== 'string') throw bad(text('errors.idempotencyKeyType', { type: typeof v }));
  if (v.length > 255) throw bad(text('errors.idempotencyKeyLength', { length: v.length }));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) throw bad(text('errors.idempotencyKeyControl'));
  // An HTTP header carries bytes: other characters would be dropped or altered on the way, and two
  // keys differing only in them would become one (Stripe would then replay the first answer).
  if (/[^\x20-\x7e]/.test(v)) {
    throw bad(text('errors.idempotencyKeyAscii'));
  }
  return v;
}

interface Attempt {
  res?: HttpAnswer;
  err?: unknown;
  timedOut?: boolean;
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
  'ERR_BAD_RESPONSE',
  'ERR_NETWORK',
]);

/** TLS failures (an expired or self-signed certificate, a captive portal): the same every time. */
const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const NEVER_RETRY_CODES = new Set([
  ...TLS_CODES,
  'ERR_INVALID_URL',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
  'ERR_HTTP_INVALID_HEADER_VALUE',
  'ERR_BAD_OPTION',
  'ERR_BAD_OPTION_VALUE',
  'ERR_NOT_SUPPORT',
  'ERR_FR_TOO_MANY_REDIRECTS',
  'ERR_DEPRECATED',
  'ERR_CANCELED',
  'ERR_RESPONSE_TOO_LARGE',
]);

/** A failure without an answer, told in words: what the status shows and what the message says. */
function describeFailure(code: string, host: string, request: string): { reason: Text; said: Text } {
  const of = (reason: string, said: string, errno = code): { reason: Text; said: Text } => ({
    reason: text(reason),
    said: text(said, { host, request, errno }),
  });
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_')) return of('status.certificate', 'errors.certificate');
  switch (code) {
    case 'ECONNREFUSED':
      return of('status.refused', 'errors.refused');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return of('status.hostNotFound', 'errors.hostNotFound');
    case 'ECONNRESET':
    case 'EPIPE':
      return of('status.connectionClosed', 'errors.connectionClosed');
    case 'ERR_RESPONSE_TOO_LARGE':
      return of('status.tooLarge', 'errors.tooLarge');
    case 'ERR_BAD_RESPONSE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return of('status.cutOff', 'errors.cutOff');
    case 'ETIMEDOUT':
    case 'ERR_SOCKET_CONNECTION_TIMEOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return of('status.unreachable', 'errors.unreachable');
    default:
      return of('status.connectionFailed', 'errors.connectionFailed', code ? ` (${code})` : '');
  }
}

function header(res: HttpAnswer | undefined, name: string): string | undefined {
  const v = res?.headers?.[name];
  return v === undefined || v === null ? undefined : String(v);
}

/** Parses an answer; a body that says JSON but is not (truncated, HTML) is a 'response' error. */
function parseBody(
  res: HttpAnswer,
): { ok: true; body: unknown } | { ok: false; why: 'errors.unreadableJson' | 'errors.htmlAnswer' } {
  const type = header(res, 'content-type') ?? '';
  const buf = res.data;
  const isJson = /json/i.test(type);
  // A body that looks like JSON is read as JSON whatever its label: some proxies and test servers
  // (stripe-stateful-mock's idempotent replays) send Stripe's JSON as text/html.
  const looksJson = /^\s*[{[]/.test(buf.subarray(0, 64).toString('latin1'));
  if (isJson || (looksJson && !/^(application\/pdf|image\/|application\/octet-stream)/i.test(type))) {
    try {
      return { ok: true, body: JSON.parse(buf.toString('utf8')) };
    } catch {
      if (isJson || !/html/i.test(type)) return { ok: false, why: 'errors.unreadableJson' };
    }
  }
  if (/html/i.test(type)) return { ok: false, why: 'errors.htmlAnswer' };
  return { ok: true, body: buf };
}

export class StripeClient {
  readonly baseUri: string;
  readonly filesUri: string;
  readonly apiVersion: string;
  readonly stripeAccount?: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly limiter: RateLimiter;
  readonly logging: boolean;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** 'test' or 'live', from the key. */
  readonly mode: 'test' | 'live';
  private readonly apiKey: string;
  private readonly http: Transport;
  private readonly agents: { http: http.Agent; https: https.Agent };

  constructor(opts: ClientOptions) {
    this.apiKey = checkApiKey(opts.apiKey);
    this.mode = /_live_/.test(this.apiKey) ? 'live' : 'test';
    this.baseUri = checkBaseUri(opts.baseUri);
    this.filesUri = this.baseUri === DEFAULT_BASE_URI ? FILES_BASE_URI : this.baseUri;
    this.apiVersion = (opts.apiVersion ?? '').trim();
    if (this.apiVersion && !/^[0-9A-Za-z.\-_]+$/.test(this.apiVersion)) {
      throw configError('API version must look like 2024-04-10 (letters, digits, dots and dashes)');
    }
    this.stripeAccount = checkStripeAccount(opts.stripeAccount, 'Connected account');
    const timeout = Number(opts.timeout ?? DEFAULT_TIMEOUT_SECONDS);
    if (!(timeout > 0) || timeout > 3600)
      throw configError('Timeout must be a number of seconds, more than 0 and at most 3600');
    this.timeoutMs = Math.round(timeout * 1000);
    const retries = Number(opts.maxRetries ?? DEFAULT_MAX_RETRIES);
    if (!Number.isInteger(retries) || retries < 0 || retries > 10)
      throw configError('Retries must be a whole number from 0 to 10');
    this.maxRetries = retries;
    const rate = Number(opts.rateLimit ?? 0);
    if (!(rate >= 0) || rate > 10000)
      throw configError('Rate limit must be a number of requests per second, 0 for automatic');
    this.limiter = new RateLimiter(rate > 0 ? rate : automaticRate(this.apiKey));
    this.logging = !!opts.logging;
    this.initialDelayMs = Math.max(0, Number(opts.initialDelayMs ?? retryDefaults.initialDelayMs) || 0);
    this.maxDelayMs = Math.max(this.initialDelayMs, Number(opts.maxDelayMs ?? retryDefaults.maxDelayMs) || 0);
    this.agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
    this.http = new Transport(this.agents);
  }

  /** Replaces every occurrence of the key in a text (defence in depth for anything we pass on). */
  redact(text: string): string {
    return redactKeys(text.split(this.apiKey).join('sk_***'));
  }

  /** The error with the key taken out of its texts (a server or proxy may echo it back). */
  private scrub(err: StripeError): StripeError {
    // Every field: a server or proxy may echo the key in any of them (message, param, code, raw, ...).
    const redact = (t: string): string => this.redact(t);
    const fields = redactDeep(err.fields, redact) as StripeErrorFields;
    const message = this.redact(err.message);
    if (message === err.message && fields === err.fields) return err;
    // The texts' parameters too: the runtime words them in its language.
    const clean = (t: Text): Text => text(t.code, redactDeep(t.params, redact) as Text['params']);
    return new StripeError(
      err.kind,
      err.said ? clean(err.said) : message,
      fields,
      err.reasonText ? clean(err.reasonText) : this.redact(err.reason),
      err.notes.map(clean),
    );
  }

  /** Frees the client's sockets; in-flight requests are stopped by their own signals. */
  close(): void {
    this.limiter.close();
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  /** The host a request goes to, for messages (never carries credentials: checkBaseUri refuses them). */
  private hostOf(req: PreparedRequest): string {
    try {
      return new URL(this.urlFor({ ...req, query: {} })).host;
    } catch {
      return 'Stripe';
    }
  }

  /**
   * The full URL a request goes to (what send() uses): uploads and PDFs go to files.stripe.com when
   * the base URI is Stripe's own, everything else (and everything with a custom base URI) to the base URI.
   */
  urlFor(req: PreparedRequest): string {
    const origin = req.server
      ? this.baseUri === DEFAULT_BASE_URI
        ? req.server.replace(/\/+$/, '')
        : this.filesUri
      : this.baseUri;
    const query = req.rawQuery ?? encodeQuery(req.query);
    return `${origin}${req.path}${query ? `?${query}` : ''}`;
  }

  /** Sends a prepared request, retrying what may be retried; resolves with a 2xx answer, else rejects with a StripeError. */
  async send(req: PreparedRequest, opts: SendOptions = {}): Promise<StripeResponse> {
    const account = checkStripeAccount(opts.stripeAccount, 'msg.stripeAccount') ?? this.stripeAccount;
    const idempotencyKey = idempotencyKeyFor(req, opts.idempotencyKey);
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.apiKey}`,
      'User-Agent': `node-red-contrib-stripe/${PACKAGE_VERSION}`,
      Accept: 'application/json',
    };
    if (this.apiVersion) headers['Stripe-Version'] = this.apiVersion;
    if (account) headers['Stripe-Account'] = account;
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    if (req.contentType) headers['Content-Type'] = req.contentType;
    const url = this.urlFor(req);
    const logPath = url.replace(/^https?:\/\/[^/]+/, '');

    // Whether an earlier attempt may have acted without our knowing (no answer, an unreadable one, a 5xx).
    let unanswered = false;
    for (let attempt = 0; ; attempt++) {
      if (opts.signal?.aborted) throw abortedError();
      // A free turn is taken without a Promise; only a request that must wait awaits one.
      const finish = this.limiter.tryTake() ?? (await this.limiter.take(opts.signal, opts.onQueued));
      const started = Date.now();
      const a = await this.attempt(req, url, headers, opts.signal);
      finish();
      if (opts.signal?.aborted) throw abortedError();
      const requestId = header(a.res, 'request-id');
      if (this.logging && opts.log) {
        const outcome = a.res ? `${a.res.status}` : a.timedOut ? 'timeout' : `failed (${errorCode(a.err)})`;
        opts.log(
          this.redact(
            `${req.method} ${logPath} -> ${outcome} in ${Date.now() - started} ms` +
              `${requestId ? ` ${requestId}` : ''}${attempt ? ` (retry ${attempt}/${this.maxRetries})` : ''}`,
          ),
        );
      }
      let parsed: ReturnType<typeof parseBody> | undefined;
      if (a.res) {
        parsed = parseBody(a.res);
        if (a.res.status === 429) this.limiter.slowDown();
        if (a.res.status >= 200 && a.res.status < 300 && parsed.ok) {
          this.limiter.recover();
          return {
            statusCode: a.res.status,
            body: parsed.body,
            requestId,
            idempotencyKey,
            headers: Object.fromEntries(Object.entries(a.res.headers ?? {}).map(([k, v]) => [k, String(v)])),
          };
        }
      }
      const error = this.scrub(this.toError(req, a, parsed, requestId, attempt, !!idempotencyKey, unanswered));
      if (!a.res || !parsed?.ok || a.res.status >= 500) unanswered = true;
      const retry = this.shouldRetry(req, a, parsed, !!idempotencyKey);
      if (!retry || attempt >= this.maxRetries) throw error;
      opts.onRetry?.(attempt + 1, this.maxRetries, error.reason, error);
      await sleep(this.delay(attempt, a.res), opts.signal);
    }
  }

  private async attempt(
    req: PreparedRequest,
    url: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Attempt> {
    try {
      return {
        res: await this.http.request({
          method: req.method,
          url,
          headers,
          body: req.body,
          signal,
          timeoutMs: this.timeoutMs,
        }),
      };
    } catch (err) {
      return { err, timedOut: errorCode(err) === TIMEOUT_CODE };
    }
  }

  private shouldRetry(
    req: PreparedRequest,
    a: Attempt,
    parsed: ReturnType<typeof parseBody> | undefined,
    keyed: boolean,
  ): boolean {
    if (!a.res) {
      if (a.timedOut || RETRYABLE_CODES.has(errorCode(a.err))) return true;
      // A mistake in the request itself (a bad URL or header) fails the same way every time.
      const code = errorCode(a.err);
      if (NEVER_RETRY_CODES.has(code) || code.startsWith('ERR_SSL_')) return false;
      return true;
    }
    const should = header(a.res, 'stripe-should-retry');
    if (should === 'true') return true;
    if (should === 'false') return false;
    const s = a.res.status;
    if (s === 409 || s === 429 || s >= 500) return true;
    // A 2xx whose body could not be read: the request may have acted. Asking again is safe for a
    // read, or with the same idempotency key (Stripe replays its answer); a DELETE without a key
    // would only learn that the object is gone.
    return s >= 200 && s < 300 && !!parsed && !parsed.ok && (req.method === 'GET' || keyed);
  }

  private delay(attempt: number, res?: HttpAnswer): number {
    const base = Math.min(this.initialDelayMs * 2 ** attempt, this.maxDelayMs);
    const jittered = Math.max(this.initialDelayMs / 2, base * (0.5 + Math.random() * 0.5));
    const after = header(res, 'retry-after');
    if (after !== undefined) {
      const secs = Number(after);
      const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(after) - Date.now();
      if (Number.isFinite(ms) && ms > 0) return Math.min(Math.max(ms, jittered), MAX_RETRY_AFTER_MS);
    }
    return jittered;
  }

  private toError(
    req: PreparedRequest,
    a: Attempt,
    parsed: ReturnType<typeof parseBody> | undefined,
    requestId: string | undefined,
    attempt: number,
    keyed: boolean,
    earlierUnanswered: boolean,
  ): StripeError {
    const tries = attempt ? [text('errors.afterAttempts', { attempts: attempt + 1 })] : [];
    const request = `${req.method} ${req.path}`;
    if (!a.res) {
      if (a.timedOut) {
        return new StripeError(
          'connection',
          text('errors.timeout', { request, seconds: this.timeoutMs / 1000 }),
          { type: 'api_connection_error', code: 'timeout' },
          text('status.timeout'),
          tries,
        );
      }
      const code = errorCode(a.err);
      const detail = code
        ? []
        : [
            text('errors.causeDetail', {
              detail: this.redact(oneLine(a.err instanceof Error ? a.err.message : String(a.err))).slice(0, 120),
            }),
          ];
      const what = describeFailure(code, this.hostOf(req), request);
      return new StripeError(
        'connection',
        what.said,
        { type: 'api_connection_error', code: code || undefined },
        what.reason,
        [...detail, ...tries],
      );
    }
    const status = a.res.status;
    if (parsed && !parsed.ok) {
      const unsafe = status >= 200 && status < 300 && req.method !== 'GET' && !keyed;
      const outcome = unsafe ? [text('errors.outcomeUnknown', { method: req.method })] : [];
      return new StripeError(
        'response',
        text(parsed.why, { request, statusCode: status, bytes: a.res.data.length }),
        { type: 'api_error', statusCode: status, requestId },
        unsafe ? text('status.outcomeUnknown') : text('status.unreadable', { statusCode: status }),
        [...tries, ...outcome],
      );
    }
    const err = fromResponse(status, parsed?.body, requestId);
    // A DELETE retried after an attempt that got no answer: "no such object" may mean that attempt deleted it.
    const gone = req.method === 'DELETE' && status === 404 && earlierUnanswered ? [text('errors.maybeDeleted')] : [];
    return tries.length || gone.length ? err.withNotes(...tries, ...gone) : err;
  }
}

/** A copy of a parsed JSON value with every string (and key) redacted; the same value when nothing changed. */
function redactDeep(v: unknown, redact: (t: string) => string, depth = 0): unknown {
  if (typeof v === 'string') return redact(v);
  if (v === null || typeof v !== 'object' || depth > 50) return v;
  let changed = false;
  const out: Record<string, unknown> | unknown[] = Array.isArray(v) ? [] : {};
  for (const [k, x] of Object.entries(v)) {
    const key = redact(k);
    const y = redactDeep(x, redact, depth + 1);
    if (key !== k || y !== x) changed = true;
    (out as Record<string, unknown>)[key] = y;
  }
  return changed ? out : v;
}

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}
