/** Stripe API keys: what kind a key is, whether it may be used, and its automatic rate limit. */
import { Checked, accept, refuse } from './problem';

export type KeyMode = 'test' | 'live';
export type KeyKind = 'secret' | 'restricted';

/** A usable key's kind and mode, or why a key is not usable (the key itself is never part of it). */
export type KeyClass = { kind: KeyKind; mode: KeyMode } | { kind: 'empty' | 'publishable' | 'unknown' };

/** Stripe's documented default limits, requests per second. */
export const TEST_MODE_RATE = 25;
export const LIVE_MODE_RATE = 100;

/** A whole secret or restricted key; anything else is refused before it is ever sent. */
const USABLE_KEY = /^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/;

/** What a key is, from its (trimmed) text: only keys the runtime accepts count as secret or restricted. */
export function classifyKey(key: unknown): KeyClass {
  const k = typeof key === 'string' ? key.trim() : '';
  if (!k) return { kind: 'empty' };
  const m = USABLE_KEY.exec(k);
  if (m) return { kind: m[1] === 'sk' ? 'secret' : 'restricted', mode: m[2] as KeyMode };
  if (/^pk_/.test(k)) return { kind: 'publishable' };
  return { kind: 'unknown' };
}

/** Checks an API key: a secret (sk_) or restricted (rk_) key, trimmed; the refusal never echoes it. */
export function checkApiKey(key: unknown): Checked<string> {
  const c = classifyKey(key);
  if (c.kind === 'empty') return refuse('apiKeyMissing');
  if (c.kind === 'publishable') return refuse('apiKeyPublishable');
  if (c.kind === 'unknown') return refuse('apiKeyUnknown');
  return accept((key as string).trim());
}

/** The rate limit 0 (automatic) stands for: Stripe's limit for the key's mode. */
export function automaticRate(key: unknown): number {
  const c = classifyKey(key);
  return 'mode' in c && c.mode === 'live' ? LIVE_MODE_RATE : TEST_MODE_RATE;
}

/**
 * Anything shaped like a Stripe key, for texts that may hold one by mistake (a key pasted in the wrong
 * field): anywhere in a text, even glued to a word (`apikey_sk_live_...`), and whatever its length.
 */
const KEY_PATTERN = /(sk|rk|pk)_(test|live)_[A-Za-z0-9_]+/g;

/**
 * Replaces anything shaped like a Stripe key with `<prefix>_<mode>_***` (`sk_test_***`, `rk_live_***`):
 * the one redaction for the whole package (client logs and errors, the editor's admin routes, refusals).
 */
export function redactKeys(text: string): string {
  // Most texts hold no key: two substring checks cost less than the pattern's scan.
  if (!text.includes('_test_') && !text.includes('_live_')) return text;
  return text.replace(KEY_PATTERN, (_m, kind: string, mode: string) => `${kind}_${mode}_***`);
}
