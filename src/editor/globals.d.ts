// What the editor's page provides: Node-RED's RED (jQuery's $ comes with @types/jquery), and the
// constants scripts/build-editor.js writes into the bundle.
import type { RED as EditorRED } from '@node-red/editor-client';

declare global {
  const RED: EditorRED;
  /** The package's version (package.json). */
  const __STRIPE_EDITOR_VERSION__: string;
  /** The bundled catalogue's API version: the config node's default Stripe-Version. */
  const __STRIPE_API_VERSION__: string;
  /** Every event type of the bundled spec, `*` first: the event nodes' type picker offers them. */
  const __STRIPE_EVENT_TYPES__: string[];
  /** The thin event types (v1.*, v2.*) of the bundled catalogue, sorted. */
  const __STRIPE_THIN_EVENT_TYPES__: string[];
  /** The API versions the bundled catalogue knows, oldest first. */
  const __STRIPE_API_VERSIONS__: string[];
}
