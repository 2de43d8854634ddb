// The catalogue as GET stripe/catalogue sends it (src/nodes/admin-catalogue.ts), after setCatalogue
// has filled in the lists and the description it leaves out when empty.
import type { IdSource, ResponseShape } from '../../rules';

export type Method = 'GET' | 'POST' | 'DELETE';

/** The two roles of an operation node: the subscriber reads, the publisher writes. */
export type Role = 'subscriber' | 'publisher';

export interface Param {
  name: string;
  required?: boolean;
  description?: string;
  deepObject?: boolean;
  /** The parameter's type as the catalogue states it (string, integer, boolean, object, array, ...). */
  type?: string;
  /** The values Stripe accepts, when it names them. */
  enum?: string[];
  /** An object's fields; for an array of objects, its element's fields (GET stripe/catalogue/operations/:id). */
  fields?: Param[];
}

/** An operation that is not in the catalogue's API version any more: what replaced it, and when. */
export interface Legacy {
  removedIn?: string;
  replacement?: string;
}

export interface Operation {
  id: string;
  method: string;
  path: string;
  description: string;
  pathParams: Param[];
  queryParams: Param[];
  bodyFields: Param[];
  pagination?: 'list' | 'search';
  deprecated?: boolean;
  legacy?: Legacy;
  /** Not in this (older) API version: the operation came later. */
  addedAfter?: string;
  /** The query parameters and body fields are the operation's details (nested), not yet the slim list's. */
  detailed?: boolean;
  /** A `METHOD /v1/path` reference to an endpoint the catalogue does not have. */
  raw?: boolean;
  /** What it answers (with its details). */
  response?: ResponseShape;
  /** The lists serving its id parameters, by `path.customer` / `payload.price` (with its details). */
  ids?: Record<string, IdSource>;
}

export interface Catalogue {
  apiVersion?: string;
  source?: string;
  count?: number;
  /** The API versions the catalogue knows, oldest first. */
  versions?: string[];
  eventTypes?: string[];
  thinEventTypes?: string[];
  operations: Operation[];
}

/** The parameter lists of an operation, by the node property that holds their values. */
export type Kind = 'path' | 'query' | 'payload';

/** A node property of name → template, as the node stores path, query and payload. */
export type Values = Record<string, unknown>;
