// The rules the runtime applies (src/stripe/client.ts, src/nodes/message-input.ts), as the dialogs
// apply them, so that the editor accepts exactly what a deployed node accepts.
import { asText } from './as-text';
import type { Method, Operation, Role } from './types';

const RAW = /^(GET|POST|DELETE)\s+(\/v[12]\/[^\s?#]*)$/i;

/** A raw `METHOD /v1/path/{param}` reference described as an operation, or null. */
export function rawOperation(ref: unknown): Operation | null {
  const m = RAW.exec(asText(ref).trim());
  if (!m) return null;
  const method = m[1].toUpperCase();
  const path = m[2];
  const pathParams = [...path.matchAll(/\{([^{}/]+)\}/g)].map((p) => ({ name: p[1], required: true }));
  return {
    id: `${method} ${path}`,
    method,
    path,
    description: '',
    pathParams,
    queryParams: [],
    bodyFields: [],
    raw: true,
  };
}

/** The method a node of this role may run (what the runtime checks): GET, or the publisher's method setting. */
export function methodsFor(role: Role, method: unknown): Method[] {
  return role === 'subscriber' ? ['GET'] : [method === 'DELETE' ? 'DELETE' : 'POST'];
}

export type KeyInfo =
  { empty: true } | { mode: 'test' | 'live'; kind: 'secret' | 'restricted' } | { problem: 'publishable' | 'unknown' };

/** What a key's prefix says (the key itself never leaves this function). */
export function classifyKey(key: unknown): KeyInfo {
  const k = asText(key).trim();
  if (!k) return { empty: true };
  const m = /^(sk|rk)_(test|live)_/.exec(k);
  if (m) return { mode: m[2] as 'test' | 'live', kind: m[1] === 'sk' ? 'secret' : 'restricted' };
  if (k.startsWith('pk_')) return { problem: 'publishable' };
  return { problem: 'unknown' };
}

export type NumberField = 'timeout' | 'maxRetries' | 'rateLimit';

/** The client's number ranges; empty means the default, anything else goes through Number() first. */
export const clientNumberRules: Record<NumberField, (n: number) => boolean> = {
  timeout: (n) => n > 0 && n <= 3600,
  maxRetries: (n) => Number.isInteger(n) && n >= 0 && n <= 10,
  rateLimit: (n) => n >= 0 && n <= 10000,
};

/** A connected account id as the runtime takes it (empty: none). */
export function isAccountId(v: unknown): boolean {
  return !v || /^acct_[A-Za-z0-9]+$/.test(asText(v));
}

export type BaseUriProblem = 'baseUri' | 'baseUriScheme' | 'baseUriHttp' | 'baseUriUser' | 'baseUriQuery';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** null when the runtime's checkBaseUri accepts it (empty is the default), else the reason. */
export function baseUriProblem(v: unknown): BaseUriProblem | null {
  const raw = asText(v).trim();
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'baseUri';
  }
  // The runtime's parser refuses a space in a host; Chromium's keeps it as %20 (its only % in a host
  // besides * written as %2A, which both accept).
  if (/%(?!2a)/i.test(url.hostname)) return 'baseUri';
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'baseUriScheme';
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) return 'baseUriHttp';
  if (url.username || url.password) return 'baseUriUser';
  if (url.search || url.hash) return 'baseUriQuery';
  return null;
}
