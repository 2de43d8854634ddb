/**
 * The node roles: the subscriber reads (GET), the publisher writes (POST or DELETE, its `method`
 * setting). What a node may run, and why it refuses an operation of another method.
 */
import type { HttpMethod, OperationLike } from './operations';
import { Checked, accept, refuse } from './problem';

export type Role = 'subscriber' | 'publisher';

/** The one method a node of this role runs: GET, or the publisher's setting (POST unless DELETE). */
export function methodFor(role: Role, configured?: unknown): HttpMethod {
  if (role === 'subscriber') return 'GET';
  return configured === 'DELETE' ? 'DELETE' : 'POST';
}

/**
 * The methods a role's operation picker offers: the publisher POST and DELETE whatever its setting
 * (choosing an operation sets the method to the operation's).
 */
export function pickerMethods(role: Role): HttpMethod[] {
  return role === 'subscriber' ? ['GET'] : ['POST', 'DELETE'];
}

/** Whether a node of this role, set to `nodeMethod`, may run the operation. */
export function checkOperationMethod<O extends OperationLike>(role: Role, nodeMethod: HttpMethod, op: O): Checked<O> {
  if (role === 'subscriber' && op.method !== 'GET') {
    return refuse('subscriberOnlyGet', { op: op.id, method: op.method });
  }
  if (role === 'publisher' && op.method === 'GET') return refuse('publisherNoGet', { op: op.id });
  if (role === 'publisher' && op.method !== nodeMethod) {
    return refuse('publisherWrongMethod', { op: op.id, method: op.method, nodeMethod });
  }
  return accept(op);
}
