/**
 * The catalogue as the editor needs it (GET stripe/catalogue serves it): no types, content types or
 * servers, and empty fields left out, so the whole catalogue stays small enough to fetch at once.
 */
import type { Catalogue, HttpMethod, Param } from './operations';

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
  pagination?: 'list' | 'search';
  pathParams?: SlimParam[];
  queryParams?: SlimParam[];
  bodyFields?: SlimParam[];
}

export interface SlimCatalogue {
  apiVersion: string;
  source: string;
  count: number;
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
    operations: cat.operations.map(slimOperation),
  };
}
