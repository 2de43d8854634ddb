/**
 * The stripe-webhook node's route on Node-RED's http node server (RED.httpNode, under httpNodeRoot and
 * behind httpNodeAuth/httpNodeMiddleware as http-in routes are): POST only, the body read raw (never
 * parsed: a parsed and re-serialised body no longer matches its signature), at most MAX_BODY_BYTES.
 * A larger body is refused (413) once the sender has sent it, the rest read and dropped: a connection
 * closed with bytes unread is reset, and a sender still writing can lose the answer with the reset. A
 * sender that goes on past LINGER_BYTES more or LINGER_MS, or that declares a length past that, is cut
 * off. Added on deploy, removed on close, so a redeploy leaves exactly one handler.
 *
 * Node-RED mounts its editor's app at httpAdminRoot, by default `/` like httpNodeRoot, and that app
 * parses every JSON body that passes through it, webhook requests included. So the raw body is taken
 * first, by a middleware put at the top of the root app (as Node-RED 4.1's http-in does for its "do not
 * parse" option), for the paths of the webhook nodes only.
 */
import type { Request, Response, Router } from 'express';
import { inEnglish, text, type Text } from '../../stripe';

/** Stripe's events are far smaller; anything bigger is not one of them. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Past MAX_BODY_BYTES, the rest of a body is read and dropped for at most this much and this long. */
export const LINGER_BYTES = 8 * MAX_BODY_BYTES;
export const LINGER_MS = 2000;

/**
 * Why a body could not be read: too large (413), cut short (400), or already parsed by a middleware
 * (500). `hangUp`: the rest of the body is not read, so the connection closes once the answer is out.
 */
export class BodyError extends Error {
  constructor(
    readonly status: 413 | 400 | 500,
    readonly said: Text,
    readonly hangUp = false,
  ) {
    super(inEnglish(said));
  }
}

type RawRequest = Request & { _body?: boolean; skipRawBodyParser?: boolean; stripeRawBody?: boolean };

/** The request's body as the bytes that were sent (kept from the parsers by the capture below). */
export function readRawBody(req: Request, max = MAX_BODY_BYTES): Promise<Buffer> {
  const r = req as RawRequest;
  if (r.stripeRawBody) return streamBody(req, max);
  if (Buffer.isBuffer(r.body)) return Promise.resolve(r.body);
  if (r._body || req.readableEnded) {
    return Promise.reject(new BodyError(500, text('errors.webhookParsed')));
  }
  return streamBody(req, max);
}

function streamBody(req: Request, max: number): Promise<Buffer> {
  const tooLarge = (hangUp = false): BodyError => new BodyError(413, text('errors.webhookTooLarge', { max }), hangUp);
  const declared = Number(req.headers['content-length']);
  if (declared > max + LINGER_BYTES) return Promise.reject(tooLarge(true));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over: NodeJS.Timeout | undefined;
    const fail = (err: BodyError): void => {
      clearTimeout(over);
      req.removeAllListeners('data');
      req.resume();
      reject(err);
    };
    // Too much even to drop: the connection is closed, the sender sees it end.
    const cutOff = (): void => {
      fail(tooLarge(true));
      req.destroy();
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) chunks.push(chunk);
      else if (size > max + LINGER_BYTES) cutOff();
      else if (!over) {
        // Over the limit: what was kept goes, the rest is dropped as it comes, and the 413 waits for its end.
        chunks.length = 0;
        over = setTimeout(cutOff, LINGER_MS);
        over.unref();
      }
    });
    req.once('end', () => {
      clearTimeout(over);
      if (size <= max) resolve(Buffer.concat(chunks));
      else reject(tooLarge());
    });
    req.once('error', () => fail(new BodyError(400, text('errors.webhookCutShort'))));
  });
}

type Middleware = (req: Request, res: Response, next: () => void) => void;
interface MountedApp {
  parent?: MountedApp;
  mountpath?: string | string[];
  use(fn: Middleware): void;
  _router?: { stack?: { handle?: unknown }[] };
}

/** The full paths (httpNodeRoot + node URL, normalised) whose POST bodies are taken raw, per root app. */
const rawPaths = new WeakMap<object, Set<string>>();

const normal = (p: string): string =>
  p
    .replace(/\/{2,}/g, '/')
    .replace(/\/$/, '')
    .toLowerCase() || '/';

function rootOf(app: MountedApp): MountedApp {
  return app.parent ? rootOf(app.parent) : app;
}

/** Puts the raw-body capture at the top of the root app, once; returns the set of paths it serves. */
function captureOn(root: MountedApp): Set<string> {
  const known = rawPaths.get(root);
  if (known) return known;
  const served = new Set<string>();
  rawPaths.set(root, served);
  const capture: Middleware = (req, _res, next) => {
    const r = req as RawRequest;
    if (req.method === 'POST' && served.size && served.has(normal((req.originalUrl || req.url).split('?')[0]))) {
      // Parsers after this see `_body` and leave the stream alone; the route reads it, after httpNodeAuth.
      r.stripeRawBody = true;
      r._body = true;
      r.skipRawBodyParser = true;
    }
    next();
  };
  root.use(capture);
  const stack = root._router?.stack;
  const at = stack ? stack.findIndex((l) => l.handle === capture) : -1;
  if (stack && at > 0) stack.unshift(stack.splice(at, 1)[0]);
  return served;
}

/** The path of a route of the http node app as the root app sees it (httpNodeRoot in front). */
function fullPath(app: MountedApp, path: string): string {
  const mount = typeof app.mountpath === 'string' ? app.mountpath : '/';
  return normal(`${mount}/${path}`);
}

export type WebhookHandler = (req: Request, res: Response) => void;

interface Layer {
  route?: { path?: string; methods?: Record<string, boolean>; stack?: { handle?: unknown }[] };
}

function stackOf(app: Router): Layer[] | undefined {
  // Express 4 (Node-RED 3.1 to 5.0) keeps its layers in app._router.stack.
  return (app as unknown as { _router?: { stack?: Layer[] } })._router?.stack;
}

/** Whether any route of the app answers POST on this path (another node's, say), as Express matches paths: without regard to case or a trailing slash. */
export function routeTaken(app: Router, path: string): boolean {
  return !!stackOf(app)?.some(
    (l) => typeof l.route?.path === 'string' && normal(l.route.path) === normal(path) && l.route.methods?.post,
  );
}

/** Adds the POST route with its raw-body capture; returns the function that removes exactly this route again. */
export function addRoute(app: Router, path: string, handler: WebhookHandler): () => void {
  const mounted = app as unknown as MountedApp;
  const full = fullPath(mounted, path);
  const served = mounted.parent ? captureOn(rootOf(mounted)) : undefined;
  served?.add(full);
  app.post(path, handler);
  return () => {
    served?.delete(full);
    const stack = stackOf(app);
    if (!stack) return;
    for (let i = stack.length - 1; i >= 0; i--) {
      if (stack[i].route?.stack?.some((s) => s.handle === handler)) stack.splice(i, 1);
    }
  };
}
