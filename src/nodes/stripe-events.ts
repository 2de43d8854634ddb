/**
 * stripe-events: reads Stripe's events with GET /v1/events on an interval, for installs Stripe cannot
 * reach with a webhook. Each event once, oldest first, the cursor kept in a context store; a message
 * with msg.replay re-sends a time range; any other message polls at once.
 */
import * as os from 'os';
import { checkEventFilter, checkInterval, checkReplayHours, type Checked } from '../rules';
import { FleetClaims, FleetLease, text, toStripeError, type FleetConnection, type LivemodeFilter } from '../stripe';
import { registerStoreAdmin } from './admin/context-stores';
import { contextStore, dedupeFor, type ContextNode } from './events/event-output';
import { isMemoryStore, type StoreSettings } from './shared/context-stores';
import { EventPoller, replayRange, type PollerSettings } from './events/event-poller-node';
import { short } from './shared/status-text';
import type { ClientNode, NodeAPI, NodeMessage, NodeStatus } from './shared/types';
import { wordsFor } from './shared/words';
import { fleetOrProblem, fleetStatus } from './shared/fleet';
import { registerSidebar, sidebar } from './sidebar';

/** This instance, as the sidebar names it in a fleet: the host and the process. */
const INSTANCE = `${os.hostname()}:${process.pid}`;

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
  /** The id of a stripe-fleet: one instance of the fleet polls at a time, its cursor in Redis. */
  fleet?: string;
}

type EventsRED = NodeAPI & { settings?: { contextStorage?: StoreSettings } };

/** The node's settings, checked by the same rules as its dialog; the first refusal if any. */
function settingsOf(config: EventsConfig): Checked<PollerSettings> {
  const interval = checkInterval(config.interval);
  if (!interval.ok) return interval;
  const hours = checkReplayHours(config.replayHours);
  if (!hours.ok) return hours;
  const filter = checkEventFilter(config);
  if (!filter.ok) return filter;
  return {
    ok: true,
    value: {
      filter: filter.value,
      intervalMs: interval.value * 1000,
      replayHours: hours.value,
      start: config.start === 'replay' ? 'replay' : 'now',
    },
  };
}

function setupEvents(RED: EventsRED, node: ContextNode, config: EventsConfig): void {
  const clientNode = (config.client ? RED.nodes.getNode(config.client) : null) as ClientNode | null;
  const store = config.store ?? '';
  let closed = false;
  const status = (s: NodeStatus): void => {
    if (!closed) node.status(s);
  };
  const words = wordsFor(RED);
  const checked = settingsOf(config);
  const { fleet, problem: fleetError } = fleetOrProblem(RED, config.fleet);
  // With a fleet: a lease per poller node, account and mode, the cursor beside it, claims in Redis.
  let lease: FleetLease | undefined;
  const leaseOf = (f: FleetConnection): FleetLease => {
    const client = clientNode?.getClient();
    lease ??= new FleetLease(f, [node.id, client?.stripeAccount || 'platform', client?.mode ?? 'test']);
    return lease;
  };
  const cursorStore = fleet
    ? {
        get: (k: string) => leaseOf(fleet).cursorStore().get(k),
        set: (k: string, v: unknown) => leaseOf(fleet).cursorStore().set(k, v),
        keys: () => leaseOf(fleet).cursorStore().keys(),
      }
    : contextStore(node.context(), store || undefined);
  const poller = checked.ok
    ? new EventPoller(
        {
          clientNode,
          cursorStore,
          dedupe: fleet ? new FleetClaims(fleet) : dedupeFor(node, store),
          ...(fleet
            ? {
                lease: () => leaseOf(fleet),
                fleetTrouble: () => fleetStatus(fleet.state, (t) => words.text(t)),
              }
            : {}),
          send: (msg) => node.send(msg),
          status,
          report: (err) => node.error(words.error(err), { stripe: { source: 'poll', error: err.toJSON() } }),
          log: (line) => node.log(line),
          warn: (line) => node.warn(line),
          words,
          source: node.id,
          observe: (p) => sidebar.poller(node.id, fleet ? { ...p, instance: INSTANCE } : p),
        },
        checked.value,
      )
    : undefined;

  if (!checked.ok) {
    const said = words.text(text(checked.problem.code, checked.problem.params));
    status({ fill: 'red', shape: 'ring', text: short(said) });
    node.error(said);
  } else if (fleetError) {
    status({ fill: 'red', shape: 'ring', text: short(words.text(text('status.fleetNotDeployed'))) });
    node.error(words.text(fleetError));
  } else if (!clientNode) status({ fill: 'red', shape: 'ring', text: short(words.text(text('status.noClient'))) });
  else if (clientNode.configError)
    status({ fill: 'red', shape: 'ring', text: short(words.error(clientNode.configError)) });
  else {
    if (!fleet && isMemoryStore(RED.settings?.contextStorage, store)) {
      node.warn(words.text(text('errors.eventsMemoryStore')));
    }
    status({ fill: 'grey', shape: 'ring', text: short(words.text(text('status.eventsStarting'))) });
    poller?.start();
  }

  node.on('input', (msg, send, done) => {
    if (!poller || !checked.ok) return done(new Error(checked.ok ? 'not started' : checked.problem.message));
    const hours = checked.value.replayHours;
    const work =
      msg.replay !== undefined
        ? Promise.resolve()
            // Inside the chain: a bad msg.replay is refused like any other failure (status, done).
            .then(() => poller.replay(...replayRange(msg.replay, hours), (m: NodeMessage) => send(m)))
            .then((n) => {
              status({
                fill: 'green',
                shape: 'dot',
                text: short(words.text(text('status.eventsReplayed', { events: n }))),
              });
            })
        : poller.pollNow();
    work.then(
      () => done(),
      (err: unknown) => {
        const e = toStripeError(err);
        status({ fill: 'red', shape: 'ring', text: short(words.reason(e)) });
        msg.stripe = { source: 'poll', error: e.toJSON() };
        done(new Error(words.error(e)));
      },
    );
  });

  node.on('close', (_removed, done) => {
    closed = true;
    sidebar.forget('poller', node.id);
    void (poller ? poller.close() : Promise.resolve()).finally(() => {
      node.status({});
      done();
    });
  });
}

export = function register(RED: EventsRED): void {
  registerStoreAdmin(RED);
  registerSidebar(RED);
  function StripeEventsNode(this: ContextNode, config: EventsConfig): void {
    RED.nodes.createNode(this, config);
    setupEvents(RED, this, config);
  }
  RED.nodes.registerType('stripe-events', StripeEventsNode);
};
