/**
 * What the subscriber and the publisher share: the node's settings, its status, and its input and
 * close events. A message is handled by handleMessage (message-handler.ts); a pagination run is sent
 * by the PageSender (page-sender.ts); msg.stripe is a StripeMeta (meta.ts).
 */
import { setMaxListeners } from 'events';
import { methodFor } from '../../rules';
import { text, toStripeError } from '../../stripe';
import { handleMessage } from './message-handler';
import { HoldConfig, HoldSender } from './hold-sender';
import type { OperationNodeConfig, Role } from './message-input';
import type { OutputMode } from './page-sender';
import { short } from '../shared/status-text';
import type { ClientNode, Node, NodeAPI, NodeStatus } from '../shared/types';
import { wordsFor } from '../shared/words';

export { StripeMeta, stripeMeta } from './meta';
export { OperationNodeConfig, Role, bodyOf, resolveOperation } from './message-input';
export { nestedDeeperThan, outcomeUnknown } from './message-handler';
export { OutputMode } from './page-sender';
export { reportDeletedQueues } from './hold-sender';

/** The most objects a pagination run fetches when the node does not say. */
const MAX_ITEMS = 10000;

/** Sets the node up; returns its queue of held messages (a publisher with offline: hold), for the Stripe sidebar. */
export function setupOperationNode(
  RED: NodeAPI,
  node: Node,
  config: OperationNodeConfig,
  role: Role,
): HoldSender | null {
  const clientNode = (config.client ? RED.nodes.getNode(config.client) : null) as ClientNode | null;
  const method = methodFor(role, config.method);
  const output: OutputMode = config.output === 'page' || config.output === 'item' ? config.output : 'all';
  const maxItems = Number(config.maxItems) > 0 ? Math.floor(Number(config.maxItems)) : MAX_ITEMS;
  // One signal for the node's requests, aborted when it closes (not a controller per message: a
  // message's path pays for nothing it does not need). Every request in flight listens to it.
  const closing = new AbortController();
  setMaxListeners(0, closing.signal);
  let closed = false;

  const words = wordsFor(RED);
  const status = (s: NodeStatus): void => {
    if (!closed) node.status(s);
  };

  if (!clientNode) {
    status({ fill: 'red', shape: 'ring', text: short(words.text(text('status.noClient'))) });
  } else if (clientNode.configError) {
    status({ fill: 'red', shape: 'ring', text: short(words.error(clientNode.configError)) });
  }

  const ctx = {
    node,
    clientNode,
    config,
    role,
    method,
    output,
    maxItems,
    clone: <T>(msg: T): T => RED.util.cloneMessage(msg),
    signal: closing.signal,
    isClosed: () => closed,
    status,
    words,
  };

  // offline: hold (the publisher only): every message goes through the node's queue on disk.
  const hold = role === 'publisher' && (config as HoldConfig).offline === 'hold' ? new HoldSender(RED, ctx) : null;

  node.on('input', (msg, send, done) => {
    if (hold) {
      hold.input(msg, send, done);
      return hold.onChange?.();
    }
    // handleMessage() catches everything itself; the final catch only guards against a bug becoming an unhandled rejection.
    handleMessage(ctx, msg, send, done).catch((err) => {
      // Without the message: if done(err) itself threw, handing the message on again would throw again.
      try {
        node.error(words.error(toStripeError(err)));
      } catch {
        /* nothing more can be done; never an unhandled rejection */
      }
    });
  });

  node.on('close', (removed, done) => {
    closed = true;
    closing.abort();
    node.status({});
    if (!hold) return done();
    hold.close(removed).then(
      () => done(),
      (err: unknown) => {
        node.error(words.error(toStripeError(err)));
        done();
      },
    );
  });
  return hold;
}
