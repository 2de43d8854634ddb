/**
 * The runtime side of the editor: httpAdmin endpoints the dialogs call.
 *
 * - GET  stripe/catalogue        the operation catalogue, slimmed for the editor, gzipped, with an ETag
 * - GET  stripe/key-info?id=...  whether a config node has a saved key and its mode (test/live), never the key
 * - POST stripe/test-connection  calls Stripe (GetAccount, else GetCustomers limit=1) with the typed or saved key
 *
 * Every route is guarded with RED.auth.needsPermission; the editor calls them with relative URLs so its
 * access token is sent. Without adminAuth (Node-RED's default) any web page can make the browser send
 * requests here, so test-connection takes JSON only (an HTML form cannot send it cross-site without a
 * CORS preflight), and a saved key only ever goes to the base URI its config node was deployed with.
 */
import { createHash } from 'crypto';
import { gzipSync } from 'zlib';
import { getCatalogue, findOperation, Catalogue, Param } from '../stripe/catalogue';
import { StripeClient, DEFAULT_BASE_URI, checkBaseUri } from '../stripe/client';
import { buildRequest } from '../stripe/request';
import { StripeError, oneLine } from '../stripe/errors';

/** What the editor shows while a password credential is saved but not sent back. */
export const PASSWORD_PLACEHOLDER = '__PWRD__';
/** The test connection gives up after this long per attempt. */
export const TEST_TIMEOUT_SECONDS = 15;

interface EditorParam {
  name: string;
  required?: boolean;
  description?: string;
  deepObject?: boolean;
}

function slimParams(list: Param[]): EditorParam[] {
  return list.map((p) => {
    const e: EditorParam = { name: p.name };
    if (p.required) e.required = true;
    if (p.description) e.description = p.description;
    if (p.deepObject) e.deepObject = true;
    return e;
  });
}

/** The catalogue as the editor needs it: no types, content types or servers; empty fields left out. */
export function editorCatalogue(cat: Catalogue = getCatalogue()): Record<string, unknown> {
  return {
    apiVersion: cat.apiVersion,
    source: cat.source,
    count: cat.count,
    operations: cat.operations.map((op) => {
      const e: Record<string, unknown> = { id: op.id, method: op.method, path: op.path };
      if (op.description) e.description = op.description;
      if (op.deprecated) e.deprecated = true;
      if (op.pagination) e.pagination = op.pagination;
      if (op.pathParams.length) e.pathParams = slimParams(op.pathParams);
      if (op.queryParams.length) e.queryParams = slimParams(op.queryParams);
      if (op.bodyFields.length) e.bodyFields = slimParams(op.bodyFields);
      return e;
    }),
  };
}

interface Payload {
  json: Buffer;
  gzip: Buffer;
  etag: string;
}

let payload: Payload | undefined;

/** The catalogue body, built once per process. */
export function cataloguePayload(): Payload {
  if (!payload) {
    const json = Buffer.from(JSON.stringify(editorCatalogue()), 'utf8');
    const gzip = gzipSync(json, { level: 9 });
    const etag = `"${createHash('sha1').update(json).digest('base64url').slice(0, 27)}"`;
    payload = { json, gzip, etag };
  }
  return payload;
}

type Req = {
  headers: Record<string, string | string[] | undefined>;
  query: Record<string, unknown>;
  body?: unknown;
};
type Res = {
  set(field: string, value: string): Res;
  status(code: number): Res;
  json(body: unknown): void;
  send(body: unknown): void;
  end(): void;
};

function header(req: Req, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v ?? '';
}

export function sendCatalogue(req: Req, res: Res): void {
  const p = cataloguePayload();
  res.set('ETag', p.etag);
  res.set('Cache-Control', 'private, no-cache');
  res.set('Vary', 'Accept-Encoding');
  const inm = header(req, 'if-none-match');
  if (inm && inm.split(/\s*,\s*/).some((t) => t === p.etag || t === `W/${p.etag}`)) {
    res.status(304).end();
    return;
  }
  res.set('Content-Type', 'application/json; charset=utf-8');
  if (/\bgzip\b/i.test(header(req, 'accept-encoding'))) {
    res.set('Content-Encoding', 'gzip');
    res.send(p.gzip);
  } else {
    res.send(p.json);
  }
}

/** test or live, secret or restricted, from a key's prefix; undefined for anything else. */
export function keyInfo(key: unknown): { mode: 'test' | 'live'; kind: 'secret' | 'restricted' } | undefined {
  const m = /^(sk|rk)_(test|live)_/.exec(typeof key === 'string' ? key.trim() : '');
  if (!m) return undefined;
  return { mode: m[2] as 'test' | 'live', kind: m[1] === 'sk' ? 'secret' : 'restricted' };
}

interface TestBody {
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

function str(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

/** Never lets a key reach the editor, whatever a message says. */
function scrub(text: string, key: string): string {
  let t = oneLine(text);
  if (key) t = t.split(key).join('***');
  return t.replace(/\b(sk|rk|pk)_(test|live)_[A-Za-z0-9]{4,}/g, '$1_$2_***');
}

function accountName(body: any): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const name =
    body.settings?.dashboard?.display_name || body.business_profile?.name || body.email || undefined;
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
  getCredentials: (id: string) => { apiKey?: string } | undefined,
  getDeployedBaseUri: (id: string) => string | undefined = () => undefined,
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
        error: 'No API key: type a secret key (sk_test_...) or deploy the saved one first',
      };
    }
    let wanted: string;
    let allowed: string;
    try {
      wanted = checkBaseUri(str(body.baseUri) || undefined);
      allowed = checkBaseUri(getDeployedBaseUri(id) || DEFAULT_BASE_URI);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { ok: false, key: source, error: scrub(message, apiKey) };
    }
    if (wanted !== allowed) {
      return {
        ok: false,
        key: source,
        error: `Type the API key again to test it against ${new URL(wanted).origin}: a saved key is only sent to the base URI it was deployed with`,
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
      const res = await client.send(buildRequest(findOperation('GetAccount')!, {}));
      const b = res.body as any;
      return {
        ok: true,
        mode,
        key: source,
        account: b && typeof b.id === 'string' ? { id: b.id, name: accountName(b) } : null,
      };
    } catch (err) {
      if (!(err instanceof StripeError) || err.fields.statusCode !== 404) throw err;
      // stripe-stateful-mock and other stand-ins have no /v1/account: a list call still proves the key.
      await client.send(buildRequest(findOperation('GetCustomers')!, { query: { limit: 1 } }));
      return { ok: true, mode, key: source, account: null, note: 'key accepted; this server does not describe the account' };
    }
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, key: source, error: scrub(message || 'the connection failed', apiKey) };
  } finally {
    client?.close();
  }
}

/** application/json (any charset); nothing an HTML form can send. */
export function isJson(req: Req): boolean {
  return /^application\/json\s*(;|$)/i.test(header(req, 'content-type').trim());
}

let registered = false;

/** Adds the editor's endpoints to Node-RED's admin app; safe to call more than once. */
export function registerAdmin(RED: any): void {
  if (registered || !RED?.httpAdmin) return;
  registered = true;
  const read = RED.auth.needsPermission('stripe-client.read');
  const write = RED.auth.needsPermission('stripe-client.write');
  const creds = (id: string): { apiKey?: string } | undefined => RED.nodes.getCredentials(id);
  const deployed = (id: string): string | undefined => deployedBaseUri(RED.nodes.getNode?.(id));

  RED.httpAdmin.get('/stripe/catalogue', read, (req: Req, res: Res) => {
    try {
      sendCatalogue(req, res);
    } catch (err) {
      res.status(500).json({ error: oneLine(String((err as Error)?.message ?? err)) });
    }
  });

  RED.httpAdmin.get('/stripe/key-info', read, (req: Req, res: Res) => {
    const id = str(req.query.id);
    const info = id ? keyInfo(creds(id)?.apiKey) : undefined;
    const saved = !!(id && str(creds(id)?.apiKey));
    res.set('Cache-Control', 'no-store');
    res.json({ saved, mode: info?.mode ?? null, kind: info?.kind ?? null });
  });

  RED.httpAdmin.post('/stripe/test-connection', write, (req: Req, res: Res) => {
    res.set('Cache-Control', 'no-store');
    if (!isJson(req)) {
      // HTML forms (urlencoded, multipart, text/plain) can be posted from any site; JSON cannot, without CORS.
      res.status(415).json({ ok: false, error: 'test-connection takes a JSON body (Content-Type: application/json)' });
      return;
    }
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as TestBody;
    testConnection(body, creds, deployed)
      .then((result) => {
        res.set('Cache-Control', 'no-store');
        res.json(result);
      })
      .catch((err) => {
        res.status(500).json({ ok: false, error: oneLine(String((err as Error)?.message ?? err)) });
      });
  });
}

/** For tests: lets registerAdmin run again on a fresh admin app. */
export function resetAdminForTests(): void {
  registered = false;
  payload = undefined;
}
