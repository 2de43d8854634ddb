/** Idempotency keys: which requests carry one, and the message's own key checked. */
import { randomUUID } from 'crypto';
import { StripeError, inputError } from './errors';
import type { PreparedRequest } from './request';

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

export function checkIdempotencyKey(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const bad = (text: string): StripeError => inputError(text, 'idempotencyKey', 'bad msg.idempotencyKey');
  if (typeof v !== 'string') throw bad(`msg.idempotencyKey must be a string, not ${typeof v}`);
  if (v.length > 255) throw bad(`msg.idempotencyKey is ${v.length} characters; Stripe allows at most 255`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v))
    throw bad('msg.idempotencyKey must not contain control characters (CR, LF, ...)');
  // An HTTP header carries bytes: other characters would be dropped or altered on the way, and two
  // keys differing only in them would become one (Stripe would then replay the first answer).
  if (/[^\x20-\x7e]/.test(v)) {
    throw bad('msg.idempotencyKey must be printable ASCII (letters, digits, punctuation, spaces)');
  }
  return v;
}
