/**
 * stripe-webhook: receives Stripe's webhook requests on its own route of Node-RED's http node server,
 * checks each signature (refusing everything while no signing secret is set), answers Stripe at once,
 * and sends each event on once (webhook-receiver.ts).
 */
import type { Router } from 'express';
import { checkEventFilter, checkTolerance, checkWebhookPath, type Checked } from '../rules';
import { FleetClaims, text, type EventClaims, type LivemodeFilter, type Text } from '../stripe';
import { registerEndpointAdmin } from './admin/webhook-endpoint';
import { registerStoreAdmin } from './admin/context-stores';
import { dedupeFor, type ContextNode } from './events/event-output';
import { fleetOrProblem, watchFleet } from './shared/fleet';
import { short } from './shared/status-text';
import type { NodeAPI, NodeStatus } from './shared/types';
import { WebhookReceiver, type ReceiverSettings } from './events/webhook-receiver';
import { addRoute, routeTaken } from './events/webhook-route';
import { wordsFor } from './shared/words';
import { registerSidebar, sidebar } from './sidebar';

interface WebhookConfig {
  name?: string;
  client?: string;
  url?: string;
  events?: string[] | string;
  tolerance?: number | string;
  store?: string;
  livemode?: LivemodeFilter;
  account?: string;
  /** The id of a stripe-fleet: each event once across the fleet, claimed in its Redis. */
  fleet?: string;
}

type WebhookRED = NodeAPI & { httpNode?: Router };

/** The node's settings, checked by the same rules as its dialog; the first refusal if any. */
function settingsOf(node: ContextNode, config: WebhookConfig): Checked<ReceiverSettings & { path: string }> {
  const path = checkWebhookPath(config.url);
  if (!path.ok) return path;
  const tolerance = checkTolerance(config.tolerance);
  if (!tolerance.ok) return tolerance;
  const filter = checkEventFilter(config);
  if (!filter.ok) return filter;
  return {
    ok: true,
    value: {
      path: path.value,
      secrets: [node.credentials?.secret, node.credentials?.previousSecret].map((s) => (s ?? '').trim()),
      toleranceSeconds: tolerance.value,
      filter: filter.value,
    },
  };
}

function setupWebhook(RED: WebhookRED, node: ContextNode, config: WebhookConfig): void {
  let closed = false;
  const status = (s: NodeStatus): void => {
    if (!closed) node.status(s);
  };
  const words = wordsFor(RED);
  const say = (t: Text): string => words.text(t);
  const fail = (said: Text, reason: Text = said): void => {
    status({ fill: 'red', shape: 'ring', text: short(say(reason)) });
    node.error(say(said));
  };
  const checked = settingsOf(node, config);
  let receiver: WebhookReceiver | undefined;
  let removeRoute: (() => void) | undefined;
  let stopWatching: (() => void) | undefined;
  const { fleet, problem: fleetError } = fleetOrProblem(RED, config.fleet);
  if (!checked.ok) fail(text(checked.problem.code, checked.problem.params));
  else if (fleetError) fail(fleetError, text('status.fleetNotDeployed'));
  else if (!RED.httpNode) fail(text('errors.webhookNoHttp'), text('status.webhookNoHttp'));
  else if (routeTaken(RED.httpNode, checked.value.path)) {
    const path = checked.value.path;
    fail(text('errors.webhookPathTaken', { path }), text('status.webhookPathTaken', { path }));
  } else {
    const s = checked.value;
    const claims: EventClaims = fleet ? new FleetClaims(fleet) : dedupeFor(node, config.store ?? '');
    receiver = new WebhookReceiver(
      {
        dedupe: claims,
        send: (msg) => node.send(msg),
        status,
        error: (line, msg) => node.error(line, msg),
        say,
        observe: (outcome, event) => sidebar.webhook(node.id, outcome, event),
      },
      s,
    );
    removeRoute = addRoute(RED.httpNode, s.path, receiver.handler);
    const listening = (): void =>
      status({ fill: 'green', shape: 'dot', text: short(say(text('status.webhookListening', { path: s.path }))) });
    if (s.secrets.some(Boolean)) {
      listening();
      // With a fleet, the status says when Redis is out of reach (events are then answered 503), once.
      if (fleet) stopWatching = watchFleet(fleet, (said) => (said ? status(said) : listening()), say);
    } else {
      status({ fill: 'red', shape: 'ring', text: short(say(text('status.webhookNoSecret'))) });
      node.warn(say(text('errors.webhookNoSecretWarn')));
    }
  }

  node.on('close', (_removed, done) => {
    closed = true;
    stopWatching?.();
    receiver?.close();
    sidebar.forget('webhook', node.id);
    removeRoute?.();
    node.status({});
    done();
  });
}

export = function register(RED: WebhookRED): void {
  registerEndpointAdmin(RED);
  registerStoreAdmin(RED);
  registerSidebar(RED);
  function StripeWebhookNode(this: ContextNode, config: WebhookConfig): void {
    RED.nodes.createNode(this, config);
    setupWebhook(RED, this, config);
  }
  RED.nodes.registerType('stripe-webhook', StripeWebhookNode, {
    credentials: { secret: { type: 'password' }, previousSecret: { type: 'password' } },
  });
};
