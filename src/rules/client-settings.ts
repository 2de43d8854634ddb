/**
 * The stripe-client's other settings: API version, connected account, and the number fields. A
 * number field left empty (undefined, null or '') means its default; anything else goes through
 * Number(), as the editor's text field and a flow file's number alike.
 */
import { Checked, accept, refuse } from './problem';
import { asText } from './text';

export const DEFAULT_TIMEOUT_SECONDS = 80;
export const MAX_TIMEOUT_SECONDS = 3600;
export const DEFAULT_MAX_RETRIES = 2;
export const MAX_RETRIES = 10;
/** 0 means automatic (see automaticRate). */
export const DEFAULT_RATE_LIMIT = 0;
export const MAX_RATE_LIMIT = 10000;

export type NumberSetting = 'timeout' | 'maxRetries' | 'rateLimit';

const isEmpty = (v: unknown): boolean => v === undefined || v === null || v === '';

/** Seconds per attempt: more than 0, at most an hour (fractions allowed). */
export function checkTimeout(v: unknown): Checked<number> {
  const n = isEmpty(v) ? DEFAULT_TIMEOUT_SECONDS : Number(v);
  return n > 0 && n <= MAX_TIMEOUT_SECONDS ? accept(n) : refuse('timeout');
}

/** Retries after the first attempt: a whole number up to 10. */
export function checkMaxRetries(v: unknown): Checked<number> {
  const n = isEmpty(v) ? DEFAULT_MAX_RETRIES : Number(v);
  return Number.isInteger(n) && n >= 0 && n <= MAX_RETRIES ? accept(n) : refuse('maxRetries');
}

/** Requests per second, 0 for automatic. */
export function checkRateLimit(v: unknown): Checked<number> {
  const n = isEmpty(v) ? DEFAULT_RATE_LIMIT : Number(v);
  return n >= 0 && n <= MAX_RATE_LIMIT ? accept(n) : refuse('rateLimit');
}

/** The number fields' checks by property name (the editor validates each field with its own). */
export const NUMBER_SETTINGS: Record<NumberSetting, (v: unknown) => Checked<number>> = {
  timeout: checkTimeout,
  maxRetries: checkMaxRetries,
  rateLimit: checkRateLimit,
};

/** Stripe-Version: empty (the account's default) or something like 2024-04-10; trimmed. */
export function checkApiVersion(v: unknown): Checked<string> {
  const s = asText(v).trim();
  return !s || /^[0-9A-Za-z.\-_]+$/.test(s) ? accept(s) : refuse('apiVersion');
}

/** A connected account id, from the client's setting or from msg.stripeAccount; empty means none. */
export function checkStripeAccount(v: unknown, from: 'setting' | 'message'): Checked<string | undefined> {
  if (isEmpty(v)) return accept(undefined);
  if (typeof v === 'string' && /^acct_[A-Za-z0-9]+$/.test(v)) return accept(v);
  return refuse(from === 'setting' ? 'stripeAccountSetting' : 'stripeAccountMessage');
}
