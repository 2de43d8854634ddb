/** A failed attempt told as a StripeError: no answer (which failure, in words), an unreadable answer, or Stripe's error. */
import { Attempt, ParsedBody, errorCode } from './answer';
import { StripeError, fromResponse, oneLine } from '../common/errors';
import type { PreparedRequest } from '../requests/request';
import { TLS_CODES } from './retry';
import { Text, text } from '../common/texts';

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

/** Failures that come before a connection exists: the request cannot have reached the server. */
const BEFORE_CONNECTION = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_INVALID_URL',
]);

/**
 * Whether a failed attempt may have reached Stripe and been acted on: a request that was written
 * with no answer (reset, cut off, timed out), an unreadable answer or a 5xx. Not: a connection that
 * was refused or never made (an unknown host, no route, a bad certificate), a request that was not
 * written whole, a 409 or 429 (Stripe says it did not act) or any other answer.
 */
export function mayHaveReached(a: Attempt, parsed: ParsedBody | undefined): boolean {
  if (a.res) return a.res.status >= 500 || !parsed?.ok;
  const code = errorCode(a.err);
  if (BEFORE_CONNECTION.has(code) || TLS_CODES.has(code) || code.startsWith('ERR_SSL_')) return false;
  // The direct transport knows whether the request was written; through a proxy it is not known.
  return (a.err as { written?: boolean } | undefined)?.written !== false;
}

/** What toAttemptError needs to know besides the attempt. */
export interface FailureContext {
  req: PreparedRequest;
  parsed: ParsedBody | undefined;
  requestId: string | undefined;
  /** 0 for the first attempt. */
  attempt: number;
  /** The request carries an idempotency key. */
  keyed: boolean;
  /** An earlier attempt got no answer (it may have acted). */
  earlierUnanswered: boolean;
  timeoutMs: number;
  /** The host the request went to, for messages. */
  host: string;
  redact: (text: string) => string;
}

/** The error for an attempt without an answer; `tries` says after how many attempts, if more than one. */
function unansweredError(a: Attempt, c: FailureContext, tries: Text[]): StripeError {
  const request = `${c.req.method} ${c.req.path}`;
  if (a.timedOut) {
    return new StripeError(
      'connection',
      text('errors.timeout', { request, seconds: c.timeoutMs / 1000 }),
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
          detail: c.redact(oneLine(a.err instanceof Error ? a.err.message : String(a.err))).slice(0, 120),
        }),
      ];
  const what = describeFailure(code, c.host, request);
  return new StripeError(
    'connection',
    what.said,
    { type: 'api_connection_error', code: code || undefined },
    what.reason,
    [...detail, ...tries],
  );
}

/** The error a failed attempt ends with, if it is not retried. */
export function attemptError(a: Attempt, c: FailureContext): StripeError {
  const { req, parsed, requestId } = c;
  const tries = c.attempt ? [text('errors.afterAttempts', { attempts: c.attempt + 1 })] : [];
  if (!a.res) return unansweredError(a, c, tries);
  const status = a.res.status;
  if (parsed && !parsed.ok) {
    const unsafe = status >= 200 && status < 300 && req.method !== 'GET' && !c.keyed;
    const outcome = unsafe ? [text('errors.outcomeUnknown', { method: req.method })] : [];
    return new StripeError(
      'response',
      text(parsed.why, { request: `${req.method} ${req.path}`, statusCode: status, bytes: a.res.data.length }),
      { type: 'api_error', statusCode: status, requestId },
      unsafe ? text('status.outcomeUnknown') : text('status.unreadable', { statusCode: status }),
      [...tries, ...outcome],
    );
  }
  const err = fromResponse(status, parsed?.body, requestId);
  // A DELETE retried after an attempt that got no answer: "no such object" may mean that attempt deleted it.
  const gone = req.method === 'DELETE' && status === 404 && c.earlierUnanswered ? [text('errors.maybeDeleted')] : [];
  return tries.length || gone.length ? err.withNotes(...tries, ...gone) : err;
}
