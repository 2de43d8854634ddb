/**
 * What the Stripe sidebar's runtime sends the editor (src/nodes/sidebar, over comms and GET
 * stripe/sidebar/state) and the tab reads (src/editor/sidebar). Types only.
 */

/** A request as the editor gets it: the record without its parameters, numbered per client. */
export interface RequestRow {
  seq: number;
  at: number;
  ms: number;
  node?: string;
  op?: string;
  method: string;
  path: string;
  status: number;
  retries: number;
  throttled: number;
  requestId?: string;
  idempotencyKey?: string;
  error?: { type?: string; code?: string; message: string };
  /** Whether parameters were kept (GET stripe/sidebar/requests/:client/:seq gives them). */
  params: boolean;
}
