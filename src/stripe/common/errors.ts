/**
 * Errors of the Stripe core. Every error has a message that is one readable line (what a Catch node
 * and the node's status show) and, for errors Stripe returned, Stripe's own fields. A coded error
 * also says what it says as a code and parameters (texts.ts), so Node-RED can word it in its language.
 */
import { oneLine } from '../../rules';
import { Params, Text, inEnglish, text } from './texts';

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
  /** Not Stripe's: the key of our message in the stripe-client catalog (`errors.api`), for flows that word errors themselves. */
  messageCode?: string;
}

/** Folds any text into one line of bounded length (the rules' messages are folded the same way). */
export { oneLine };

export class StripeError extends Error {
  readonly kind: StripeErrorKind;
  readonly fields: StripeErrorFields;
  /** The message's key in the stripe-client catalog (`errors.missingPath`); '' for an error given as plain text. */
  readonly code: string;
  readonly params: Params;
  /** Texts that follow the message (` after 3 attempts`), worded each on its own. */
  readonly notes: readonly Text[];
  /** A short reason for the node's status, e.g. `card_declined` or `HTTP 404`. */
  readonly reason: string;
  /** The reason as a text to word; undefined when the reason is the same in every language (Stripe's code). */
  readonly reasonText: Text | undefined;

  constructor(
    kind: StripeErrorKind,
    message: string | Text,
    fields: Partial<StripeErrorFields> = {},
    reason?: string | Text,
    notes: readonly Text[] = [],
  ) {
    const main = typeof message === 'string' ? message : inEnglish(message);
    const line = oneLine(main + notes.map(inEnglish).join(''));
    super(line);
    this.name = 'StripeError';
    this.kind = kind;
    this.code = typeof message === 'string' ? '' : message.code;
    this.params = typeof message === 'string' ? {} : message.params;
    this.notes = notes;
    this.fields = { ...fields, message: fields.message !== undefined ? oneLine(fields.message) : line };
    const why = reason ?? defaultReason(kind, this.fields, typeof message === 'string' ? undefined : message);
    this.reason = typeof why === 'string' ? why : inEnglish(why);
    this.reasonText = typeof why === 'string' ? undefined : why;
  }

  /** The message as a text to word, or undefined for an error given as plain text. */
  get said(): Text | undefined {
    return this.code ? text(this.code, this.params) : undefined;
  }

  /** The same error with more said after its message. */
  withNotes(...notes: Text[]): StripeError {
    const message = this.said ?? this.message;
    return new StripeError(this.kind, message, this.fields, this.reasonText ?? this.reason, [...this.notes, ...notes]);
  }

  /** The same error shown with other words (the runtime's language); code, fields and reason stay. */
  shownAs(message: string): StripeError {
    const copy = Object.create(StripeError.prototype) as StripeError;
    Object.assign(copy, this);
    Object.defineProperty(copy, 'message', { value: oneLine(message), writable: true, configurable: true });
    return copy;
  }

  /** Node-RED shows `err.toString()` on the Catch node and in the debug sidebar: the one line, no class name. */
  override toString(): string {
    return this.message;
  }

  /** The error as `msg.stripe.error` carries it: only the fields that are set, and the message's code. */
  toJSON(): StripeErrorFields {
    const out: StripeErrorFields = { message: this.fields.message };
    for (const k of ['type', 'code', 'declineCode', 'param', 'statusCode', 'requestId', 'docUrl', 'raw'] as const) {
      const v = this.fields[k];
      if (v !== undefined && v !== null && v !== '') (out as unknown as Record<string, unknown>)[k] = v;
    }
    if (this.code) out.messageCode = this.code;
    return out;
  }
}

function defaultReason(kind: StripeErrorKind, f: StripeErrorFields, message?: Text): string | Text {
  switch (kind) {
    case 'config':
    case 'input':
      // The message itself: the node's status shortens it, and "invalid input" alone says too little.
      return message ?? f.message;
    case 'connection':
      return text('status.connectionFailed');
    case 'aborted':
      return text('status.stopped');
    default:
      return f.declineCode || f.code || (f.statusCode ? `HTTP ${f.statusCode}` : text('status.error'));
  }
}

export const configError = (message: string | Text): StripeError => new StripeError('config', message);
/** An error in the message or the node's settings; `reason` is the few words the node's status shows. */
export const inputError = (message: string | Text, param?: string, reason?: string | Text): StripeError =>
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
    // Stripe's codes, param, status and request id: the same in every language.
    const details = `${tags ? `${tags};` : ''}${where} HTTP ${statusCode}${requestId ? `; ${requestId}` : ''}`;
    return new StripeError('api', text('errors.api', { message: fields.message, details, statusCode }), fields);
  }
  const said = text('errors.noErrorObject', { statusCode, request: requestId ? ` (${requestId})` : '' });
  return new StripeError('response', said, { message: inEnglish(said), statusCode, requestId, type: 'api_error' });
}

/** Anything thrown, as a StripeError (an unexpected one worded as errors.unexpected). */
export function toStripeError(err: unknown): StripeError {
  if (err instanceof StripeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StripeError('input', text('errors.unexpected', { message: oneLine(message) }));
}
