/** A status longer than this runs under the neighbouring nodes; the whole text goes to the Catch node. */
const STATUS_CHARS = 32;

/** A status text cut to fit under the node. */
export const short = (text: string): string =>
  text.length > STATUS_CHARS ? `${text.slice(0, STATUS_CHARS - 1)}…` : text;
