'use strict';
// The nodes and checks of the on-the-wire tests (test/wire/): core Node-RED nodes upstream of the
// stripe nodes, and what goes out to a Stripe-like loopback server.

/** The core node modules the flows load (paths under @node-red/nodes/core). */
const INJECT = 'common/20-inject.js';
const FUNCTION = 'function/10-function.js';

/** An inject node that sets msg properties: `props` maps a property to [value, type] ('str', 'json', ...). */
const inject = (id, wires, props = {}) => ({
  id,
  type: 'inject',
  name: '',
  props: Object.entries(props).map(([p, [v, vt]]) => ({ p, v, vt })),
  repeat: '',
  crontab: '',
  once: false,
  onceDelay: 0.1,
  topic: '',
  wires: [wires],
});

/** A query string with %5B/%5D shown as brackets (Stripe reads both alike). */
const brackets = (q) => q.replace(/%5B/gi, '[').replace(/%5D/gi, ']');

const customer = (id) => ({
  id,
  object: 'customer',
  created: 1700000000,
  livemode: false,
  email: `${id}@example.test`,
});

module.exports = { INJECT, FUNCTION, inject, brackets, customer };
