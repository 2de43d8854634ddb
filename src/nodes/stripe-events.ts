/**
 * stripe-events: reads Stripe's events with GET /v1/events on an interval, for installs Stripe cannot
 * reach with a webhook. Each event once, oldest first, the cursor kept in a context store; a message
 * with msg.replay re-sends a time range; any other message polls at once.
 */
import { typeList, type LivemodeFilter } from '../stripe';
import { contextStore, dedupeFor, isMemoryStore, type ContextNode } from './event-output';
import { EventPoller, replayRange } from './event-poller-node';
import { toStripeError } from './message-handler';
import { short } from './status-text';
import type { ClientNode, NodeAPI, NodeMessage, NodeStatus } from './types';

interface EventsConfig {
  name?: string;
  client?: string;
  events?: string[] | string;
  interval?: number | string;
  store?: string;
  start?: 'now' | 'replay';
  replayHours?: number | string;
  livemode?: LivemodeFilter;
  account?: string;
}

type EventsRED = NodeAPI & { settings?: { contextStorage?: Record<string, { module?: unknown } | string> } };

const DEFAULT_INTERVAL_S = 30;
const MIN_INTERVAL_S = 5;

function seconds(v: unknown, fallback: number, min: number): number {
  const n = Number(v);
  return v === undefined || v === '' || !Number.isFinite(n) ? fallback : Math.max(min, n);
}

function setupEvents(RED: EventsRED, node: ContextNode, config: EventsConfig): void {
  const clientNode = (config.client ? RED.nodes.getNode(config.client) : null) as ClientNode | null;
  const store = config.store ?? '';
  let closed = false;
  const status = (s: NodeStatus): void => {
    if (!closed) node.status(s);
  };
  const replayHours = seconds(config.replayHours, 24, 0);
  const poller = new EventPoller(
    {
      clientNode,
      cursorStore: contextStore(node.context(), store || undefined),
      dedupe: dedupeFor(node, store),
      send: (msg) => node.send(msg),
      status,
      report: (err) => node.error(err.message, { stripe: { source: 'poll', error: err.toJSON() } }),
      log: (line) => node.log(line),
      warn: (text) => node.warn(text),
    },
    {
      filter: {
        types: typeList(config.events),
        livemode: config.livemode ?? 'any',
        account: (config.account ?? '').trim(),
      },
      intervalMs: seconds(config.interval, DEFAULT_INTERVAL_S, MIN_INTERVAL_S) * 1000,
      replayHours,
      start: config.start === 'replay' ? 'replay' : 'now',
    },
  );

  if (!clientNode) status({ fill: 'red', shape: 'ring', text: 'no stripe-client' });
  else if (clientNode.configError) status({ fill: 'red', shape: 'ring', text: short(clientNode.configError.message) });
  else {
    if (isMemoryStore(RED.settings?.contextStorage, store)) {
      node.warn(
        'The cursor is kept in a memory context store: after a restart this node starts again from its start setting. Choose a file or other persistent store to continue where it stopped',
      );
    }
    status({ fill: 'grey', shape: 'ring', text: 'starting' });
    poller.start();
  }

  node.on('input', (msg, send, done) => {
    const work =
      msg.replay !== undefined
        ? poller
            .replay(...replayRange(msg.replay, replayHours), (m: NodeMessage) => send(m))
            .then((n) => {
              status({ fill: 'green', shape: 'dot', text: short(`replayed ${n}`) });
            })
        : poller.pollNow();
    work.then(
      () => done(),
      (err: unknown) => {
        const e = toStripeError(err);
        status({ fill: 'red', shape: 'ring', text: short(e.reason || e.message) });
        msg.stripe = { source: 'poll', error: e.toJSON() };
        done(e);
      },
    );
  });

  node.on('close', (_removed, done) => {
    closed = true;
    void poller.close().finally(() => {
      node.status({});
      done();
    });
  });
}

export = function register(RED: EventsRED): void {
  function StripeEventsNode(this: ContextNode, config: EventsConfig): void {
    RED.nodes.createNode(this, config);
    setupEvents(RED, this, config);
  }
  RED.nodes.registerType('stripe-events', StripeEventsNode);
};
