/**
 * A client's settings, checked by the rules (src/rules) and resolved once: what the constructor of
 * StripeClient keeps. A refusal is thrown as a config error coded with the rule's key.
 */
import type { Limiter } from './ratelimit';
import {
  DEFAULT_BASE_URI,
  FILES_BASE_URI,
  automaticRate,
  checkApiKey as apiKeyRule,
  checkApiVersion,
  checkBaseUri as baseUriRule,
  checkMaxRetries,
  checkRateLimit,
  checkStripeAccount as stripeAccountRule,
  checkTimeout,
  classifyKey,
} from '../../rules';
import { inputProblem, settingValue } from '../common/problems';
import { text } from '../common/texts';

export {
  DEFAULT_BASE_URI,
  FILES_BASE_URI,
  DEFAULT_TIMEOUT_SECONDS,
  DEFAULT_MAX_RETRIES,
  TEST_MODE_RATE,
  LIVE_MODE_RATE,
} from '../../rules';

/** Backoff: first wait about this long, doubling, never longer than MAX_DELAY_MS (unless Retry-After says so). */
export const INITIAL_DELAY_MS = 500;
export const MAX_DELAY_MS = 5000;

export interface ClientOptions {
  apiKey: string;
  baseUri?: string;
  /** Stripe-Version; empty means the account's default. */
  apiVersion?: string;
  /** Connected account (`acct_...`) sent as Stripe-Account. */
  stripeAccount?: string;
  /** Seconds per attempt; empty (undefined, null, '') means the default, as in the editor's field. */
  timeout?: number | string | null;
  maxRetries?: number | string | null;
  /** Requests per second; 0 = automatic (25 test mode, 100 live mode). */
  rateLimit?: number | string | null;
  /** Log requests (method, path, status, duration, request id) through SendOptions.log. */
  logging?: boolean;
  /** First retry wait in ms (doubling, with jitter); default INITIAL_DELAY_MS. Tests and benchmarks shorten it. */
  initialDelayMs?: number;
  /** Longest retry wait in ms (Retry-After excepted); default MAX_DELAY_MS. */
  maxDelayMs?: number;
  /**
   * The rate limit to use instead of this process's own (a fleet's shared budget): given the rate in
   * force, the key's mode and the connected account, if any.
   */
  limiter?: (rate: number, mode: 'test' | 'live', stripeAccount: string | undefined) => Limiter;
}

export interface ClientSettings {
  apiKey: string;
  mode: 'test' | 'live';
  baseUri: string;
  filesUri: string;
  apiVersion: string;
  stripeAccount?: string;
  timeoutMs: number;
  maxRetries: number;
  /** Requests per second in force: the setting, or the key's automatic rate. */
  rate: number;
  logging: boolean;
  initialDelayMs: number;
  maxDelayMs: number;
}

/** Checks a base URI (see src/rules); returns it without a trailing slash, or throws a config error. */
export const checkBaseUri = (value: string | undefined): string => settingValue(baseUriRule(value));

/** Checks an API key: a secret (sk_) or restricted (rk_) key; never echoes it. */
export const checkApiKey = (key: string | undefined): string => settingValue(apiKeyRule(key));

/** Checks a connected account id from the client's setting or from msg.stripeAccount; undefined for none. */
export function checkStripeAccount(v: unknown, from: 'setting' | 'message'): string | undefined {
  const checked = stripeAccountRule(v, from);
  if (checked.ok) return checked.value;
  const where = from === 'setting' ? 'Connected account' : 'msg.stripeAccount';
  const reason = from === 'setting' ? text('status.badAccount') : text('status.bad', { where: 'msg.stripeAccount' });
  throw inputProblem(checked.problem, where, reason);
}

/** Every setting of a new client, checked (the first refusal is thrown). */
export function clientSettings(opts: ClientOptions): ClientSettings {
  const apiKey = checkApiKey(opts.apiKey);
  const baseUri = checkBaseUri(opts.baseUri);
  const apiVersion = settingValue(checkApiVersion(opts.apiVersion));
  const stripeAccount = checkStripeAccount(opts.stripeAccount, 'setting');
  const timeout = settingValue(checkTimeout(opts.timeout));
  const maxRetries = settingValue(checkMaxRetries(opts.maxRetries));
  const rate = settingValue(checkRateLimit(opts.rateLimit));
  const initialDelayMs = Math.max(0, Number(opts.initialDelayMs ?? INITIAL_DELAY_MS) || 0);
  const key = classifyKey(apiKey);
  return {
    apiKey,
    mode: 'mode' in key ? key.mode : 'test',
    baseUri,
    filesUri: baseUri === DEFAULT_BASE_URI ? FILES_BASE_URI : baseUri,
    apiVersion,
    stripeAccount,
    // At least 1 ms: a timeout of 0 ms would mean none at all to the transport.
    timeoutMs: Math.max(1, Math.round(timeout * 1000)),
    maxRetries,
    rate: rate > 0 ? rate : automaticRate(apiKey),
    logging: !!opts.logging,
    initialDelayMs,
    maxDelayMs: Math.max(initialDelayMs, Number(opts.maxDelayMs ?? MAX_DELAY_MS) || 0),
  };
}
