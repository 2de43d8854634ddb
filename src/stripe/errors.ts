/**
 * Errors of the Stripe core. Every error has a message that is one readable line (what a Catch node
 * and the node's status show) and, for errors Stripe returned, Stripe's own fields.
 */

/** Where an error comes from: the user's settings, the message, Stripe's answer, the network, or a close. */
export type StripeErrorKind = 'config' | 'input' | 'api' | 'connection' | 'response' | 'aborted';

/** Stripe's error object, in the names of the public contract (`msg.stripe.error`). */
export interface StripeErrorFields {
  type?: string;
  code?: string;
  declineCode?: string;
  param?: string;
  message: string;
  statusCode?: number;
  requestId?: string;
  docUrl?: string;
  /**
   * Stripe's error object exactly as sent (`payment_intent`, `charge`, `payment_method`, `advice_code`,
   * `network_decline_code`, `request_log_url`, v2's `user_message`, ...), the key scrubbed out.
   */
  raw?: Record<string, unknown>;
}

import { oneLine } from '../rules';

/** Folds any text into one line of bounded length (the rules' messages are folded the same way). */
export { oneLine };

export class StripeError extends Error {
  readonly kind: StripeErrorKind;
  readonly fields: StripeErrorFields;
  /** A short reason for the node's status, e.g. `card_declined` or `HTTP 404`. */
  readonly reason: string;

  constructor(kind: StripeErrorKind, message: string, fields: Partial<StripeErrorFields> = {}, reason?: string) {
    const text = oneLine(message);
    super(text);
    this.name = 'StripeError';
    this.kind = kind;
    this.fields = { ...fields, message: fields.message !== undefined ? oneLine(fields.message) : text };
    this.reason = reason ?? defaultReason(kind, this.fields);
  }

  /** Node-RED shows `err.toString()` on the Catch node and in the debug sidebar: the one line, no class name. */
  override toString(): string {
    return this.message;
  }

  /** The error as `msg.stripe.error` carries it: only the fields that are set. */
  toJSON(): StripeErrorFields {
    const out: StripeErrorFields = { message: this.fields.message };
    for (const k of ['type', 'code', 'declineCode', 'param', 'statusCode', 'requestId', 'docUrl', 'raw'] as const) {
      const v = this.fields[k];
      if (v !== undefined && v !== null && v !== '') (out as unknown as Record<string, unknown>)[k] = v;
    }
    return out;
  }
}

function defaultReason(kind: StripeErrorKind, f: StripeErrorFields): string {
  switch (kind) {
    case 'config':
    case 'input':
      // The message itself: the node's status shortens it, and "invalid input" alone says too little.
      return f.message;
    case 'connection':
      return 'connection failed';
    case 'aborted':
      return 'stopped';
    default:
      return f.declineCode || f.code || (f.statusCode ? `HTTP ${f.statusCode}` : 'error');
  }
}

export const configError = (message: string): StripeError => new StripeError('config', message);
/** An error in the message or the node's settings; `reason` is the few words the node's status shows. */
export const inputError = (message: string, param?: string, reason?: string): StripeError =>
  new StripeError('input', message, { type: 'invalid_request_error', param }, reason);

/** Stripe's `{ error: {...} }` body (or anything else that came back) turned into a StripeError. */
export function fromResponse(statusCode: number, body: unknown, requestId?: string): StripeError {
  const e = body && typeof body === 'object' ? (body as { error?: Record<string, unknown> }).error : undefined;
  if (e && typeof e === 'object') {
    const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
    const fields: StripeErrorFields = {
      type: str(e.type),
      code: str(e.code),
      declineCode: str(e.decline_code),
      param: str(e.param),
      message: oneLine(str(e.message) || `Stripe answered HTTP ${statusCode}`),
      statusCode,
      requestId,
      docUrl: str(e.doc_url),
      raw: { ...e },
    };
    const tags = [fields.type, fields.code, fields.declineCode].filter(Boolean).join('/');
    const where = fields.param ? ` param ${fields.param};` : '';
    const text = `${fields.message} [${tags ? `${tags};` : ''}${where} HTTP ${statusCode}${requestId ? `; ${requestId}` : ''}]`;
    return new StripeError('api', text, fields);
  }
  const text = `Stripe answered HTTP ${statusCode} without an error object${requestId ? ` (${requestId})` : ''}`;
  return new StripeError('response', text, { message: text, statusCode, requestId, type: 'api_error' });
}
