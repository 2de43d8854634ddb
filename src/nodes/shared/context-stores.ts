/** Node-RED's context store settings, as the event nodes and their dialog route read them. */

export type StoreSettings = Record<string, { module?: unknown } | string | undefined> | undefined;

/**
 * Whether a context store keeps nothing across a restart: Node-RED's memory store, or no store
 * configured at all (then every context is in memory). A store named by another (`default: "file"`)
 * is followed.
 */
export function isMemoryStore(contextStorage: StoreSettings, store: string): boolean {
  if (!contextStorage || !Object.keys(contextStorage).length) return true;
  let name = store || 'default';
  for (let hops = 0; hops < 5; hops++) {
    const entry =
      contextStorage[name] ?? (name === 'default' ? contextStorage[Object.keys(contextStorage)[0]] : undefined);
    if (entry === undefined) return true;
    if (typeof entry === 'string') {
      name = entry;
      continue;
    }
    return entry.module === undefined || entry.module === 'memory';
  }
  return true;
}
