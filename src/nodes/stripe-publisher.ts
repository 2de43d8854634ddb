/** stripe-publisher: POST or DELETE to any Stripe operation, msg.payload as the body. */
import type { Node, NodeAPI } from './shared/types';
import { OperationNodeConfig, reportDeletedQueues, setupOperationNode } from './operations/operation-node';
import type { HoldRED } from './operations/hold-sender';
import { text } from '../stripe';
import { wordsFor } from './shared/words';
import { registerSidebar, sidebar } from './sidebar';

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
  (RED as HoldRED).events?.on('flows:started', () =>
    reportDeletedQueues(
      RED,
      (n, file, id) => words.text(text('errors.holdKeptForDeleted', { id, n, file })),
      (n, file, id) => words.text(text('errors.holdKeptForNotHolding', { id, n, file })),
    ),
  );
};
