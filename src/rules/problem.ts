/**
 * A refusal as data: the runtime turns it into an error, the editor into a field's message, both from
 * the same code. `code` is a message key relative to locales/<lang>/stripe-client.json and `params`
 * fill its `__name__` placeholders (Node-RED's i18n syntax); `message` is the English text.
 */
import { RULE_TEXTS, RuleCode } from './texts';

export interface Problem {
  code: string;
  params: Record<string, string | number>;
  message: string;
}

/** What a check gives back: the accepted (normalised) value, or why it was refused. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: Problem };

/**
 * Fills `__name__` placeholders in one pass, as Node-RED's i18n does (a value that looks like a
 * placeholder stays as it is). The runtime's English texts (stripe/texts.ts) use it too.
 */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/__([A-Za-z0-9_]+?)__/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The problem of a rule, its English message filled in. */
export function problem(code: RuleCode, params: Record<string, string | number> = {}): Problem {
  return { code: `rules.${code}`, params, message: fill(RULE_TEXTS[code], params) };
}

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = <T>(code: RuleCode, params?: Record<string, string | number>): Checked<T> => ({
  ok: false,
  problem: problem(code, params),
});
