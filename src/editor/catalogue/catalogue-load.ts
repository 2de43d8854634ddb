// Fetches the catalogue once per editor session, and marks the canvas again once it is here (an
// operationId cannot be judged before).
import { catalogue, setCatalogue, setCatalogueError, setOperationDetails } from './catalogue';
import type { Catalogue, Operation } from '../shared/types';
import type { EventObject } from '../../rules';

let pending: Promise<Catalogue> | null = null;

export function loadCatalogue(): Promise<Catalogue> {
  pending ??= new Promise<Catalogue>((resolve, reject) => {
    $.ajax({ url: 'stripe/catalogue', dataType: 'json', cache: true })
      .done((data: Catalogue) => {
        setCatalogue(data);
        resolve(data);
        revalidateNodes();
      })
      .fail((xhr: JQuery.jqXHR) => {
        pending = null; // the next look-up tries again
        const error = xhr.status ? `HTTP ${xhr.status}` : 'network error';
        setCatalogueError(error);
        reject(new Error(error));
      });
  });
  return pending;
}

/** Starts the fetch when the catalogue is not here yet; a failure shows in the dialog, not here. */
export function requestCatalogue(): void {
  if (!catalogue()) loadCatalogue().catch(() => undefined);
}

const details = new Map<string, Promise<Operation>>();

/**
 * Fetches an operation's details (its nested query parameters and body fields) once per editor
 * session; a failed fetch is tried again on the next call.
 */
export function loadOperationDetails(id: string): Promise<Operation> {
  let p = details.get(id);
  if (!p) {
    p = new Promise<Operation>((resolve, reject) => {
      $.ajax({ url: `stripe/catalogue/operations/${encodeURIComponent(id)}`, dataType: 'json', cache: true })
        .done((data: Operation) => {
          const op = setOperationDetails(data);
          if (op) resolve(op);
          else reject(new Error(`unknown operation ${id}`));
        })
        .fail((xhr: JQuery.jqXHR) => {
          details.delete(id);
          reject(new Error(xhr.status ? `HTTP ${xhr.status}` : 'network error'));
        });
    });
    details.set(id, p);
  }
  return p;
}

interface CanvasNode {
  type: string;
  valid?: boolean;
  dirty?: boolean;
}

/** Marks every operation node on the canvas again (after the catalogue arrived). */
export function revalidateNodes(): void {
  if (!RED.nodes || !RED.editor || !RED.editor.validateNode) return;
  let changed = false;
  RED.nodes.eachNode((n: object) => {
    const node = n as CanvasNode;
    if (node.type === 'stripe-subscriber' || node.type === 'stripe-publisher') {
      const was = node.valid;
      RED.editor.validateNode(node);
      if (was !== node.valid) {
        node.dirty = true;
        changed = true;
      }
    }
    return true;
  });
  if (changed && RED.view && RED.view.redraw) RED.view.redraw(true);
}

const eventObjectsCache = new Map<string, Promise<EventObject[]>>();

/**
 * Fetches the data.object of event types (GET stripe/catalogue/events?types=...) once per editor
 * session and set of types; a failed fetch is tried again on the next call.
 */
export function loadEventObjects(types: string[]): Promise<EventObject[]> {
  const key = [...new Set(types)].sort().join(',');
  let p = eventObjectsCache.get(key);
  if (!p) {
    p = new Promise<EventObject[]>((resolve, reject) => {
      $.ajax({ url: 'stripe/catalogue/events', data: { types: key }, dataType: 'json', cache: true })
        .done((data: { objects?: EventObject[] }) => resolve(data.objects ?? []))
        .fail((xhr: JQuery.jqXHR) => {
          eventObjectsCache.delete(key);
          reject(new Error(xhr.status ? `HTTP ${xhr.status}` : 'network error'));
        });
    });
    eventObjectsCache.set(key, p);
  }
  return p;
}
