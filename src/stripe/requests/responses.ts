/**
 * spec/responses.json, read one line at a time (as spec/fields.json is): each object's fields with
 * its list and search operations (`object:customer`), each operation's response and id parameters
 * (`op:GetCustomersCustomer`), each event type's data.object (`event:invoice.paid`). Only the
 * editor's admin routes read it; a line's place in the file is indexed at the first question.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { EventObject, IdSource, ResponseField, ResponseShape } from '../../rules';

export const RESPONSES_FILE = path.join(__dirname, '..', '..', '..', 'spec', 'responses.json');

/** How deep named objects inside a response are expanded (a customer's address is level 1). */
const MAX_DEPTH = 1;

interface RawField {
  name: string;
  type?: string;
  of?: string;
  ref?: string;
  expandable?: string;
  description?: string;
  fields?: RawField[];
}

interface ObjectLine {
  key: string;
  list?: string;
  search?: string;
  fields: RawField[];
}

interface OperationLine {
  key: string;
  object?: string;
  list?: 'list' | 'search';
  ids?: Record<string, string>;
}

let lines: Map<string, { start: number; length: number }> | undefined;

function index(): Map<string, { start: number; length: number }> {
  if (!lines) {
    const buf = fs.readFileSync(RESPONSES_FILE);
    const found = new Map<string, { start: number; length: number }>();
    const prefix = Buffer.from('{"key":"');
    for (let start = 0; start < buf.length;) {
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      if (buf.subarray(start, start + prefix.length).equals(prefix)) {
        const close = buf.indexOf(34, start + prefix.length);
        let length = end - start;
        if (buf[start + length - 1] === 44) length--;
        found.set(buf.toString('utf8', start + prefix.length, close), { start, length });
      }
      start = end + 1;
    }
    lines = found;
  }
  return lines;
}

function line<T>(key: string): T | undefined {
  const at = index().get(key);
  if (!at) return undefined;
  const fd = fs.openSync(RESPONSES_FILE, 'r');
  try {
    const buf = Buffer.alloc(at.length);
    fs.readSync(fd, buf, 0, at.length, at.start);
    return JSON.parse(buf.toString('utf8')) as T;
  } finally {
    fs.closeSync(fd);
  }
}

/** An object's fields with the named objects inside expanded `depth` levels (cycles cut). */
export function objectFields(name: string, depth = MAX_DEPTH, seen: string[] = []): ResponseField[] {
  const def = line<ObjectLine>(`object:${name}`);
  if (!def) return [];
  const expand = (raw: RawField[], level: number): ResponseField[] =>
    raw.map((f) => {
      const out: ResponseField = { name: f.name };
      if (f.type) out.type = f.type;
      if (f.of) out.of = f.of;
      if (f.description) out.description = f.description;
      if (f.expandable) {
        out.object = f.expandable;
        out.expandable = true;
      }
      if (f.ref) {
        out.object = f.ref;
        if (level > 0 && !seen.includes(f.ref) && f.ref !== name) {
          const inner = objectFields(f.ref, level - 1, [...seen, name]);
          if (inner.length) out.fields = inner;
        }
      } else if (f.fields) {
        out.fields = expand(f.fields, level);
      }
      return out;
    });
  return expand(def.fields, depth);
}

/** What an operation answers, with its fields, or undefined when the catalogue does not know. */
export function operationResponse(operationId: string): ResponseShape | undefined {
  const op = line<OperationLine>(`op:${operationId}`);
  if (!op?.object) return undefined;
  const shape: ResponseShape = { object: op.object, fields: objectFields(op.object) };
  if (op.list) shape.list = op.list;
  return shape;
}

/** The id parameters of an operation (`path.customer`, `payload.price`) and the lists that serve each. */
export function operationIds(operationId: string): Record<string, IdSource> {
  const op = line<OperationLine>(`op:${operationId}`);
  const out: Record<string, IdSource> = {};
  for (const [param, object] of Object.entries(op?.ids ?? {})) {
    const def = line<ObjectLine>(`object:${object}`);
    if (def?.list)
      out[param] = def.search ? { object, list: def.list, search: def.search } : { object, list: def.list };
  }
  return out;
}

/** The list and search operations of one kind of object (`customer`), if it has a list. */
export function objectSource(object: string): IdSource | undefined {
  const def = line<ObjectLine>(`object:${object}`);
  if (!def?.list) return undefined;
  return def.search ? { object, list: def.list, search: def.search } : { object, list: def.list };
}

/**
 * The data.object of the event types named (types or groups: `invoice.paid`, `invoice.*`; `*` and
 * an empty list mean all), one entry per kind of object, at most `max` kinds (none past that: too
 * many to offer).
 */
export function eventObjects(types: string[], max = 3): EventObject[] {
  const all = [...index().keys()].filter((k) => k.startsWith('event:')).map((k) => k.slice(6));
  const wanted = types.filter(Boolean);
  const matches = (t: string) =>
    !wanted.length || wanted.some((w) => w === '*' || w === t || (w.endsWith('.*') && t.startsWith(w.slice(0, -1))));
  const byObject = new Map<string, string[]>();
  for (const t of all.filter(matches)) {
    const object = line<{ object: string }>(`event:${t}`)?.object;
    if (!object) continue;
    byObject.set(object, [...(byObject.get(object) ?? []), t]);
  }
  if (byObject.size > max) return [];
  return [...byObject].map(([object, list]) => ({ object, types: list, fields: objectFields(object) }));
}
