/**
 * A refusal of the rules (src/rules) as the runtime reports it: a StripeError whose code is the
 * rule's key in the stripe-client catalog (`rules.baseUriPlainHttp`) and whose params are the rule's,
 * so Node-RED words it in its language like any other error; its message is the rule's English text.
 */
import type { Checked, Problem } from '../../rules';
import { StripeError, configError, inputError } from './errors';
import { Text, text } from './texts';

/** The problem as a text to word. */
export const problemText = (p: Problem): Text => text(p.code, p.params);

/** A problem in the user's settings (the config node's). */
export const configProblem = (p: Problem): StripeError => configError(problemText(p));

/** A problem in the message or a node's settings; `reason` is the few words the node's status shows. */
export const inputProblem = (p: Problem, param?: string, reason?: string | Text): StripeError =>
  inputError(problemText(p), param, reason);

/** The accepted value, or the refusal thrown as a config error. */
export function settingValue<T>(checked: Checked<T>): T {
  if (!checked.ok) throw configProblem(checked.problem);
  return checked.value;
}
