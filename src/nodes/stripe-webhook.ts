/**
 * stripe-webhook: receives Stripe's webhook requests on its own route, checks each signature (refusing
 * everything while no signing secret is set), answers Stripe at once, and sends each event on once.
 */
import type { Request, Response, Router } from 'express';
import { checkSignature, eventFacts, passes, typeList, type LivemodeFilter } from '../stripe';
import { claimEvent, dedupeFor, eventMessage, type ContextNode } from './event-output';
import { registerEndpointAdmin } from './admin-webhook-endpoint';
import { short } from './status-text';
import { ThrottledStatus } from './throttled-status';
import type { NodeAPI, NodeMessage, NodeStatus } from './types';
import { BodyError, addRoute, readRawBody, routeTaken, webhookPath } from './webhook-route';

interface WebhookConfig {
  name?: string;
  client?: string;
  url?: string;
  events?: string[] | string;
  tolerance?: number | string;
  store?: string;
  livemode?: LivemodeFilter;
  account?: string;
}

const DEFAULT_TOLERANCE = 300;
/** Refusals reach the log and Catch nodes at most this often (a public URL can be hammered). */
const REPORT_EVERY_MS = 1000;

type WebhookRED = NodeAPI & { httpNode?: Router };

function tolerance(v: unknown): number {
  const n = Number(v);
  return v === undefined || v === '' || !Number.isFinite(n) || n <= 0 ? DEFAULT_TOLERANCE : Math.floor(n);
}

function setupWebhook(RED: WebhookRED, node: ContextNode, config: WebhookConfig): void {
  const secrets = [node.credentials?.secret, node.credentials?.previousSecret].map((s) => (s ?? '').trim());
  const filter = {
    types: typeList(config.events),
    livemode: config.livemode ?? 'any',
    account: (config.account ?? '').trim(),
  };
  const toleranceSeconds = tolerance(config.tolerance);
  const dedupe = dedupeFor(node, config.store ?? '');
  const path = webhookPath(config.url);
  let closed = false;
  let lastReport = 0;

  const status = (s: NodeStatus): void => {
    if (!closed) node.status(s);
  };
  const received = new ThrottledStatus(status);
  let count = 0;
  const ready = (): void => {
    if (!secrets.some(Boolean)) status({ fill: 'red', shape: 'ring', text: 'no signing secret: refusing all' });
    else status({ fill: 'green', shape: 'dot', text: short(`listening ${path}`) });
  };

  /** Tells the status, and the log and Catch nodes (at most once a second), why a request was refused. */
  const refused = (reason: string, statusCode: number, code: string): void => {
    status({ fill: 'red', shape: 'ring', text: short(reason) });
    const now = Date.now();
    if (now - lastReport < REPORT_EVERY_MS) return;
    lastReport = now;
    const msg: NodeMessage = { statusCode, stripe: { source: 'webhook', refused: code } };
    node.error(`Webhook request refused: ${reason}`, msg);
  };

  const answer = (res: Response, statusCode: number, body: Record<string, unknown>): void => {
    if (!res.headersSent) res.status(statusCode).json(body);
  };

  const handle = async (req: Request, res: Response): Promise<void> => {
    let body: Buffer;
    try {
      body = await readRawBody(req);
    } catch (err) {
      const e = err instanceof BodyError ? err : new BodyError(400, 'The body could not be read');
      if (e.status === 413) res.set('Connection', 'close');
      answer(res, e.status, { error: e.message });
      if (e.status === 413) res.once('finish', () => req.destroy());
      return refused(e.message, e.status, 'body');
    }
    const refusal = checkSignature(body, req.headers['stripe-signature'], { secrets, toleranceSeconds });
    if (refusal) {
      answer(res, 400, { error: refusal.message });
      return refused(refusal.message, 400, refusal.code);
    }
    let event: unknown;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      answer(res, 400, { error: 'The body is not JSON' });
      return refused('The body is not JSON', 400, 'json');
    }
    const facts = eventFacts(event);
    if (!facts) {
      answer(res, 400, { error: 'The body is not a Stripe event' });
      return refused('The body is not a Stripe event', 400, 'notEvent');
    }
    // Filtered out or seen before: Stripe is told it arrived, so it does not send it again.
    if (!passes(facts, filter)) return answer(res, 200, { received: true });
    if (!(await claimEvent(dedupe, facts))) return answer(res, 200, { received: true, duplicate: true });
    if (closed) return answer(res, 503, { error: 'The node is stopping' });
    node.send(eventMessage(event as Record<string, unknown>, facts, 'webhook'));
    answer(res, 200, { received: true });
    count++;
    received.set({ fill: 'green', shape: 'dot', text: short(`${count} · ${facts.type}`) });
  };

  const handler = (req: Request, res: Response): void => {
    handle(req, res).catch((err: unknown) => {
      // The dedupe's store failed: Stripe is asked to send the event again later.
      answer(res, 500, { error: 'The event could not be recorded' });
      refused(`The event could not be recorded: ${err instanceof Error ? err.message : String(err)}`, 500, 'store');
    });
  };

  let removeRoute: (() => void) | undefined;
  if (!RED.httpNode) {
    status({ fill: 'red', shape: 'ring', text: 'no http node server' });
    node.error('Node-RED serves no http nodes here (httpNodeRoot is false): this node cannot receive webhooks');
  } else if (!path) {
    status({ fill: 'red', shape: 'ring', text: 'bad URL' });
    node.error(`"${String(config.url ?? '')}" is not a URL path like /stripe/events`);
  } else if (routeTaken(RED.httpNode, path)) {
    status({ fill: 'red', shape: 'ring', text: short(`${path} is taken`) });
    node.error(`Another node already answers POST ${path}: give this node another URL`);
  } else {
    removeRoute = addRoute(RED.httpNode, path, handler);
    ready();
    if (!secrets.some(Boolean)) {
      node.warn('No signing secret is set: every request is refused until one is (Create endpoint sets it)');
    }
  }

  node.on('close', (_removed, done) => {
    closed = true;
    received.cancel();
    removeRoute?.();
    node.status({});
    done();
  });
}

export = function register(RED: WebhookRED): void {
  registerEndpointAdmin(RED);
  function StripeWebhookNode(this: ContextNode, config: WebhookConfig): void {
    RED.nodes.createNode(this, config);
    setupWebhook(RED, this, config);
  }
  RED.nodes.registerType('stripe-webhook', StripeWebhookNode, {
    credentials: { secret: { type: 'password' }, previousSecret: { type: 'password' } },
  });
};
