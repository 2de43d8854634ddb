// The catalogue the editor holds (fetched once per editor session by catalogue-load.ts), indexed for
// look-ups and the search.
import { asText } from '../shared/as-text';
import { rawOperation } from '../../rules';
import { indexEntry, search, type IndexEntry, type SearchResult } from './search';
import type { Catalogue, Operation } from '../shared/types';

interface Held {
  data: Catalogue;
  byId: Map<string, Operation>;
  byLower: Map<string, Operation>;
  index: IndexEntry[];
}

let held: Held | null = null;
let loadError: string | null = null;

/** What the catalogue endpoint sent, with the lists and description it leaves out when empty filled in. */
function normalise(op: Partial<Operation> & Pick<Operation, 'id' | 'method' | 'path'>): Operation {
  return {
    ...op,
    description: op.description ?? '',
    pathParams: op.pathParams ?? [],
    queryParams: op.queryParams ?? [],
    bodyFields: op.bodyFields ?? [],
  };
}

/** Indexes a catalogue for look-ups and the search (tests give one of their own). */
export function setCatalogue(data: Catalogue): void {
  const operations = (data.operations ?? []).map(normalise);
  held = {
    data: { ...data, operations },
    byId: new Map(operations.map((op) => [op.id, op])),
    byLower: new Map(operations.map((op) => [op.id.toLowerCase(), op])),
    index: operations.map(indexEntry),
  };
  loadError = null;
}

/**
 * Puts an operation's details (GET stripe/catalogue/operations/:id: its nested query parameters and
 * body fields) into the held operation, which the look-ups and the search then give; returns it.
 */
export function setOperationDetails(details: Partial<Operation> & Pick<Operation, 'id'>): Operation | null {
  const op = held?.byId.get(details.id);
  if (!op) return null;
  if (details.pathParams) op.pathParams = details.pathParams;
  op.queryParams = details.queryParams ?? [];
  op.bodyFields = details.bodyFields ?? [];
  if (details.response) op.response = details.response;
  if (details.ids) op.ids = details.ids;
  op.detailed = true;
  return op;
}

/** Whether an operation's parameters must still be fetched before its dialog can offer them. */
export function needsDetails(op: Operation | null | undefined): op is Operation {
  return !!op && !op.raw && !op.detailed && !!held && held.byId.get(op.id) === op;
}

/** The catalogue, or null until it has arrived. */
export function catalogue(): Catalogue | null {
  return held ? held.data : null;
}

/** Why the last fetch failed (null when it did not). */
export function catalogueError(): string | null {
  return loadError;
}

export function setCatalogueError(error: string): void {
  loadError = error;
}

/**
 * Looks an operation up as the runtime does: operationId (exact, then any case) or raw `METHOD /path`.
 * Returns the operation, null when it is not one, or undefined while the catalogue is not loaded.
 */
export function findOperation(ref: unknown): Operation | null | undefined {
  const key = asText(ref).trim();
  if (!key) return null;
  const raw = rawOperation(key);
  if (!held) return raw;
  return held.byId.get(key) ?? raw ?? held.byLower.get(key.toLowerCase()) ?? null;
}

/** Whether the catalogue has an operation of this method and path (a raw reference is then not new). */
export function hasEndpoint(method: string, path: string): boolean {
  return !!held && held.data.operations.some((o) => o.method === method && o.path === path);
}

/** The search over the held catalogue (nothing before it has arrived). */
export function searchCatalogue(query: unknown, methods: readonly string[] | null): SearchResult[] {
  return search(held ? held.index : [], query, methods);
}
