// The editor's texts live in locales/<lang>/stripe-client.json under "editor"; Node-RED's RED._
// picks the user's language.

const NS = 'node-red-contrib-stripe/stripe-client:editor.';

export type Subs = Record<string, string | number>;

/** A string of the message catalog, with __name__ placeholders filled from subs. */
export function t(key: string, subs?: Subs): string {
  return RED._(NS + key, subs);
}
