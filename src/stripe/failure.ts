/** A failed attempt told as a StripeError: no answer (which failure, in words), an unreadable answer, or Stripe's error. */
import { Attempt, ParsedBody, errorCode } from './answer';
import { StripeError, fromResponse, oneLine } from './errors';
import type { PreparedRequest } from './request';
import { TLS_CODES } from './retry';

/** A failure without an answer, told in words: what the status shows and what the message says. */
function describeFailure(code: string, host: string): { reason: string; text: (what: string) => string } {
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_')) {
    return {
      reason: 'certificate problem',
      text: (w) =>
        `The TLS certificate of ${host} was not accepted for ${w} (${code}): check the base URI, the clock and the CA certificates`,
    };
  }
  switch (code) {
    case 'ECONNREFUSED':
      return {
        reason: 'connection refused',
        text: (w) => `Could not connect to ${host} for ${w} (connection refused)`,
      };
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return {
        reason: 'host not found',
        text: (w) => `Could not find the host ${host} for ${w} (DNS lookup failed: ${code})`,
      };
    case 'ECONNRESET':
    case 'EPIPE':
      return {
        reason: 'connection closed',
        text: (w) => `The connection to ${host} closed before Stripe answered ${w} (${code})`,
      };
    case 'ERR_RESPONSE_TOO_LARGE':
      return {
        reason: 'answer too large',
        text: (w) => `The answer to ${w} from ${host} was larger than 64 MB and was not read`,
      };
    case 'ERR_BAD_RESPONSE':
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return {
        reason: 'answer cut off',
        text: (w) => `Stripe's answer to ${w} was cut off: the connection closed mid-answer (${code})`,
      };
    case 'ETIMEDOUT':
    case 'ERR_SOCKET_CONNECTION_TIMEOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return { reason: 'network unreachable', text: (w) => `Could not reach ${host} for ${w} (${code})` };
    default:
      return {
        reason: 'connection failed',
        text: (w) => `Could not reach ${host} for ${w}${code ? ` (${code})` : ''}`,
      };
  }
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

/** The error for an attempt without an answer. */
function unansweredError(a: Attempt, c: FailureContext, tries: string): StripeError {
  const { req } = c;
  if (a.timedOut) {
    return new StripeError(
      'connection',
      `Stripe did not answer ${req.method} ${req.path} within ${c.timeoutMs / 1000} s${tries}`,
      { type: 'api_connection_error', code: 'timeout' },
      'timeout',
    );
  }
  const code = errorCode(a.err);
  const detail = code
    ? ''
    : `: ${c.redact(oneLine(a.err instanceof Error ? a.err.message : String(a.err))).slice(0, 120)}`;
  const what = describeFailure(code, c.host);
  return new StripeError(
    'connection',
    `${what.text(`${req.method} ${req.path}`)}${detail}${tries}`,
    { type: 'api_connection_error', code: code || undefined },
    what.reason,
  );
}

/** The error a failed attempt ends with, if it is not retried. */
export function attemptError(a: Attempt, c: FailureContext): StripeError {
  const { req, parsed, requestId } = c;
  const tries = c.attempt ? ` after ${c.attempt + 1} attempts` : '';
  if (!a.res) return unansweredError(a, c, tries);
  const status = a.res.status;
  if (parsed && !parsed.ok) {
    const unsafe = status >= 200 && status < 300 && req.method !== 'GET' && !c.keyed;
    const outcome = unsafe
      ? `; the ${req.method} may have happened: the outcome is unknown, check in Stripe before sending it again`
      : '';
    return new StripeError(
      'response',
      `Stripe answered ${req.method} ${req.path} with HTTP ${status} and ${parsed.why}${tries}${outcome}`,
      { type: 'api_error', statusCode: status, requestId },
      unsafe ? 'outcome unknown' : `HTTP ${status}, unreadable`,
    );
  }
  const err = fromResponse(status, parsed?.body, requestId);
  // A DELETE retried after an attempt that got no answer: "no such object" may mean that attempt deleted it.
  const gone =
    req.method === 'DELETE' && status === 404 && c.earlierUnanswered
      ? '; an earlier attempt got no answer and may have deleted it'
      : '';
  if (tries || gone) return new StripeError(err.kind, `${err.message}${tries}${gone}`, err.fields, err.reason);
  return err;
}
