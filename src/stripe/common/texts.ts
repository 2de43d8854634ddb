/**
 * The words of the core's errors and statuses: a code (a key of the stripe-client message catalog,
 * e.g. `errors.missingPath`) and its parameters. Node-RED words them in the runtime's language; the
 * English catalog gives the text everywhere else (err.message), so both always say the same.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RULE_TEXTS, RuleCode, fill } from '../../rules';

export type Params = Record<string, string | number>;

/** A text to be worded: a catalog key and the values of its `__name__` placeholders. */
export interface Text {
  code: string;
  params: Params;
}

export const text = (code: string, params: Params = {}): Text => ({ code, params });

/** The English catalog as built (beside the nodes), or as in the sources. */
const CATALOG_FILES = [
  path.join(__dirname, '..', '..', 'nodes', 'locales', 'en-US', 'stripe-client.json'),
  path.join(__dirname, '..', '..', '..', 'locales', 'en-US', 'stripe-client.json'),
];

let english: Record<string, unknown> | undefined;

function catalog(): Record<string, unknown> {
  if (!english) {
    const file = CATALOG_FILES.find((f) => fs.existsSync(f));
    english = file ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  }
  return english;
}

/** The catalog entry of a dotted key, if it is a text. */
export function englishTemplate(code: string): string | undefined {
  let v: unknown = catalog();
  for (const part of code.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  if (typeof v === 'string') return v;
  // The rules carry their own English texts (the catalog holds the same, a test compares them).
  const rule = /^rules\.(\w+)$/.exec(code)?.[1];
  return rule && Object.prototype.hasOwnProperty.call(RULE_TEXTS, rule) ? RULE_TEXTS[rule as RuleCode] : undefined;
}

/** The English words of a text; the code itself when the catalog lacks it (a test keeps that from happening). */
export function inEnglish(t: Text): string {
  const template = englishTemplate(t.code);
  return template === undefined ? t.code : fill(template, t.params);
}
