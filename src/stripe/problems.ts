/**
 * A refusal of the rules (src/rules) as the runtime reports it: a StripeError with the rule's English
 * message, carrying the rule's `code` and `params` as well, so a caller can word it in another language.
 */
import type { Checked, Problem } from '../rules';
import { StripeError, configError, inputError } from './errors';

/** The error with the problem's code and params attached (not enumerable: they do not change what is logged or sent). */
function withProblem(err: StripeError, p: Problem): StripeError {
  Object.defineProperty(err, 'code', { value: p.code, enumerable: false });
  Object.defineProperty(err, 'params', { value: p.params, enumerable: false });
  return err;
}

/** A problem in the user's settings (the config node's). */
export const configProblem = (p: Problem): StripeError => withProblem(configError(p.message), p);

/** A problem in the message or a node's settings; `reason` is the few words the node's status shows. */
export const inputProblem = (p: Problem, param?: string, reason?: string): StripeError =>
  withProblem(inputError(p.message, param, reason), p);

/** The accepted value, or the refusal thrown as a config error. */
export function settingValue<T>(checked: Checked<T>): T {
  if (!checked.ok) throw configProblem(checked.problem);
  return checked.value;
}
