/**
 * The runtime's words: the core's texts (a code and parameters, see src/stripe/common/texts.ts) worded in
 * Node-RED's language by its i18n (RED._) from the stripe-client message catalog.
 *
 * RED._ in a node module looks a bare key up in that node set's own catalog (`<module>/<set>`, e.g.
 * `node-red-contrib-stripe/stripe-subscriber`), so every node names the stripe-client catalog
 * explicitly: `node-red-contrib-stripe/stripe-client:errors.missingPath`. A key the catalog lacks
 * (or a host without i18n, such as node-red-node-test-helper, which echoes the key) gives the
 * English text the core made.
 */
import { StripeError, Text, inEnglish, oneLine } from '../../stripe';
import type { NodeAPI } from './types';

const MODULE: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return String((require('../../../package.json') as { name: unknown }).name);
  } catch {
    return 'node-red-contrib-stripe';
  }
})();

/** The namespace Node-RED registers the stripe-client's catalog under: the module and the node set. */
export const CATALOG = `${MODULE}/stripe-client`;

export interface Words {
  /** A text in the runtime's language; English when the catalog lacks it. */
  text(t: Text): string;
  /** An error's message in the runtime's language (what the Catch node shows). */
  error(err: StripeError): string;
  /** An error's short reason in the runtime's language (what the node's status shows). */
  reason(err: StripeError): string;
}

export function wordsFor(RED: Pick<NodeAPI, '_'>): Words {
  /** The worded text, or undefined when the runtime has no words for it. */
  const lookup = (t: Text): string | undefined => {
    if (!t.code || typeof RED._ !== 'function') return undefined;
    const key = `${CATALOG}:${t.code}`;
    const out = RED._(key, t.params);
    // i18next answers a missing key with the key (without its namespace); the test helper with the whole key.
    return typeof out === 'string' && out !== key && out !== t.code ? out : undefined;
  };
  return {
    text: (t) => lookup(t) ?? inEnglish(t),
    error(err) {
      const main = err.said && lookup(err.said);
      if (main === undefined) return err.message;
      return oneLine(main + err.notes.map((n) => lookup(n) ?? inEnglish(n)).join(''));
    },
    reason: (err) => (err.reasonText && lookup(err.reasonText)) ?? err.reason,
  };
}
