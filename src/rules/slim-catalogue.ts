/**
 * The catalogue as the editor's picker needs it (GET stripe/catalogue serves it): the header (API
 * version, known versions, event types) and per operation its id, method, path, description, marks
 * and top-level parameters' names, required marks and descriptions, no types, enums, content types or servers,
 * empty fields left out, so the whole list stays small enough to fetch at once (at most 100 KB gzipped,
 * `npm run catalog` measures it). An operation's nested fields come with its details
 * (GET stripe/catalogue/operations/:id).
 */
import type { Catalogue, HttpMethod, LegacyMark, Param } from './operations';

export interface SlimParam {
  name: string;
  required?: boolean;
  description?: string;
  deepObject?: boolean;
}

export interface SlimOperation {
  id: string;
  method: HttpMethod;
  path: string;
  description?: string;
  deprecated?: boolean;
  legacy?: LegacyMark;
  addedAfter?: string;
  pagination?: 'list' | 'search';
  pathParams?: SlimParam[];
  /** Top-level ones only; enums, types and nested fields are in the operation's details. */
  queryParams?: SlimParam[];
  bodyFields?: SlimParam[];
}

export interface SlimCatalogue {
  apiVersion: string;
  source: string;
  count: number;
  versions: string[];
  eventTypes: string[];
  thinEventTypes: string[];
  operations: SlimOperation[];
}

function slimParams(list: Param[]): SlimParam[] {
  return list.map((p) => {
    const e: SlimParam = { name: p.name };
    if (p.required) e.required = true;
    if (p.description) e.description = p.description;
    if (p.deepObject) e.deepObject = true;
    return e;
  });
}

function slimOperation(op: Catalogue['operations'][number]): SlimOperation {
  const e: SlimOperation = { id: op.id, method: op.method, path: op.path };
  if (op.description) e.description = op.description;
  if (op.deprecated) e.deprecated = true;
  if (op.legacy) e.legacy = { ...op.legacy };
  if (op.addedAfter) e.addedAfter = op.addedAfter;
  if (op.pagination) e.pagination = op.pagination;
  if (op.pathParams.length) e.pathParams = slimParams(op.pathParams);
  if (op.queryParams.length) e.queryParams = slimParams(op.queryParams);
  if (op.bodyFields.length) e.bodyFields = slimParams(op.bodyFields);
  return e;
}

export function slimCatalogue(cat: Catalogue): SlimCatalogue {
  return {
    apiVersion: cat.apiVersion,
    source: cat.source,
    count: cat.count,
    versions: cat.versions ?? [cat.apiVersion],
    eventTypes: cat.eventTypes ?? [],
    thinEventTypes: cat.thinEventTypes ?? [],
    operations: cat.operations.map(slimOperation),
  };
}
