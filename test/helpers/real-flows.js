'use strict';
// The nodes of the real-flow tests (test/real-flows/): flows as users wire them, in which every message
// that reaches a stripe node is made by a real Node-RED core node upstream (function, inject, change,
// template, json, split, join, file in, link, subflow). A function node runs in its own JavaScript
// realm (a vm context), so its objects, arrays and Dates have another Object.prototype than ours:
// hand-made test messages never show that.

/** The core node modules the flows load (paths under @node-red/nodes/core). */
const CORE = {
  inject: 'common/20-inject.js',
  link: 'common/60-link.js',
  function: 'function/10-function.js',
  change: 'function/15-change.js',
  template: 'function/80-template.js',
  json: 'parsers/70-JSON.js',
  split: 'sequence/17-split.js',
  file: 'storage/10-file.js',
};

/** An inject node as the editor saves it; by default its payload is a timestamp. */
const inject = (id, wires, props = {}) => ({
  id,
  type: 'inject',
  name: '',
  props: [{ p: 'payload' }, { p: 'topic', vt: 'str' }],
  repeat: '',
  crontab: '',
  once: false,
  onceDelay: 0.1,
  topic: '',
  payload: '',
  payloadType: 'date',
  wires: [wires],
  ...props,
});

const publisher = (id, props, wires = ['out']) => ({
  id,
  type: 'stripe-publisher',
  method: 'POST',
  wires: [wires],
  ...props,
});
const subscriber = (id, props, wires = ['out']) => ({ id, type: 'stripe-subscriber', wires: [wires], ...props });

/** A customer as Stripe answers GET /v1/customers/{id}. */
const customer = (id, extra = {}) => ({
  id,
  object: 'customer',
  created: 1700000000,
  livemode: false,
  email: `${id}@example.test`,
  name: null,
  description: null,
  metadata: { crm: '17' },
  preferred_locales: [],
  invoice_settings: { default_payment_method: null, footer: null },
  ...extra,
});

const formBody = (r) => r.rawBody.toString('utf8');

module.exports = { CORE, inject, publisher, subscriber, customer, formBody };
