/**
 * POST stripe/fleet/test: the stripe-fleet dialog's Test button. Reaches the fleet's Redis with the
 * dialog's settings (src/stripe's probeFleet) and answers 200 `{ version, rttMs, instances }` or 400
 * `{ error }`, one line in the runtime's language, never with the password in it.
 *
 * As stripe/test-connection: the route takes JSON only (an HTML form cannot send it cross-site without
 * a CORS preflight), and a saved password (the field empty or Node-RED's placeholder) only ever goes to
 * the Redis its stripe-fleet node was deployed with: Redis's AUTH sends it in the clear.
 */
import type { Request, Response } from 'express';
import { StripeError, oneLine } from '../../stripe/common/errors';
import { inEnglish, text } from '../../stripe/common/texts';
import type { Words } from '../shared/words';
import { isJson, PASSWORD_PLACEHOLDER, str } from './test-connection';

/** The body the dialog sends. */
export interface FleetTestBody {
  id?: unknown;
  url?: unknown;
  prefix?: unknown;
  username?: unknown;
  password?: unknown;
}

/** What Redis said. */
export interface FleetTestAnswer {
  version: string;
  rttMs: number;
  instances: number;
}

/** src/stripe's probeFleet, as this route calls it. */
export type Probe = (
  opts: { url: string; username?: string; password?: string; prefix?: string },
  timeoutMs?: number,
) => Promise<FleetTestAnswer>;

/** A stripe-fleet node's saved credentials, by node id. */
export type GetFleetCredentials = (id: string) => { username?: unknown; password?: unknown } | undefined;
/** host:port of the Redis a deployed stripe-fleet node uses, by node id. */
export type GetDeployedFleetWhere = (id: string) => string | undefined;

/** The test gives up after this long. */
export const FLEET_TEST_TIMEOUT_MS = 5000;

const ENV_REFERENCE = /^\$\{(\S+)\}$/;
const PREFIX = /^[A-Za-z0-9_\-:.]+$/;

const ENGLISH: Words = { text: inEnglish, error: (err) => err.message, reason: (err) => err.reason };

/**
 * host:port of the Redis a deployed stripe-fleet node uses, or undefined when no such node is deployed:
 * its connection's `where` (src/stripe's FleetConnection), else its `url` (in which Node-RED has
 * already put an environment variable's value).
 */
export function deployedFleetWhere(node: unknown): string | undefined {
  const n = node as { type?: unknown; url?: unknown; connection?: unknown } | null | undefined;
  if (!n || n.type !== 'stripe-fleet') return undefined;
  if (typeof n.connection === 'function') {
    try {
      const c = (n.connection as () => { where?: unknown } | undefined).call(n);
      if (c && typeof c.where === 'string' && c.where !== '?') return c.where;
    } catch {
      // a node whose settings were refused has no connection: not deployed, as far as its password goes
    }
  }
  return typeof n.url === 'string' && n.url ? where(n.url) : undefined;
}

/** host:port a Redis URL points to (6379 when it names no port), never its user or password; '?' for no Redis URL. */
export function where(url: string): string {
  try {
    const u = new URL(url);
    return /^rediss?:$/.test(u.protocol) && u.hostname ? `${u.hostname}:${u.port || '6379'}` : '?';
  } catch {
    return '?';
  }
}

/** A URL as Node-RED gives it to the node: `${NAME}` (the whole value) becomes the variable's value. */
function resolveEnv(url: string, env: NodeJS.ProcessEnv): { url: string } | { missing: string } {
  const name = ENV_REFERENCE.exec(url)?.[1];
  if (!name) return { url };
  const value = env[name];
  return typeof value === 'string' && value.trim() ? { url: value.trim() } : { missing: name };
}

/** The password written into a URL (redis://:secret@host), so that no text repeats it either. */
function urlPassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

/** One line, with every secret of this request taken out. */
function scrub(message: string, secrets: string[]): string {
  let out = oneLine(message);
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out;
}

export class FleetTestRefusal extends Error {}

/**
 * Runs one test: resolves with Redis's answer or rejects with a FleetTestRefusal whose message is the
 * one line the dialog shows.
 */
export async function testFleet(
  body: FleetTestBody,
  probe: Probe,
  getCredentials: GetFleetCredentials,
  getDeployedWhere: GetDeployedFleetWhere = () => undefined,
  words: Words = ENGLISH,
  env: NodeJS.ProcessEnv = process.env,
): Promise<FleetTestAnswer> {
  const id = str(body.id);
  const typed = typeof body.password === 'string' ? body.password : '';
  const resolved = resolveEnv(str(body.url), env);
  if ('missing' in resolved) {
    throw new FleetTestRefusal(words.text(text('editor.fleet.errors.envMissing', { name: resolved.missing })));
  }
  const url = resolved.url;
  const prefix = str(body.prefix);
  if (prefix && !PREFIX.test(prefix)) throw new FleetTestRefusal(words.text(text('editor.fleet.errors.prefix')));
  let username = typeof body.username === 'string' ? body.username.trim() : undefined;
  let password = typed;
  if (!typed || typed === PASSWORD_PLACEHOLDER) {
    const saved = id ? getCredentials(id) : undefined;
    password = str(saved?.password) ? String(saved?.password) : '';
    if (username === undefined && typeof saved?.username === 'string') username = saved.username;
    if (password) {
      // A saved password only goes where its node was deployed to.
      const deployed = id ? getDeployedWhere(id) : undefined;
      const target = where(url);
      if (target === '?' || !deployed || deployed !== target) {
        throw new FleetTestRefusal(
          scrub(words.text(text('editor.fleet.errors.savedElsewhere', { where: where(url) })), [password]),
        );
      }
    }
  }
  const secrets = [password, urlPassword(url)].filter((s) => s.length > 0);
  try {
    const r = await probe(
      {
        url,
        ...(username ? { username } : {}),
        ...(password ? { password } : {}),
        prefix: prefix || 'stripe',
      },
      FLEET_TEST_TIMEOUT_MS,
    );
    return { version: String(r.version), rttMs: Number(r.rttMs), instances: Number(r.instances) };
  } catch (err) {
    const said = err instanceof StripeError ? words.error(err) : err instanceof Error ? err.message : String(err);
    throw new FleetTestRefusal(scrub(said || 'Redis', secrets));
  }
}

/** The route's handler: JSON only, never cached, 200 with Redis's answer or 400 with one line. */
export function fleetTestHandler(
  probe: Probe,
  getCredentials: GetFleetCredentials,
  getDeployedWhere: GetDeployedFleetWhere,
  words: Words = ENGLISH,
) {
  return (req: Request, res: Response): void => {
    res.set('Cache-Control', 'no-store');
    if (!isJson(req)) {
      // HTML forms (urlencoded, multipart, text/plain) can be posted from any site; JSON cannot, without CORS.
      res.status(415).json({ error: 'fleet/test takes a JSON body (Content-Type: application/json)' });
      return;
    }
    const body = (req.body && typeof req.body === 'object' ? req.body : {}) as FleetTestBody;
    testFleet(body, probe, getCredentials, getDeployedWhere, words)
      .then((answer) => res.json(answer))
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        res.status(400).json({ error: oneLine(message) });
      });
  };
}
