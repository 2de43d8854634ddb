/** The Stripe core: no Node-RED imports; usable on its own. */
export * from './texts';
export * from './errors';
export * from './problems';
export * from './catalogue';
export * from './request';
export * from './values';
export * from './settings';
export * from './idempotency';
export { MAX_RETRY_AFTER_MS } from './retry';
export * from './client';
export * from './paginate';
export * from './webhook-signature';
export * from './event-filter';
export * from './dedupe';
export * from './event-poller';
export * from './webhook-endpoints';
export * from './meter-events';
