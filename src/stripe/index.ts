/** The Stripe core: no Node-RED imports; usable on its own. */
export * from './texts';
export * from './errors';
export * from './catalogue';
export * from './request';
export * from './values';
export * from './client';
export * from './paginate';
