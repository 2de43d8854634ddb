/**
 * The stripe-webhook dialog's buttons, as admin routes:
 *   POST stripe/webhook-endpoint          create the node's endpoint in Stripe, or update it in place
 *   POST stripe/webhook-endpoint/delete   delete it
 * Both use the deployed stripe-client (its key never leaves the runtime) and answer
 * `{ ok, action, endpoint, secret? }` or `{ ok: false, error }`. Requests for one node are taken one at
 * a time, so three quick presses still make one endpoint. JSON only, as test-connection (no form can
 * post here from another site).
 */
import type { Request, Response } from 'express';
import {
  StripeClient,
  StripeError,
  deleteEndpoint,
  catalogueHeader,
  redactKeys,
  text,
  upsertEndpoint,
  type EndpointResult,
} from '../../stripe';
import { checkEventTypes } from '../../rules';
import { isJson, str } from './test-connection';
import { wordsFor } from '../shared/words';

export interface EndpointRED {
  httpAdmin: { post(path: string, ...handlers: unknown[]): void };
  auth: { needsPermission(permission: string): unknown };
  nodes: { getNode(id: string): unknown };
  /** Node-RED's i18n: the answers' errors in the runtime's language. */
  _?: (key: string, subs?: Record<string, unknown>) => string;
}

const registered = new WeakSet<object>();
const queues = new Map<string, Promise<unknown>>();

/** Runs jobs for one node id one after another. */
function oneAtATime<T>(id: string, job: () => Promise<T>): Promise<T> {
  const run = (queues.get(id) ?? Promise.resolve()).then(job, job);
  const tail = run.catch(() => undefined);
  queues.set(id, tail);
  void tail.then(() => {
    if (queues.get(id) === tail) queues.delete(id);
  });
  return run;
}

function deployedClient(RED: EndpointRED, id: string): StripeClient {
  const node = (id ? RED.nodes.getNode(id) : null) as { type?: string; getClient?: () => StripeClient } | null;
  if (!node || node.type !== 'stripe-client' || typeof node.getClient !== 'function') {
    throw new StripeError('config', text('errors.endpointNoClient'));
  }
  return node.getClient();
}

function answer(res: Response, result: EndpointResult): void {
  const ep = result.endpoint;
  res.json({
    ok: true,
    action: result.action,
    endpoint: ep ? { id: ep.id, url: ep.url, enabled_events: ep.enabled_events, status: ep.status } : undefined,
    secret: result.secret,
  });
}

function handler(
  RED: EndpointRED,
  work: (client: StripeClient, body: Record<string, unknown>, live: boolean) => Promise<EndpointResult>,
) {
  const words = wordsFor(RED);
  return (req: Request, res: Response): void => {
    res.set('Cache-Control', 'no-store');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const nodeId = str(body.node);
    if (!isJson(req) || !nodeId) {
      res.status(400).json({ ok: false, error: words.text(text('errors.endpointBadRequest')) });
      return;
    }
    oneAtATime(nodeId, async () => {
      const clientId = str(body.client);
      const client = deployedClient(RED, clientId);
      return work(client, body, client.mode === 'live');
    }).then(
      (result) => answer(res, result),
      (err: unknown) => {
        const said = err instanceof StripeError ? words.error(err) : err instanceof Error ? err.message : String(err);
        res.status(400).json({ ok: false, error: redactKeys(said) });
      },
    );
  };
}

/** Adds the two routes to Node-RED's admin app, once per admin app. */
export function registerEndpointAdmin(RED: EndpointRED): void {
  const app = RED.httpAdmin;
  if (!app || registered.has(app)) return;
  registered.add(app);
  const write = RED.auth.needsPermission('stripe-webhook.write');
  app.post(
    '/stripe/webhook-endpoint',
    write,
    handler(RED, (client, body, live) => {
      const events = checkEventTypes(body.events);
      if (!events.ok) throw new StripeError('input', text(events.problem.code, events.problem.params));
      return upsertEndpoint(client, {
        nodeId: str(body.node),
        url: str(body.url),
        events: events.value,
        description: str(body.name) ? `Node-RED stripe-webhook "${str(body.name)}"` : undefined,
        apiVersion: client.apiVersion || catalogueHeader().apiVersion,
        recreate: body.recreate === true,
        live,
      });
    }),
  );
  app.post(
    '/stripe/webhook-endpoint/delete',
    write,
    handler(RED, (client, body) => deleteEndpoint(client, str(body.node))),
  );
}
