/**
 * What the Stripe sidebar's runtime sends the editor (src/nodes/sidebar, over comms and GET
 * stripe/sidebar/state) and the tab reads (src/editor/sidebar). Types only.
 */

/** What the client knows of one request when it has ended: the same in its record and in the editor's row. */
export interface RequestFacts {
  /** When it started (ms since the epoch) and how long it took in all (ms). */
  at: number;
  ms: number;
  method: string;
  path: string;
  /** The last answer's HTTP status; 0 when none came (a network failure, a timeout, a stop). */
  status: number;
  /** Attempts after the first, and how many answers were 429. */
  retries: number;
  throttled: number;
  requestId?: string;
  idempotencyKey?: string;
  error?: { type?: string; code?: string; message: string };
}

/** A request as the editor gets it: the record without its parameters, numbered per client. */
export interface RequestRow extends RequestFacts {
  seq: number;
  node?: string;
  op?: string;
  /** Whether parameters were kept (GET stripe/sidebar/requests/:client/:seq gives them). */
  params: boolean;
}
