/**
 * stripe-webhook: receives Stripe's webhook requests on its own route of Node-RED's http node server,
 * checks each signature (refusing everything while no signing secret is set), answers Stripe at once,
 * and sends each event on once (webhook-receiver.ts).
 */
import type { Router } from 'express';
import { checkEventAccount, checkEventTypes, checkTolerance, checkWebhookPath, type Checked } from '../rules';
import type { LivemodeFilter } from '../stripe';
import { registerEndpointAdmin } from './admin-webhook-endpoint';
import { registerStoreAdmin } from './admin-context-stores';
import { dedupeFor, type ContextNode } from './event-output';
import { short } from './status-text';
import type { NodeAPI, NodeStatus } from './types';
import { WebhookReceiver, type ReceiverSettings } from './webhook-receiver';
import { addRoute, routeTaken } from './webhook-route';

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

type WebhookRED = NodeAPI & { httpNode?: Router };

/** The node's settings, checked by the same rules as its dialog; the first refusal if any. */
function settingsOf(node: ContextNode, config: WebhookConfig): Checked<ReceiverSettings & { path: string }> {
  const path = checkWebhookPath(config.url);
  if (!path.ok) return path;
  const tolerance = checkTolerance(config.tolerance);
  if (!tolerance.ok) return tolerance;
  const account = checkEventAccount(config.account);
  if (!account.ok) return account;
  const types = checkEventTypes(config.events);
  if (!types.ok) return types;
  const livemode = config.livemode === 'live' || config.livemode === 'test' ? config.livemode : 'any';
  return {
    ok: true,
    value: {
      path: path.value,
      secrets: [node.credentials?.secret, node.credentials?.previousSecret].map((s) => (s ?? '').trim()),
      toleranceSeconds: tolerance.value,
      filter: { types: types.value, livemode, account: account.value },
    },
  };
}

function setupWebhook(RED: WebhookRED, node: ContextNode, config: WebhookConfig): void {
  let closed = false;
  const status = (s: NodeStatus): void => {
    if (!closed) node.status(s);
  };
  const fail = (text: string, reason = text): void => {
    status({ fill: 'red', shape: 'ring', text: short(reason) });
    node.error(text);
  };
  const checked = settingsOf(node, config);
  let receiver: WebhookReceiver | undefined;
  let removeRoute: (() => void) | undefined;
  if (!checked.ok) fail(checked.problem.message);
  else if (!RED.httpNode) {
    fail(
      'Node-RED serves no http nodes here (httpNodeRoot is false): this node cannot receive webhooks',
      'no http node server',
    );
  } else if (routeTaken(RED.httpNode, checked.value.path)) {
    fail(
      `Another node already answers POST ${checked.value.path}: give this node another URL`,
      `${checked.value.path} is taken`,
    );
  } else {
    const s = checked.value;
    receiver = new WebhookReceiver(
      {
        dedupe: dedupeFor(node, config.store ?? ''),
        send: (msg) => node.send(msg),
        status,
        error: (text, msg) => node.error(text, msg),
      },
      s,
    );
    removeRoute = addRoute(RED.httpNode, s.path, receiver.handler);
    if (s.secrets.some(Boolean)) status({ fill: 'green', shape: 'dot', text: short(`listening ${s.path}`) });
    else {
      status({ fill: 'red', shape: 'ring', text: 'no signing secret: refusing all' });
      node.warn('No signing secret is set: every request is refused until one is (Create endpoint sets it)');
    }
  }

  node.on('close', (_removed, done) => {
    closed = true;
    receiver?.close();
    removeRoute?.();
    node.status({});
    done();
  });
}

export = function register(RED: WebhookRED): void {
  registerEndpointAdmin(RED);
  registerStoreAdmin(RED);
  function StripeWebhookNode(this: ContextNode, config: WebhookConfig): void {
    RED.nodes.createNode(this, config);
    setupWebhook(RED, this, config);
  }
  RED.nodes.registerType('stripe-webhook', StripeWebhookNode, {
    credentials: { secret: { type: 'password' }, previousSecret: { type: 'password' } },
  });
};
