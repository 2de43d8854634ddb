/**
 * GET stripe/context-stores: the context stores of this Node-RED and whether each keeps its values
 * only in memory (lost on a restart), so that the event nodes' dialogs can warn before a cursor or
 * the dedupe is put there. The editor knows the stores' names only, not their modules.
 */
import type { Request, Response } from 'express';
import { isMemoryStore, type StoreSettings } from '../shared/context-stores';

export interface StoreRED {
  httpAdmin: { get(path: string, ...handlers: unknown[]): void };
  auth: { needsPermission(permission: string): unknown };
  settings?: { contextStorage?: StoreSettings };
}

const registered = new WeakSet<object>();

/** `{ stores: [{ name, memory }] }`; the first is the default store (named '' in a node's setting). */
export function contextStores(contextStorage: StoreSettings): { stores: { name: string; memory: boolean }[] } {
  const names = Object.keys(contextStorage ?? {}).filter((n) => n !== 'default');
  return {
    stores: [
      { name: '', memory: isMemoryStore(contextStorage, '') },
      ...names.map((name) => ({ name, memory: isMemoryStore(contextStorage, name) })),
    ],
  };
}

export function registerStoreAdmin(RED: StoreRED): void {
  const app = RED.httpAdmin;
  if (!app || registered.has(app)) return;
  registered.add(app);
  app.get('/stripe/context-stores', RED.auth.needsPermission('flows.read'), (_req: Request, res: Response) => {
    res.set('Cache-Control', 'no-store');
    res.json(contextStores(RED.settings?.contextStorage));
  });
}
