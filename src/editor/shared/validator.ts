// Node-RED (3.x and later) shows a validator's returned text as the reason a property is invalid
// only when the function declares two parameters (value, opt); a one-parameter validator's result
// is reduced to a boolean, so every message would count as valid.

export type Check<N> = (this: N, v: unknown) => true | string;

/** A property validator in Node-RED's two-parameter form. */
export function validator<N = unknown>(check: Check<N>): (this: N, v: unknown, opt: unknown) => true | string {
  // _opt is never read here: Node-RED reads the function's length.
  return function (this: N, v: unknown, _opt: unknown) {
    return check.call(this, v);
  };
}
