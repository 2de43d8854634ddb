/** stripe-subscriber: reads any Stripe GET operation, optionally every page of a list or search. */
import type { Node, NodeAPI } from './shared/types';
import { OperationNodeConfig, setupOperationNode } from './operations/operation-node';

export = function register(RED: NodeAPI): void {
  function StripeSubscriberNode(this: Node, config: OperationNodeConfig): void {
    RED.nodes.createNode(this, config);
    setupOperationNode(RED, this, config, 'subscriber');
  }
  RED.nodes.registerType('stripe-subscriber', StripeSubscriberNode);
};
