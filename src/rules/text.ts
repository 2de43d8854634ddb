/** Text helpers the rules share with the runtime: a message is always one readable line. */

const MAX_MESSAGE = 400;

/** Folds any text into one line of bounded length. */
export function oneLine(text: string): string {
  const line = String(text)
    .replace(/[\r\n\t\u2028\u2029]+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/** A status longer than this runs under the neighbouring nodes; the whole text goes to the Catch node. */
const STATUS_CHARS = 32;

/** A text cut to fit a node's status (also how a long operation reference is quoted in a message). */
export const short = (text: string): string =>
  text.length > STATUS_CHARS ? `${text.slice(0, STATUS_CHARS - 1)}…` : text;

/** A setting or reference as text: strings as they are, numbers and booleans written out, anything else empty. */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' ? String(v) : '';
}
