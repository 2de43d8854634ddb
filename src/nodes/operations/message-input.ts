/**
 * What the subscriber and the publisher read from their settings and the message: the operation,
 * and the request (the node's rendered templates, the message's own values merged over them).
 */
import { HttpMethod, Operation, Problem, Role, checkOperationMethod, lookUpOperation } from '../../rules';
import {
  Values,
  PreparedRequest,
  asValues,
  buildRequest,
  catalogueIndex,
  inputError,
  inputProblem,
  isDate,
  isPlainObject,
  isStripeObject,
  kindOf,
  mergeValues,
  renderTemplates,
  Text,
  text,
} from '../../stripe';
import type { NodeMessage } from '../shared/types';

export type { Role } from '../../rules';

export interface OperationNodeConfig {
  name?: string;
  client?: string;
  operationId?: string;
  path?: unknown;
  query?: unknown;
  payload?: unknown;
  method?: string;
  pagination?: boolean;
  output?: string;
  maxItems?: number | string;
}

/** The few words the node's status shows for each refusal of an operation. */
function operationReason(p: Problem): Text {
  switch (p.code) {
    case 'rules.noOperation':
      return text('status.noOperation');
    case 'rules.operationNotString':
      return text('status.bad', { where: 'msg.operationId' });
    case 'rules.unknownOperation':
      return text('status.unknownOperation');
    case 'rules.subscriberOnlyGet':
      return text('status.needsPublisher', { method: p.params.method });
    case 'rules.publisherNoGet':
      return text('status.needsSubscriber');
    default:
      return text('status.methodMismatch', { method: p.params.nodeMethod, opMethod: p.params.method });
  }
}

/** Finds the message's operation and checks that this node may call it (the rules the editor applies too). */
export function resolveOperation(
  role: Role,
  configured: string | undefined,
  msgRef: unknown,
  method: HttpMethod,
): Operation {
  const found = lookUpOperation(configured, msgRef, catalogueIndex());
  const checked = found.ok ? checkOperationMethod(role, method, found.value) : found;
  if (!checked.ok) throw inputProblem(checked.problem, 'operationId', operationReason(checked.problem));
  return checked.value;
}

/**
 * What the publisher takes from msg.payload for its body (merged over the node's payload settings):
 * - a plain object of fields (from any realm: a function node's too) is the body;
 * - a Buffer, for a file upload (PostFiles), is the file;
 * - anything else is there for the templates only: a value (an inject node's timestamp, an id), an
 *   array, a Date, and a Stripe object (something read: a subscriber's answer flowing on).
 * What cannot be either (a Map, a class instance, a function) is refused.
 */
export function bodyOf(op: Operation, payload: unknown, filename?: unknown): Values {
  if (isPlainObject(payload)) return isStripeObject(payload) ? {} : payload;
  if (Buffer.isBuffer(payload)) {
    if (op.contentType !== 'multipart/form-data') return {};
    // A file-in node says where the file came from in msg.filename: Stripe shows that name.
    const name = typeof filename === 'string' ? filename.split(/[\\/]/).pop() : '';
    return name ? { file: payload, file_name: name } : { file: payload };
  }
  if (payload === undefined || payload === null || Array.isArray(payload) || isDate(payload)) return {};
  // JSON text (an http request node's default output, a template node without a json node) is a
  // body the user meant to send: refused, rather than quietly sending the node's settings alone.
  if (typeof payload === 'string' && /^\s*[{[]/.test(payload)) {
    throw inputError(text('errors.payloadJsonText'), undefined, text('status.payloadText'));
  }
  if (['string', 'number', 'boolean', 'bigint'].includes(typeof payload)) return {};
  throw inputError(
    text('errors.badPayload', { kind: kindOf(payload) }),
    undefined,
    text('status.bad', { where: 'msg.payload' }),
  );
}

/** The request for an operation: path, query and (for the publisher) body, the message's values merged over the node's. */
export function requestFor(role: Role, config: OperationNodeConfig, op: Operation, msg: NodeMessage): PreparedRequest {
  const path = mergeValues(renderTemplates(config.path, msg, 'path'), asValues(msg.path, 'msg.path'));
  const query = mergeValues(renderTemplates(config.query, msg, 'query'), asValues(msg.query, 'msg.query'));
  const body =
    role === 'publisher'
      ? mergeValues(renderTemplates(config.payload, msg, 'payload'), bodyOf(op, msg.payload, msg.filename))
      : undefined;
  return buildRequest(op, { path, query, body });
}
