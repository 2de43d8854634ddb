// What the subscriber's and publisher's html files call: the dialog's open/save/cancel, and the node
// definition both share (the canvas marks come from its validate functions).
import { asText } from '../shared/as-text';
import { findOperation } from '../catalogue/catalogue';
import { requestCatalogue } from '../catalogue/catalogue-load';
import { OperationDialog, type OperationNode } from './operation-dialog';
import type { Role } from '../shared/types';
import { checkOperation, checkPath } from '../catalogue/validation';
import { validator } from '../shared/validator';

let current: OperationDialog | null = null; // the dialog that is open (one edit tray at a time)

const isCurrent = (d: OperationDialog): boolean => current === d;

function close(): void {
  current?.destroy();
  current = null;
}

export function prepareOperationDialog(node: OperationNode, role: Role): OperationDialog {
  close();
  current = new OperationDialog(node, role, isCurrent);
  current.start();
  return current;
}

export function saveOperationDialog(node: OperationNode): void {
  if (current && current.node === node) {
    current.save();
    current = null;
  }
}

export function cancelOperationDialog(node: OperationNode): void {
  if (current && current.node === node) close();
}

/** The open dialog (for tests). */
export function currentDialog(): OperationDialog | null {
  return current;
}

/** An operationId cannot be judged before the catalogue is here: fetch it, and judge again then. */
function judgeable(ref: unknown): void {
  if (asText(ref).trim() && findOperation(ref) === undefined) requestCatalogue();
}

/** The node definition both operation nodes share; the html files add what differs. */
export function operationDefaults(role: Role) {
  return {
    name: { value: '' },
    client: { value: '', type: 'stripe-client', required: true },
    operationId: {
      value: '',
      validate: validator<OperationNode>(function (v) {
        judgeable(v);
        // While the dialog is open its method select counts, not the saved method.
        const method = current && current.node === this ? current.method() : this.method;
        return checkOperation(role, v, method);
      }),
    },
    path: {
      value: {},
      validate: validator<OperationNode>(function (v) {
        judgeable(this.operationId);
        const ok = checkOperation(role, this.operationId, this.method);
        return ok === true ? checkPath(this.operationId, v) : true;
      }),
    },
    query: { value: {} },
  };
}
