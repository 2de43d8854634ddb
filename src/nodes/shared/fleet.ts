/** What the nodes that name a stripe-fleet share: finding its connection, and a status that follows Redis's state. */
import { StripeError, text, type FleetConnection, type FleetState, type Text } from '../../stripe';
import { short } from './status-text';
import type { FleetNode, NodeAPI, NodeStatus } from './types';

/** The connection of the stripe-fleet with this id; undefined for none; throws when it is not deployed. */
export function fleetConnectionOf(RED: Pick<NodeAPI, 'nodes'>, id: string | undefined): FleetConnection | undefined {
  if (!id) return undefined;
  const node = RED.nodes.getNode(id) as FleetNode | null;
  if (!node) throw new StripeError('config', text('errors.fleetNotDeployed'));
  return node.connection();
}

/** The same for a node that shows the problem itself: the connection, or what keeps it from existing. */
export function fleetOrProblem(
  RED: Pick<NodeAPI, 'nodes'>,
  id: string | undefined,
): { fleet?: FleetConnection; problem?: Text } {
  try {
    return { fleet: fleetConnectionOf(RED, id) };
  } catch (err) {
    return { problem: (err as { said?: Text }).said ?? text('errors.fleetNotDeployed') };
  }
}

/** The status of a node while its fleet's Redis is out of reach or refuses the login; undefined when usable. */
export function fleetStatus(state: FleetState, say: (t: Text) => string): NodeStatus | undefined {
  if (state === 'refused') return { fill: 'red', shape: 'ring', text: short(say(text('status.fleetAuth'))) };
  if (state === 'unreachable') return { fill: 'red', shape: 'ring', text: short(say(text('status.fleetUnreachable'))) };
  return undefined;
}

/**
 * Shows the fleet's trouble on a node's status when it starts and changes (not per request): `show`
 * gets a status while Redis cannot be used and undefined when it is back. Returns a function that stops it.
 */
export function watchFleet(
  fleet: FleetConnection,
  show: (s: NodeStatus | undefined) => void,
  say: (t: Text) => string,
): () => void {
  const now = fleetStatus(fleet.state, say);
  if (now) show(now);
  return fleet.onState((state) => {
    if (state !== 'connecting') show(fleetStatus(state, say));
  });
}
