/** Idempotency keys: which requests carry one, and the message's own key checked. */
import { randomUUID } from 'crypto';
import { StripeError, inputError } from '../common/errors';
import type { PreparedRequest } from './request';
import { Text, text } from '../common/texts';

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

/** A key that passes every check below: 1 to 255 printable ASCII characters (a UUID, as we make them). */
const PLAIN_KEY = /^[\x20-\x7e]{1,255}$/;

export function checkIdempotencyKey(v: unknown): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  // The usual key, in one test (the client checks a node's key again as it sends); the others say what is wrong.
  if (typeof v === 'string' && PLAIN_KEY.test(v)) return v;
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
