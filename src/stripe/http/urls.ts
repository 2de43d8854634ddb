/** Where a request goes: the base URI, or Stripe's files host for uploads and PDFs. */
import { DEFAULT_BASE_URI } from '../../rules';
import type { PreparedRequest } from '../requests/request';
import { encodeQuery } from '../requests/request';

/**
 * The full URL a request goes to: uploads and PDFs go to files.stripe.com when the base URI is
 * Stripe's own, everything else (and everything with a custom base URI) to the base URI.
 */
export function requestUrl(baseUri: string, filesUri: string, req: PreparedRequest): string {
  const origin = req.server ? (baseUri === DEFAULT_BASE_URI ? req.server.replace(/\/+$/, '') : filesUri) : baseUri;
  const query = req.rawQuery ?? encodeQuery(req.query);
  return `${origin}${req.path}${query ? `?${query}` : ''}`;
}

/** The host a request goes to, for messages (never carries credentials: the base URI check refuses them). */
export function requestHost(baseUri: string, filesUri: string, req: PreparedRequest): string {
  try {
    return new URL(requestUrl(baseUri, filesUri, { ...req, query: {} })).host;
  } catch {
    return 'Stripe';
  }
}
