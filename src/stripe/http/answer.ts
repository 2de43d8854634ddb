/** One attempt's outcome as the client reads it: the answer (or the failure), its headers and its body. */
import type { HttpAnswer } from './transport';

export interface Attempt {
  res?: HttpAnswer;
  err?: unknown;
  timedOut?: boolean;
}

/** A body that could not be read: `why` is the key of the message in the stripe-client catalog. */
export type ParsedBody =
  { ok: true; body: unknown } | { ok: false; why: 'errors.unreadableJson' | 'errors.htmlAnswer' };

export function header(res: HttpAnswer | undefined, name: string): string | undefined {
  const v = res?.headers?.[name];
  return v === undefined || v === null ? undefined : String(v);
}

/** The code of a failure without an answer (ECONNRESET, ...), '' when it has none. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}

/** Parses an answer; a body that says JSON but is not (truncated, HTML) is a 'response' error. */
export function parseBody(res: HttpAnswer): ParsedBody {
  const type = header(res, 'content-type') ?? '';
  const buf = res.data;
  const isJson = /json/i.test(type);
  // A body that looks like JSON is read as JSON whatever its label: some proxies and test servers
  // (stripe-stateful-mock's idempotent replays) send Stripe's JSON as text/html.
  const looksJson = (): boolean => /^\s*[{[]/.test(buf.subarray(0, 64).toString('latin1'));
  if (isJson || (looksJson() && !/^(application\/pdf|image\/|application\/octet-stream)/i.test(type))) {
    try {
      return { ok: true, body: JSON.parse(buf.toString('utf8')) };
    } catch {
      if (isJson || !/html/i.test(type)) return { ok: false, why: 'errors.unreadableJson' };
    }
  }
  if (/html/i.test(type)) return { ok: false, why: 'errors.htmlAnswer' };
  return { ok: true, body: buf };
}
