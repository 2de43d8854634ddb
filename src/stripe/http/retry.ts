/** Whether a failed attempt is tried again, and how long to wait first. */
import { Attempt, ParsedBody, errorCode, header } from './answer';
import type { PreparedRequest } from '../requests/request';
import type { HttpAnswer } from './transport';

/** The longest Retry-After we honour; a longer one is capped to this. */
export const MAX_RETRY_AFTER_MS = 60_000;

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
export const TLS_CODES = new Set([
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

/** Whether an attempt that failed may be tried again; `keyed`: the request carries an idempotency key. */
export function shouldRetry(req: PreparedRequest, a: Attempt, parsed: ParsedBody | undefined, keyed: boolean): boolean {
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

export interface Backoff {
  initialDelayMs: number;
  maxDelayMs: number;
}

/** The wait before retry `attempt + 1`: doubling with jitter, capped; a Retry-After is honoured up to MAX_RETRY_AFTER_MS. */
export function retryDelay(attempt: number, res: HttpAnswer | undefined, b: Backoff): number {
  const base = Math.min(b.initialDelayMs * 2 ** attempt, b.maxDelayMs);
  const jittered = Math.max(b.initialDelayMs / 2, base * (0.5 + Math.random() * 0.5));
  const after = header(res, 'retry-after');
  if (after !== undefined) {
    const secs = Number(after);
    const ms = Number.isFinite(secs) ? secs * 1000 : Date.parse(after) - Date.now();
    if (Number.isFinite(ms) && ms > 0) return Math.min(Math.max(ms, jittered), MAX_RETRY_AFTER_MS);
  }
  return jittered;
}
