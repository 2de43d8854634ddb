/** stripe-publisher: POST or DELETE to any Stripe operation, msg.payload as the body. */
import type { Node, NodeAPI } from './shared/types';
import { OperationNodeConfig, setupOperationNode } from './operations/operation-node';

export = function register(RED: NodeAPI): void {
  function StripePublisherNode(this: Node, config: OperationNodeConfig): void {
    RED.nodes.createNode(this, config);
    setupOperationNode(RED, this, config, 'publisher');
  }
  RED.nodes.registerType('stripe-publisher', StripePublisherNode);
};
