// The model behind a dialog's parameter section (path, query or body fields): which rows it starts
// with, how a row is judged, what is saved, and what the "add" field offers. No DOM here.
import { asText } from '../shared/as-text';
import { findFlat, flattenParams, namePattern, type FlatParam } from './fields';
import { queryWords } from '../catalogue/search';
import { hasValue, NAME } from '../catalogue/validation';
import type { Kind, Operation, Param, Role, Values } from '../shared/types';

/** The parameters an operation declares for a section (top-level; nested ones under their `fields`). */
export function knownParams(op: Operation | null, kind: Kind): Param[] {
  if (!op) return [];
  return kind === 'path' ? op.pathParams : kind === 'query' ? op.queryParams : op.bodyFields;
}

/** Every name a section's add field offers: the parameters and their nested fields in bracket form. */
export function offeredParams(op: Operation | null, kind: Kind): FlatParam[] {
  return flattenParams(knownParams(op, kind));
}

export type Visibility = 'shown' | 'hidden' | 'collapsed';

/**
 * Whether a section shows: no path section for a path without parameters, no body section for a
 * GET or DELETE without body fields or saved ones, and the publisher's query parameters folded into
 * a link when the operation has none.
 */
export function visibility(kind: Kind, op: Operation | null, role: Role, values: Values): Visibility {
  if (!op) return 'shown';
  const none = !knownParams(op, kind).length;
  const saved = Object.keys(values).length > 0;
  if (kind === 'path' && none) return 'hidden';
  if (kind === 'payload' && op.method !== 'POST' && none && !saved) return 'hidden';
  if (kind === 'query' && role === 'publisher' && none && !saved) return 'collapsed';
  return 'shown';
}

export interface RowSpec {
  name: string;
  value: unknown;
  /** The operation's parameter of this name, when it declares one. */
  param: Param | null;
  /** A row whose name is given (a known parameter), not typed. */
  fixed: boolean;
  required: boolean;
}

/** `metadata[order]` -> `metadata`: the body field a bracket name belongs to. */
export function baseName(name: string): string {
  const i = name.indexOf('[');
  return i < 0 ? name : name.slice(0, i);
}

/**
 * The rows a section starts with: the required parameters (every path parameter of a known path),
 * then the saved values. A saved name the operation does not know is dropped when the operation was
 * chosen in this dialog (it belonged to the previous one) unless keepUnknown (opening the dialog
 * keeps what the node has); a raw operation knows no names, so it keeps them all.
 */
export function initialRows(kind: Kind, op: Operation | null, values: Values, keepUnknown: boolean): RowSpec[] {
  const known = knownParams(op, kind);
  const byName = new Map(known.map((p) => [p.name, p]));
  const flat = known.some((p) => p.fields?.length) ? flattenParams(known) : [];
  const fixedPath = kind === 'path' && !!op; // a known operation's path names are all there is
  const rows: RowSpec[] = [];
  for (const p of known) {
    if (p.required || fixedPath)
      rows.push({ name: p.name, value: values[p.name], param: p, fixed: true, required: true });
  }
  if (fixedPath) return rows;
  for (const name of Object.keys(values)) {
    if (rows.some((r) => r.name === name)) continue;
    const p = byName.get(name) ?? findFlat(flat, name);
    if (!p && op && !op.raw && !keepUnknown && !byName.has(baseName(name))) continue;
    // A nested field is required in its object, not by the operation: its row can go.
    const nested = !!p && 'parent' in p && !!p.parent;
    rows.push({ name, value: values[name], param: p, fixed: false, required: !!p?.required && !nested });
  }
  return rows;
}

/** The template a row's placeholder suggests: items[0][price] -> {{payload.price}}. */
export function hintFor(name: string): string {
  const parts = name
    .replace(/\]/g, '')
    .split('[')
    .filter((p) => p && !/^\d*$/.test(p));
  return `{{payload.${parts[parts.length - 1] || name}}}`;
}

/** A saved value as the row's text: templates are strings; anything else was set in JSON. */
export function valueText(value: unknown): string {
  return value === undefined || value === null ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}

export interface RowState {
  name: string;
  value: string;
  /** The name is typed by the user (a free row), so it can be wrong. */
  typedName: boolean;
  required: boolean;
}

export interface RowProblem {
  badName: boolean;
  missing: boolean;
}

/** Per row: a typed name that is not one or repeats an earlier row's, a required row without a value. */
export function rowProblems(rows: RowState[]): RowProblem[] {
  const seen = new Set<string>();
  return rows.map((r) => {
    const badName = r.typedName && (!r.name ? r.value !== '' : !NAME.test(r.name) || seen.has(r.name));
    if (r.name) seen.add(r.name);
    return { badName, missing: r.required && !hasValue(r.value) };
  });
}

/** The rows as the node stores them: { name: template }, rows without a name or a value left out. */
export function collect(rows: Pick<RowState, 'name' | 'value'>[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.name && r.value !== '') out[r.name] = r.value;
  return out;
}

export interface AddChoice {
  value: string;
  param?: Param | FlatParam;
  /** A typed name the operation does not declare. */
  free?: boolean;
}

/**
 * What the "add" field offers for the typed text: the operation's parameters not yet in a row whose
 * name (first) or description holds every word, and the typed text itself when it is a name the
 * operation does not declare.
 */
export function addChoices(known: Param[], present: (name: string) => boolean, text: unknown): AddChoice[] {
  const words = queryWords(text);
  const scored: { p: Param; score: number }[] = [];
  for (const p of known) {
    if (present(p.name)) continue;
    const score = paramScore(p, words);
    if (score !== null) scored.push({ p, score });
  }
  scored.sort((a, b) => b.score - a.score || depth(a.p) - depth(b.p) || (a.p.name < b.p.name ? -1 : 1));
  const choices: AddChoice[] = scored.map((x) => ({ value: x.p.name, param: x.p }));
  const typed = asText(text).trim();
  if (typed && NAME.test(typed) && !known.some((p) => p.name === typed)) {
    // items[2][price]: another element of a known array is that field, not a free name.
    const pattern = namePattern(typed);
    const same = known.find((p) => p.name === pattern);
    // An object whose fields are offered (line_items[0][price_data]) is set by its fields, not itself.
    const object = !same && known.some((p) => p.name.startsWith(`${pattern}[`));
    if (same) choices.unshift({ value: typed, param: same });
    else if (!object) choices.unshift({ value: typed, free: true });
  }
  return choices;
}

/** How deep a name is: a nested field ranks after a top-level one of the same score. */
function depth(p: Param | FlatParam): number {
  return 'depth' in p ? p.depth : 0;
}

function paramScore(p: Param, words: string[]): number | null {
  const name = p.name.toLowerCase();
  const desc = (p.description ?? '').toLowerCase();
  let score = 0;
  for (const w of words) {
    const at = name.indexOf(w);
    if (at >= 0) score += at === 0 ? 3 : 2;
    else if (desc.includes(w)) score += 1;
    else return null;
  }
  return score;
}
