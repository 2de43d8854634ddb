// An operation's nested parameters as the add-field list offers them: flattened into Stripe's
// bracket form (line_items[0][price_data][currency], subscription_data[trial_period_days]), each with
// its type, description, enum values and whether it is required (in its object). No DOM here.
import type { Param } from '../shared/types';

export interface FlatParam extends Param {
  /** The bracket name, an array's element as [0]. */
  name: string;
  /** The bracket name of the object it belongs to ('' for a top-level parameter). */
  parent: string;
  /** How deep it is: 0 for a top-level parameter. */
  depth: number;
}

/** The element of an array of scalars, as a name: expand -> expand[0]. */
function isArray(p: Param): boolean {
  return p.type === 'array';
}

/**
 * Every name an operation's parameters offer: each top-level parameter as it is (what the add list
 * offered before), then, depth first under it, the fields of its objects and of its arrays' elements
 * (an array of objects as [0]); an array of scalars also as its first element (tax_rates[0]). A
 * nested object with fields is not offered itself (its fields are), one without (metadata) is.
 */
export function flattenParams(params: readonly Param[]): FlatParam[] {
  const out: FlatParam[] = [];
  const walk = (p: Param, name: string, parent: string, depth: number): void => {
    const nested = !!p.fields?.length;
    if (depth === 0 || !nested) out.push({ ...p, name, parent, depth, fields: undefined });
    if (nested) {
      const base = isArray(p) ? `${name}[0]` : name;
      for (const f of p.fields ?? []) walk(f, `${base}[${f.name}]`, base, depth + 1);
    } else if (isArray(p)) {
      out.push({ ...p, name: `${name}[0]`, type: undefined, parent: name, depth: depth + 1, required: false });
    }
  };
  for (const p of params) walk(p, p.name, '', 0);
  return out;
}

/** A saved name's pattern in the flattened list: any array index counts as [0] (items[3][price] -> items[0][price]). */
export function namePattern(name: string): string {
  return name.replace(/\[\d+\]/g, '[0]');
}

/** The flattened parameter a row's name stands for (by its pattern), or null. */
export function findFlat(list: readonly FlatParam[], name: string): FlatParam | null {
  const key = namePattern(name);
  return list.find((p) => p.name === name) ?? list.find((p) => p.name === key) ?? null;
}

/** The values a parameter's value field offers: its enum, or true/false for a boolean. */
export function valueChoices(p: Param | null | undefined): string[] {
  if (!p) return [];
  if (p.type === 'array') return []; // its element (name[0]) offers them
  const values = (p.enum ?? []).filter((v) => v !== '');
  if (values.length) return values;
  if (p.type === 'boolean') return ['true', 'false'];
  return [];
}

/**
 * The value choices for what is typed in the value field: all of them while the field is empty or
 * holds one of them exactly, else those containing the text; a template ({{...}}) is never judged.
 */
export function matchingValues(choices: readonly string[], typed: string): string[] {
  const text = typed.trim().toLowerCase();
  if (!text || choices.includes(typed.trim())) return [...choices];
  return choices.filter((c) => c.toLowerCase().includes(text));
}

/** A short list of the values for a line of text: the first few, then how many more. */
export function valuesText(values: readonly string[], shown = 8): string {
  if (values.length <= shown) return values.join(', ');
  return `${values.slice(0, shown).join(', ')}, … (+${values.length - shown})`;
}
