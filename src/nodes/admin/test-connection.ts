/**
 * POST stripe/test-connection: calls Stripe (GetAccount, else GetCustomers limit=1) with the typed or
 * saved key and says whether it works and whose account it is, never returning the key.
 *
 * Without adminAuth (Node-RED's default) any web page can make the browser send requests here, so the
 * route takes JSON only (an HTML form cannot send it cross-site without a CORS preflight), and a saved
 * key only ever goes to the base URI its config node was deployed with.
 */
import type { Request, Response } from 'express';
import { DEFAULT_BASE_URI, redactKeys } from '../../rules';
import { catalogueRequest } from '../../stripe/requests/catalogue';
import { StripeClient } from '../../stripe/http/client';
import { checkBaseUri } from '../../stripe/http/settings';
import { StripeError, oneLine } from '../../stripe/common/errors';
import { inEnglish, text } from '../../stripe/common/texts';
import { header, HeaderSource } from './catalogue';
import type { Words } from '../shared/words';

/** What the editor shows while a password credential is saved but not sent back. */
export const PASSWORD_PLACEHOLDER = '__PWRD__';
/** The test connection gives up after this long per attempt. */
export const TEST_TIMEOUT_SECONDS = 15;

export interface TestBody {
  id?: unknown;
  apiKey?: unknown;
  baseUri?: unknown;
  apiVersion?: unknown;
  stripeAccount?: unknown;
}

export interface TestResult {
  ok: boolean;
  mode?: 'test' | 'live';
  account?: { id: string; name?: string } | null;
  note?: string;
  error?: string;
  /** Where the key came from: typed in the dialog or saved in the runtime. */
  key?: 'typed' | 'saved';
}

/** A config node's saved credentials, by node id. */
export type GetCredentials = (id: string) => { apiKey?: unknown } | undefined;
/** The base URI a deployed config node sends its key to, by node id. */
export type GetDeployedBaseUri = (id: string) => string | undefined;

/** A trimmed string, or '' for anything else. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** Never lets a key reach the editor, whatever a message says: this key, and anything shaped like one. */
function scrub(text: string, key: string): string {
  let t = oneLine(text);
  if (key) t = t.split(key).join('***');
  return redactKeys(t);
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** English, for a caller without Node-RED's i18n. */
const ENGLISH: Words = { text: inEnglish, error: (err) => err.message, reason: (err) => err.reason };

/** An error in the runtime's language when it is one of ours, else its message. */
function said(err: unknown, words: Words): string {
  return err instanceof StripeError ? words.error(err) : errorText(err);
}

type Obj = Record<string, unknown>;
function obj(v: unknown): Obj | undefined {
  return v && typeof v === 'object' ? (v as Obj) : undefined;
}

function accountName(body: Obj): string | undefined {
  const name =
    obj(obj(body.settings)?.dashboard)?.display_name || obj(body.business_profile)?.name || body.email || undefined;
  return typeof name === 'string' && name ? name : undefined;
}

/**
 * The base URI a deployed stripe-client node sends its key to (its client's, normalised), or undefined
 * when no such node is deployed or its client could not be built.
 */
export function deployedBaseUri(node: unknown): string | undefined {
  const n = node as { type?: unknown; getClient?: () => { baseUri?: unknown } } | null | undefined;
  if (!n || n.type !== 'stripe-client' || typeof n.getClient !== 'function') return undefined;
  try {
    const uri = n.getClient().baseUri;
    return typeof uri === 'string' && uri ? uri : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Calls Stripe with the key to see that it works and whose account it is. A typed key goes to the
 * base URI in the body; the saved key only to `getDeployedBaseUri(id)` (https://api.stripe.com when
 * the node is not deployed), whatever the body says.
 */
export async function testConnection(
  body: TestBody,
  getCredentials: GetCredentials,
  getDeployedBaseUri: GetDeployedBaseUri = () => undefined,
  words: Words = ENGLISH,
): Promise<TestResult> {
  let apiKey = str(body.apiKey);
  let source: 'typed' | 'saved' = 'typed';
  if (!apiKey || apiKey === PASSWORD_PLACEHOLDER) {
    const id = str(body.id);
    const creds = id ? getCredentials(id) : undefined;
    apiKey = str(creds?.apiKey);
    source = 'saved';
    if (!apiKey) {
      return {
        ok: false,
        error: words.text(text('errors.testNoKey')),
      };
    }
    let wanted: string;
    let allowed: string;
    try {
      wanted = checkBaseUri(str(body.baseUri) || undefined);
      allowed = checkBaseUri(getDeployedBaseUri(id) || DEFAULT_BASE_URI);
    } catch (err) {
      return { ok: false, key: source, error: scrub(said(err, words), apiKey) };
    }
    if (wanted !== allowed) {
      return {
        ok: false,
        key: source,
        error: words.text(text('errors.testSavedKeyElsewhere', { origin: new URL(wanted).origin })),
      };
    }
  }
  let client: StripeClient | undefined;
  try {
    client = new StripeClient({
      apiKey,
      baseUri: str(body.baseUri) || undefined,
      apiVersion: str(body.apiVersion),
      stripeAccount: str(body.stripeAccount) || undefined,
      timeout: TEST_TIMEOUT_SECONDS,
      maxRetries: 0,
    });
    const mode = client.mode;
    try {
      const res = await client.send(catalogueRequest('GetAccount', {}));
      const b = obj(res.body);
      return {
        ok: true,
        mode,
        key: source,
        account: b && typeof b.id === 'string' ? { id: b.id, name: accountName(b) } : null,
      };
    } catch (err) {
      if (!(err instanceof StripeError) || err.fields.statusCode !== 404) throw err;
      // stripe-stateful-mock and other stand-ins have no /v1/account: a list call still proves the key.
      await client.send(catalogueRequest('GetCustomers', { query: { limit: 1 } }));
      return {
        ok: true,
        mode,
        key: source,
        account: null,
        note: 'key accepted; this server does not describe the account',
      };
    }
  } catch (err) {
    return {
      ok: false,
      key: source,
      error: scrub(said(err, words) || words.text(text('status.connectionFailed')), apiKey),
    };
  } finally {
    client?.close();
  }
}

/** application/json (any charset); nothing an HTML form can send. */
export function isJson(req: HeaderSource): boolean {
  return /^application\/json\s*(;|$)/i.test(header(req, 'content-type').trim());
}

/** The route's handler: JSON only, never cached, errors as `{ ok: false, error }` without a key in them. */
export function testConnectionHandler(
  getCredentials: GetCredentials,
  getDeployedBaseUri: GetDeployedBaseUri,
  words: Words = ENGLISH,
) {
  return (req: Request, res: Response): void => {
    res.set('Cache-Control', 'no-store');
    if (!isJson(req)) {
      // HTML forms (urlencoded, multipart, text/plain) can be posted from any site; JSON cannot, without CORS.
      res.status(415).json({ ok: false, error: 'test-connection takes a JSON body (Content-Type: application/json)' });
      return;
    }
    const body: TestBody = obj(req.body) ?? {};
    testConnection(body, getCredentials, getDeployedBaseUri, words)
      .then((result) => {
        res.set('Cache-Control', 'no-store');
        res.json(result);
      })
      .catch((err: unknown) => {
        res.status(500).json({ ok: false, error: redactKeys(oneLine(errorText(err))) });
      });
  };
}
