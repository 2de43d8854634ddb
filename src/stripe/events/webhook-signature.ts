/**
 * Stripe's webhook signature, checked the way Stripe signs: the `Stripe-Signature` header holds
 * `t=<unix seconds>` and one or more `v1=<hex>` (two while a secret is being rolled), each an
 * HMAC-SHA256 of `<t>.<raw body>` under a `whsec_...` signing secret. Any `v1` that matches any
 * configured secret is accepted; comparisons take constant time; the timestamp must lie within the
 * tolerance on either side of now (a replayed or a forged future request is refused).
 *
 * The body is the bytes as received: a body parsed and serialised again no longer matches.
 */
import { createHmac, timingSafeEqual } from 'crypto';
import { inEnglish, text, type Text } from '../common/texts';

export interface SignatureCheck {
  /** The signing secrets to try (current, and the previous one during a roll). Empty ones are ignored. */
  secrets: readonly (string | undefined)[];
  /** Seconds a signature stays valid on either side of now. */
  toleranceSeconds: number;
  /** Now, in milliseconds (tests pass a fixed clock). */
  now?: number;
}

/** Why a request was refused: a short code, and one line (English, and as a text to word) for the sender, the status and the Catch node. */
export interface SignatureRefusal {
  code: 'noSecret' | 'noBody' | 'noHeader' | 'badHeader' | 'noV1' | 'stale' | 'future' | 'mismatch';
  message: string;
  said: Text;
}

interface ParsedHeader {
  timestamp: number;
  signatures: string[];
}

/** `t=1492774577,v1=5257a8...,v1=...,v0=...` -> timestamp and the v1 signatures; other schemes are ignored. */
export function parseSignatureHeader(header: string): ParsedHeader | undefined {
  let timestamp = NaN;
  const signatures: string[] = [];
  for (const item of header.split(',')) {
    const eq = item.indexOf('=');
    if (eq < 0) continue;
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value) signatures.push(value);
  }
  return Number.isFinite(timestamp) ? { timestamp, signatures } : undefined;
}

/** The v1 signature of a body at a timestamp: hex HMAC-SHA256 of `<t>.<body bytes>`. */
export function signPayload(body: Buffer | string, timestamp: number, secret: string): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`, 'utf8')
    .update(typeof body === 'string' ? Buffer.from(body, 'utf8') : body)
    .digest('hex');
}

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function refuse(code: SignatureRefusal['code'], said: Text): SignatureRefusal {
  return { code, message: inEnglish(said), said };
}

/** Checks a request; returns undefined when it is Stripe's, or why it is refused. */
export function checkSignature(
  body: Buffer,
  header: string | string[] | undefined,
  check: SignatureCheck,
): SignatureRefusal | undefined {
  const secrets = check.secrets.filter((s): s is string => typeof s === 'string' && s !== '');
  if (!secrets.length) return refuse('noSecret', text('errors.webhookNoSecret'));
  if (!body.length) return refuse('noBody', text('errors.webhookNoBody'));
  if (typeof header !== 'string' || !header.trim()) return refuse('noHeader', text('errors.webhookNoHeader'));
  const parsed = parseSignatureHeader(header);
  if (!parsed) return refuse('badHeader', text('errors.webhookBadHeader'));
  if (!parsed.signatures.length) return refuse('noV1', text('errors.webhookNoV1'));
  const age = Math.floor((check.now ?? Date.now()) / 1000) - parsed.timestamp;
  const tolerance = check.toleranceSeconds;
  if (age > tolerance) return refuse('stale', text('errors.webhookStale', { age, tolerance }));
  if (-age > tolerance) {
    return refuse('future', text('errors.webhookFuture', { age: -age, tolerance }));
  }
  // Every secret against every v1, without stopping early: the time taken says nothing of which matched.
  let match = false;
  for (const secret of secrets) {
    const expected = signPayload(body, parsed.timestamp, secret);
    for (const sig of parsed.signatures) if (sameHex(expected, sig)) match = true;
  }
  return match ? undefined : refuse('mismatch', text('errors.webhookMismatch'));
}
