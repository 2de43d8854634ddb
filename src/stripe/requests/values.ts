/**
 * The node settings `path`, `query` and `payload`: maps of a name (bracket form allowed, such as
 * `metadata[order]` or `items[0][price]`) to a mustache template rendered against the message, without
 * HTML escaping. Rendered into nested values, then the message's own values are merged over them.
 */
import Mustache from 'mustache';
import * as qs from 'qs';
import { isPlainObject, Values } from './request';
import { inputError } from '../common/errors';
import { text } from '../common/texts';

export type Templates = Record<string, string>;

/** Renders a template against the message: `{{payload.customer}}` and `{{msg.payload.customer}}` both work. */
export function renderTemplate(template: string, msg: Record<string, unknown>): string {
  if (!template.includes('{{')) return template;
  const view = { ...msg, msg };
  // Triple-mustache semantics for every tag: Stripe values must not be HTML-escaped.
  return Mustache.render(template, view, undefined, { escape: (s: unknown) => String(s) });
}

/**
 * Renders every template and turns bracket names into nested objects. A template that renders to an
 * empty string is left out (an optional setting must not unset a Stripe field; send `''` in the message
 * for that).
 */
export function renderTemplates(templates: unknown, msg: Record<string, unknown>, where: string): Values {
  if (templates === undefined || templates === null || templates === '') return {};
  if (!isPlainObject(templates)) throw inputError(text('errors.badTemplates', { where }));
  const flat: Record<string, string> = {};
  for (const [name, template] of Object.entries(templates)) {
    const key = name.trim();
    if (!key) continue;
    const value = renderTemplate(String((template as string | number | boolean | null) ?? ''), msg);
    if (value !== '') flat[key] = value;
  }
  return expandBrackets(flat);
}

/** `{ 'metadata[order]': '1', 'items[0][price]': 'p' }` -> `{ metadata: { order: '1' }, items: [ { price: 'p' } ] }`. */
export function expandBrackets(flat: Record<string, string>): Values {
  if (!Object.keys(flat).some((k) => k.includes('['))) return flat;
  return qs.parse(flat, {
    depth: 20,
    arrayLimit: 1000,
    parameterLimit: 10000,
    allowPrototypes: false,
  });
}

/** Merges `over` into `base` (plain objects recursively; arrays and other values replaced). Returns a new object. */
export function mergeValues(base: Values, over: Values): Values {
  const out: Values = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeValues(b, v) : v;
  }
  return out;
}
