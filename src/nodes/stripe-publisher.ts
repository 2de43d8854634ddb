/** stripe-publisher: POST or DELETE to any Stripe operation, msg.payload as the body. */
import type { Node, NodeAPI } from './shared/types';
import { OperationNodeConfig, reportDeletedQueues, setupOperationNode } from './operations/operation-node';
import type { HoldRED } from './operations/hold-sender';
import { text } from '../stripe';
import { wordsFor } from './shared/words';
import { registerSidebar, sidebar } from './sidebar';

/** The deleted-queue report of each runtime's events emitter, from the latest load of this module. */
const reporters = new WeakMap<object, () => void>();

export = function register(RED: NodeAPI): void {
  function StripePublisherNode(this: Node, config: OperationNodeConfig): void {
    RED.nodes.createNode(this, config);
    const hold = setupOperationNode(RED, this, config, 'publisher');
    if (hold) {
      const stop = sidebar.watchHold(this.id, hold);
      this.on('close', (_removed, done) => {
        stop();
        done();
      });
    }
  }
  registerSidebar(RED);
  RED.nodes.registerType('stripe-publisher', StripePublisherNode);
  // Held messages of a publisher no longer in the flows, or no longer holding, stay on disk: the log says how many and where.
  const words = wordsFor(RED);
  const events = (RED as HoldRED).events;
  if (!events) return;
  const had = reporters.has(events);
  reporters.set(events, () =>
    reportDeletedQueues(
      RED,
      (n, file, id) => words.text(text('errors.holdKeptForDeleted', { id, n, file })),
      (n, file, id) => words.text(text('errors.holdKeptForNotHolding', { id, n, file })),
    ),
  );
  // One listener per runtime: a runtime that loads the module again (a restart in the same process)
  // replaces the report instead of adding a listener each time.
  if (!had) events.on('flows:started', () => reporters.get(events)?.());
};
