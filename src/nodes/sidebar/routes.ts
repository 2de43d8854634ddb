/**
 * The Stripe sidebar's admin routes. Viewing needs `stripe.read`, acting on held messages
 * `stripe.write` (Node-RED's `read` and `*` scopes grant them):
 *
 * - GET  stripe/sidebar/state                      everything the tab shows (no key, no body)
 * - GET  stripe/sidebar/requests/:client/:seq      one request's parameters, redacted as the log is
 * - GET  stripe/sidebar/held/:id/download          the held messages as JSON (write: it carries bodies)
 * - POST stripe/sidebar/held/:id/send-now          the head is tried now
 * - POST stripe/sidebar/held/:id/discard {all}     the head (or all) to the node's Catch node
 *
 * The POST routes take JSON only, so a web page cannot post a form to them.
 */
import type { Request, Response } from 'express';
import { redactKeys } from '../../rules';
import type { NodeAPI } from '../shared/types';
import type { Sidebar } from './index';

/** The parts of Node-RED's runtime API the sidebar uses. */
export interface SidebarRED {
  httpAdmin: Pick<NodeAPI['httpAdmin'], 'get' | 'post'>;
  auth: Pick<NodeAPI['auth'], 'needsPermission'>;
  comms?: { publish(topic: string, data: unknown, retain?: boolean): void };
  _?: NodeAPI['_'];
}

/** The most held messages a download carries. */
export const DOWNLOAD_MAX = 10000;

const json = (req: Request): boolean => !!req.is('application/json');

/** Whether a token's scope (Node-RED's: a string or a list) grants `stripe.write`, as Node-RED's permissions read it. */
export function mayWrite(scope: unknown): boolean {
  if (Array.isArray(scope)) return scope.some(mayWrite);
  return scope === '*' || scope === 'stripe.write' || scope === 'write' || scope === '*.write';
}

/**
 * After Node-RED's own check of `stripe.read` (401 without a token): a signed-in user whose scope lacks
 * `stripe.write` is answered 403 (Node-RED's needsPermission answers 401 for both). Without adminAuth
 * there is no user and every request passes, as in Node-RED.
 */
function forbidden(req: Request, res: Response, next: () => void): void {
  const r = req as Request & { user?: unknown; authInfo?: { scope?: unknown } };
  if (r.user && !mayWrite(r.authInfo?.scope)) return void res.status(403).json({ error: 'stripe.write needed' });
  next();
}

export function sidebarRoutes(
  app: SidebarRED['httpAdmin'],
  read: unknown,
  write: unknown,
  sb: Pick<Sidebar, 'state' | 'clients' | 'holds' | 'heldView'>,
): void {
  // Acting: signed in (read), then 403 without stripe.write, then Node-RED's own check of it.
  const act = [read, forbidden, write];
  app.get('/stripe/sidebar/state', read, (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    res.json(sb.state());
  });

  app.get('/stripe/sidebar/requests/:client/:seq', read, (req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    const found = sb.clients.get(String(req.params.client))?.paramsOf(Number(req.params.seq));
    if (!found) return void res.status(404).json({ error: 'not kept' });
    res.json({ seq: found.row.seq, params: found.params === undefined ? null : redactKeys(found.params) });
  });

  app.get('/stripe/sidebar/held/:id/download', ...act, (req: Request, res: Response) => {
    const id = String(req.params.id);
    const hold = sb.holds.get(id);
    if (!hold) return void res.status(404).json({ error: 'no held publisher' });
    const list = hold.list(DOWNLOAD_MAX).map((h) => ({
      seq: h.seq,
      since: new Date(h.since).toISOString(),
      idempotencyKey: h.key,
      attempts: h.attempts,
      mayHaveReachedStripe: h.reached,
      msg: h.msg,
    }));
    res.set('Cache-Control', 'no-store');
    res.set('Content-Disposition', `attachment; filename="stripe-held-${id.replace(/[^\w.-]/g, '_')}.json"`);
    res.type('application/json').send(redactKeys(JSON.stringify({ node: id, messages: list }, null, 2)));
  });

  app.post('/stripe/sidebar/held/:id/send-now', ...act, (req: Request, res: Response) => {
    if (!json(req)) return void res.status(415).json({ error: 'JSON only' });
    const id = String(req.params.id);
    const hold = sb.holds.get(id);
    if (!hold) return void res.status(404).json({ error: 'no held publisher' });
    res.json({ tried: hold.sendNow(), held: sb.heldView(id, hold) });
  });

  app.post('/stripe/sidebar/held/:id/discard', ...act, (req: Request, res: Response) => {
    if (!json(req)) return void res.status(415).json({ error: 'JSON only' });
    const id = String(req.params.id);
    const hold = sb.holds.get(id);
    if (!hold) return void res.status(404).json({ error: 'no held publisher' });
    const all = (req.body as { all?: unknown } | undefined)?.all === true;
    const discarded = hold.discard(all);
    res.json({ discarded, held: sb.heldView(id, hold) });
  });
}
