/** Keeping the API key out of what the client passes on: errors and log lines. */
import { Attempt, errorCode } from './answer';
import { StripeError, StripeErrorFields } from '../common/errors';
import { Text, text } from '../common/texts';

/** A copy of a parsed JSON value with every string (and key) redacted; the same value when nothing changed. */
export function redactDeep(v: unknown, redact: (t: string) => string, depth = 0): unknown {
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

/** The error with the key taken out of its texts (a server or proxy may echo it back). */
export function scrubError(err: StripeError, redact: (t: string) => string): StripeError {
  // Every field: a server or proxy may echo the key in any of them (message, param, code, raw, ...).
  const fields = redactDeep(err.fields, redact) as StripeErrorFields;
  const message = redact(err.message);
  if (message === err.message && fields === err.fields) return err;
  // The texts' parameters too: the runtime words them in its language.
  const clean = (t: Text): Text => text(t.code, redactDeep(t.params, redact) as Text['params']);
  return new StripeError(
    err.kind,
    err.said ? clean(err.said) : message,
    fields,
    err.reasonText ? clean(err.reasonText) : redact(err.reason),
    err.notes.map(clean),
  );
}

/** What one log line says of an attempt. */
export interface LoggedAttempt {
  method: string;
  /** The path and query, without the host. */
  logPath: string;
  attempt: number;
  maxRetries: number;
  ms: number;
  requestId?: string;
}

/** The request log line of one attempt: method, path, outcome, duration, request id; redacted. */
export function logLine(a: Attempt, l: LoggedAttempt, redact: (t: string) => string): string {
  const outcome = a.res ? `${a.res.status}` : a.timedOut ? 'timeout' : `failed (${errorCode(a.err)})`;
  return redact(
    `${l.method} ${l.logPath} -> ${outcome} in ${l.ms} ms` +
      `${l.requestId ? ` ${l.requestId}` : ''}${l.attempt ? ` (retry ${l.attempt}/${l.maxRetries})` : ''}`,
  );
}
