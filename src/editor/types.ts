// The catalogue as GET stripe/catalogue sends it (src/nodes/admin-catalogue.ts), after setCatalogue
// has filled in the lists and the description it leaves out when empty.

export type Method = 'GET' | 'POST' | 'DELETE';

/** The two roles of an operation node: the subscriber reads, the publisher writes. */
export type Role = 'subscriber' | 'publisher';

export interface Param {
  name: string;
  required?: boolean;
  description?: string;
  deepObject?: boolean;
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
  /** A `METHOD /v1/path` reference to an endpoint the catalogue does not have. */
  raw?: boolean;
}

export interface Catalogue {
  apiVersion?: string;
  source?: string;
  count?: number;
  operations: Operation[];
}

/** The parameter lists of an operation, by the node property that holds their values. */
export type Kind = 'path' | 'query' | 'payload';

/** A node property of name → template, as the node stores path, query and payload. */
export type Values = Record<string, unknown>;
