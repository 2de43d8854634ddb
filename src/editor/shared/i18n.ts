// The editor's texts live in locales/<lang>/stripe-client.json under "editor"; Node-RED's RED._
// picks the user's language.

const NS = 'node-red-contrib-stripe/stripe-client:editor.';

export type Subs = Record<string, string | number>;

/** A refusal of the rules (src/rules) in the user's language: its code is a key of the same catalog. */
export function ruleText(problem: { code: string; params: Subs }): string {
  return RED._(`node-red-contrib-stripe/stripe-client:${problem.code}`, problem.params);
}

/** Texts without placeholders, once looked up (the language stays for the editor's session). */
const plain = new Map<string, string>();

/** A string of the message catalog, with __name__ placeholders filled from subs. */
export function t(key: string, subs?: Subs): string {
  if (subs) return RED._(NS + key, subs);
  let text = plain.get(key);
  if (text === undefined) {
    text = RED._(NS + key);
    // Not kept before the catalog has loaded (RED._ then answers with the key itself).
    if (text !== NS + key) plain.set(key, text);
  }
  return text;
}
