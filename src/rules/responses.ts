/**
 * What an operation answers and what an event carries (spec/responses.json, served with an
 * operation's details and by GET stripe/catalogue/events): the fields the editor offers when a
 * template is typed. Types only: the runtime reads the file, the editor walks the fields.
 */

/** One field of a Stripe object: nested fields for an object (or an array of objects), `object` for one of Stripe's objects. */
export interface ResponseField {
  name: string;
  /** string, number, boolean, object or array. */
  type?: string;
  /** An array's element type, when it is not an object. */
  of?: string;
  description?: string;
  /** The Stripe object this field holds (or, for an array, each element), or whose id it is. */
  object?: string;
  /** An id that `expand[]` turns into the object. */
  expandable?: boolean;
  fields?: ResponseField[];
}

/** What an operation answers: one object, or a list (or search result) of them. */
export interface ResponseShape {
  object: string;
  list?: 'list' | 'search';
  fields: ResponseField[];
}

/** The list (and search) operations that serve an id parameter's object. */
export interface IdSource {
  object: string;
  list: string;
  search?: string;
}

/** An event type's data.object. */
export interface EventObject {
  object: string;
  types: string[];
  fields: ResponseField[];
}
