// What the canvas marks and the dialogs say about an operation node's settings: the operation and
// its method, and the required path parameters. Pure: the texts come from the message catalog.
import { asText } from '../shared/as-text';
import { findOperation } from './catalogue';
import { t } from '../shared/i18n';
import { checkOperationMethod, methodFor } from '../../rules';
import type { Operation, Role, Values } from '../shared/types';

/**
 * The rules' verdict on the operation's method, in the dialog's words (which say how to fix it here):
 * the subscriber only reads; the publisher's method must be the operation's.
 */
function methodProblem(role: Role, op: Operation, method: unknown): true | string {
  const nodeMethod = methodFor(role, method);
  const checked = checkOperationMethod(role, nodeMethod, op);
  if (checked.ok) return true;
  return checked.problem.code === 'rules.subscriberOnlyGet'
    ? t('errors.notGet', { op: op.id, method: op.method })
    : t('errors.wrongMethod', { op: op.id, method: op.method, nodeMethod });
}

/**
 * true, or the reason the operation cannot be used by this node. Empty means msg.operationId; an
 * operationId is judged once the catalogue is here (true until then).
 */
export function checkOperation(role: Role, ref: unknown, method: unknown): true | string {
  const key = asText(ref).trim();
  if (!key) return true;
  const op = findOperation(key);
  if (op === undefined) return true;
  if (!op) return t('errors.unknownOperation', { op: key });
  return methodProblem(role, op, method);
}

/** A value that gives a parameter something: literal text or a template (msg may fill it). */
export function hasValue(v: unknown): boolean {
  return typeof v === 'string' ? v.trim() !== '' : v !== undefined && v !== null;
}

/** The required path parameters of an operation that have no value. */
export function missingPath(op: Operation, values: unknown): string[] {
  const given = (values && typeof values === 'object' ? values : {}) as Values;
  return op.pathParams.filter((p) => p.required && !hasValue(given[p.name])).map((p) => p.name);
}

/**
 * true, or which required path parameters have no value. A row left empty has nothing to send and
 * nothing from the message: to take a value from the message say so with a template such as
 * {{path.id}} or {{payload.id}}. With no operation (msg.operationId) nothing can be checked.
 */
export function checkPath(ref: unknown, values: unknown): true | string {
  const op = findOperation(ref);
  if (!op) return true;
  const missing = missingPath(op, values);
  return missing.length ? t('errors.missingPath', { names: missing.join(', ') }) : true;
}

/** Names like `email`, `metadata[order]`, `items[0][price]`, `expand[]`. */
export const NAME = /^[A-Za-z0-9_.-]+(\[[^[\]]*\])*$/;

/** Stripe's API reference for an operation's resource (https://docs.stripe.com/api/<resource>). */
export function referenceUrl(op: Pick<Operation, 'path'> | null | undefined): string {
  const base = 'https://docs.stripe.com/api';
  const m = op && op.path ? /^\/v[12]\/([a-z_]+)/.exec(op.path) : null;
  return m ? `${base}/${m[1]}` : base;
}

/** A node's label on the canvas: its name, else its operation, else the palette label. */
export function label(node: { name?: unknown; operationId?: unknown }, paletteLabel: string): string {
  const name = typeof node.name === 'string' ? node.name : '';
  return name || (node.operationId ? asText(node.operationId).trim() : '') || paletteLabel;
}
