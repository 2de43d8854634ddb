/** The stripe-client's base URI: where requests (and with them the API key) go. */
import { Checked, accept, refuse } from './problem';
import { redactKeys } from './keys';
import { asText, oneLine } from './text';

export const DEFAULT_BASE_URI = 'https://api.stripe.com';
/** Where uploads and PDFs go when the base URI is Stripe's own. */
export const FILES_BASE_URI = 'https://files.stripe.com';

/** This machine: the only hosts plain http may go to (a key sent in clear text elsewhere can be read on the way). */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/**
 * Checks a base URI: a URL, http(s), plain http only to this machine, no credentials, query or
 * fragment. Empty means Stripe's. The accepted value is normalised (no trailing slash).
 */
export function checkBaseUri(value: unknown): Checked<string> {
  const raw = asText(value).trim() || DEFAULT_BASE_URI;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse('baseUriNotUrl', { uri: redactKeys(oneLine(raw).slice(0, 100)) });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refuse('baseUriScheme', { scheme: url.protocol.replace(':', '') });
  }
  // Node's parser refuses a space in a host; browsers keep it as %20 (their only % in a host besides
  // * written as %2A, which both accept). Refused alike, so the editor and the runtime agree.
  if (/%(?!2a)/i.test(url.hostname)) return refuse('baseUriNotUrl', { uri: redactKeys(oneLine(raw).slice(0, 100)) });
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname))
    return refuse('baseUriPlainHttp', { origin: url.origin });
  if (url.username || url.password) return refuse('baseUriUser');
  if (url.search || url.hash) return refuse('baseUriQuery');
  return accept(url.href.replace(/\/+$/, ''));
}
