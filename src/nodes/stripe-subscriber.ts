/** stripe-subscriber: reads any Stripe GET operation, optionally every page of a list or search. */
import type { Node, NodeAPI } from './types';
import { OperationNodeConfig, setupOperationNode } from './operation-node';

export = function register(RED: NodeAPI): void {
  function StripeSubscriberNode(this: Node, config: OperationNodeConfig): void {
    RED.nodes.createNode(this, config);
    setupOperationNode(RED, this, config, 'subscriber');
  }
  RED.nodes.registerType('stripe-subscriber', StripeSubscriberNode);
};
