'use strict';
// The flows the bench deploys into its child Node-RED. Each measured flow is driven the same way:
//
//   [http in POST /bench/<route>?n=&c=] -> [driver] -> first node of the chain ... last node -+
//                                             ^  \-> [http response]                          |
//                                             +---------------------------------------------- +
//                                             +-- [catch: the chain's nodes]
//
// The driver (a function node) sends `c` messages at once, and for each one that comes back from the
// end of the chain (or from the catch node) sends the next, until `n` have come back; then it answers
// the http request with { n, c, ms, items, errors, firstError }. A failure (the catch node, or an HTTP
// status of 300 or more) ends the run at once. A message of the run carries
// `msg.bench` (its number); the http request's message does not.
const KEY = 'sk_test_bench0000000000000000000000';
const API_VERSION = '2024-04-10';

/** The driver's code. `make` builds run message i; `count` is how many objects a message that came back holds; `fin` says it closes its request. */
function driverCode({ make, count = '1', fin = 'true' }) {
  return `const make = (i) => (${make});
if (msg.bench === undefined && msg.req && msg.res) {
  const q = msg.req.query || {};
  const n = Math.max(1, Number(q.n) || 1);
  const c = Math.max(1, Math.min(n, Number(q.c) || 1));
  const st = { n, c, sent: 0, done: 0, items: 0, errors: 0, firstError: null, http: msg, t0: Date.now() };
  context.set('st', st);
  const out = [];
  while (st.sent < c) out.push(make(st.sent++));
  return [out, null];
}
const st = context.get('st');
if (!st) return null;
if (msg.error) {
  st.errors++;
  if (!st.firstError) st.firstError = String(msg.error.message || msg.error);
} else if (msg.statusCode >= 300) {
  st.errors++;
  if (!st.firstError) st.firstError = 'HTTP ' + msg.statusCode + ' ' + JSON.stringify(msg.payload).slice(0, 300);
} else {
  st.items += ${count};
}
if (!msg.error && !(${fin})) return null;
st.done++;
// The first failure ends the run (its figures would mean nothing); what is still in flight is ignored.
if (!st.errors && st.sent < st.n) return [make(st.sent++), null];
if (!st.errors && st.done < st.n) return null;
context.set('st', undefined);
const res = st.http;
res.payload = { n: st.n, c: st.c, ms: Date.now() - st.t0, items: st.items, errors: st.errors, firstError: st.firstError };
return [null, res];
`;
}

const CUSTOMER_MSG =
  "{ bench: i, payload: { email: 'customer' + i + '@example.com', metadata: { order: String(i) } } }";

function fn(id, z, name, func, wires, extra = {}) {
  return {
    id,
    type: 'function',
    z,
    name,
    func,
    outputs: wires.length,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: [],
    x: 400,
    y: 100,
    wires,
    ...extra,
  };
}

/**
 * A tab driven by a driver: `chain` is the nodes under test in order (each given without wires but
 * the last's are set to the driver; the others' `wires` as given), `first` the id the driver sends to.
 */
function drivenTab({ tab, route, label, chain, first, driver }) {
  const id = (s) => `${tab}_${s}`;
  const ids = chain.map((n) => n.id);
  const last = chain[chain.length - 1];
  const nodes = chain.map((n, i) => ({
    z: tab,
    x: 400 + 180 * i,
    y: 100,
    ...n,
    ...(n === last ? { wires: [[id('drv')]] } : {}),
  }));
  return [
    { id: tab, type: 'tab', label, disabled: false, info: '' },
    {
      id: id('in'),
      type: 'http in',
      z: tab,
      name: '',
      url: `/bench/${route}`,
      method: 'post',
      upload: false,
      swaggerDoc: '',
      x: 100,
      y: 100,
      wires: [[id('drv')]],
    },
    fn(id('drv'), tab, 'driver', driverCode(driver), [[first], [id('res')]], { x: 250, y: 160 }),
    { id: id('res'), type: 'http response', z: tab, name: '', statusCode: '', headers: {}, x: 450, y: 220, wires: [] },
    ...nodes,
    {
      id: id('catch'),
      type: 'catch',
      z: tab,
      name: '',
      scope: ids,
      uncaught: false,
      x: 100,
      y: 220,
      wires: [[id('drv')]],
    },
  ];
}

function stripeClient(id, baseUri, { rateLimit = 10000, maxRetries = 2, timeout = 80 } = {}) {
  return {
    id,
    type: 'stripe-client',
    name: `bench ${id}`,
    baseUri,
    apiVersion: API_VERSION,
    stripeAccount: '',
    logging: false,
    timeout,
    maxRetries,
    rateLimit,
    credentials: { apiKey: KEY },
  };
}

function publisher(id, tab, client) {
  return {
    id,
    type: 'stripe-publisher',
    z: tab,
    name: '',
    client,
    method: 'POST',
    operationId: 'PostCustomers',
    path: {},
    query: {},
    payload: {},
    wires: [[]],
  };
}

function pingTab() {
  return [
    { id: 'ping', type: 'tab', label: 'ping', disabled: false, info: '' },
    {
      id: 'ping_in',
      type: 'http in',
      z: 'ping',
      name: '',
      url: '/bench/ping',
      method: 'post',
      upload: false,
      swaggerDoc: '',
      x: 100,
      y: 100,
      wires: [['ping_res']],
    },
    {
      id: 'ping_res',
      type: 'http response',
      z: 'ping',
      name: '',
      statusCode: '',
      headers: {},
      x: 300,
      y: 100,
      wires: [],
    },
  ];
}

/** The three ways of POST /v1/customers, and the harness alone (the driver and a function that hands the message back). */
function throughputFlows(serverUrl) {
  const server = new URL(serverUrl);
  const customersUrl = `${serverUrl}/v1/customers`;
  // (b) what a user builds without us: a function node for the form body, URL and headers, then the core http request node.
  const buildRequest = `const p = msg.payload;
msg.url = ${JSON.stringify(customersUrl)};
msg.headers = {
  Authorization: 'Bearer ' + ${JSON.stringify(KEY)},
  'Idempotency-Key': global.get('crypto').randomUUID(),
  'Stripe-Version': ${JSON.stringify(API_VERSION)},
  'Content-Type': 'application/x-www-form-urlencoded',
};
msg.payload = 'email=' + encodeURIComponent(p.email) + '&metadata%5Border%5D=' + encodeURIComponent(p.metadata.order);
return msg;`;
  // (c) stripe-node from a function node: one Stripe instance, made in On Start and kept in the node's context.
  const sdkInit = `const Stripe = global.get('Stripe');
context.set('stripe', new Stripe(${JSON.stringify(KEY)}, { host: ${JSON.stringify(server.hostname)}, port: ${Number(server.port)}, protocol: 'http', maxNetworkRetries: 2 }));`;
  const sdkCall = `const stripe = context.get('stripe');
stripe.customers.create(msg.payload).then((customer) => {
  msg.payload = customer;
  node.send(msg);
  node.done();
}, (err) => node.error(err, msg));
return null;`;
  // (d) the floor: Node's own http written by hand in a function node, nothing else: a keep-alive
  // agent made in On Start, the form body, the headers the server checks, JSON.parse of the answer.
  const floorInit = `context.set('agent', new (global.get('http').Agent)({ keepAlive: true }));`;
  const floorCall = `const body = 'email=' + encodeURIComponent(msg.payload.email) + '&metadata%5Border%5D=' + encodeURIComponent(msg.payload.metadata.order);
const req = global.get('http').request({
  host: ${JSON.stringify(server.hostname)}, port: ${Number(server.port)}, path: '/v1/customers', method: 'POST',
  agent: context.get('agent'),
  headers: {
    Authorization: 'Bearer ' + ${JSON.stringify(KEY)},
    'Idempotency-Key': global.get('crypto').randomUUID(),
    'Stripe-Version': ${JSON.stringify(API_VERSION)},
    'Content-Type': 'application/x-www-form-urlencoded',
    'Content-Length': Buffer.byteLength(body),
  },
}, (res) => {
  const chunks = [];
  res.on('data', (c) => chunks.push(c));
  res.on('end', () => {
    try {
      msg.payload = JSON.parse(Buffer.concat(chunks).toString());
      msg.statusCode = res.statusCode;
      node.send(msg);
      node.done();
    } catch (err) {
      node.error(err, msg);
    }
  });
});
req.on('error', (err) => node.error(err, msg));
req.end(body);
return null;`;
  const driver = { make: CUSTOMER_MSG };
  return [
    stripeClient('c1', serverUrl, { rateLimit: 10000, maxRetries: 2 }),
    ...drivenTab({
      tab: 'floor',
      route: 'http-floor',
      label: 'http by hand in a function',
      first: 'floor_call',
      driver,
      chain: [fn('floor_call', 'floor', 'http by hand', floorCall, [[]], { initialize: floorInit })],
    }),
    ...drivenTab({
      tab: 'pub',
      route: 'publisher',
      label: 'stripe-publisher',
      first: 'pub_p',
      driver,
      chain: [publisher('pub_p', 'pub', 'c1')],
    }),
    ...drivenTab({
      tab: 'hr',
      route: 'http-request',
      label: 'function + http request',
      first: 'hr_build',
      driver,
      chain: [
        fn('hr_build', 'hr', 'build request', buildRequest, [['hr_req']]),
        {
          id: 'hr_req',
          type: 'http request',
          name: '',
          method: 'POST',
          ret: 'obj',
          paytoqs: 'ignore',
          url: '',
          tls: '',
          persist: true,
          proxy: '',
          insecureHTTPParser: false,
          authType: '',
          senderr: false,
          headers: [],
        },
      ],
    }),
    ...drivenTab({
      tab: 'sdk',
      route: 'stripe-node',
      label: 'stripe-node in a function',
      first: 'sdk_call',
      driver,
      chain: [fn('sdk_call', 'sdk', 'stripe-node', sdkCall, [[]], { initialize: sdkInit })],
    }),
    ...drivenTab({
      tab: 'nop',
      route: 'harness',
      label: 'harness only',
      first: 'nop_fn',
      driver,
      chain: [fn('nop_fn', 'nop', 'no-op', 'return msg;', [[]])],
    }),
    ...pingTab(),
  ];
}

/** A stripe-subscriber on client c1 reading every page of GetCustomers in output `output`. */
function listingSubscriber(id, output, maxItems) {
  return {
    id,
    type: 'stripe-subscriber',
    name: '',
    client: 'c1',
    operationId: 'GetCustomers',
    path: {},
    query: {},
    pagination: true,
    output,
    maxItems,
  };
}

/** One subscriber per output mode, GetCustomers with pagination, each driven by its own driver. */
function paginationFlows(serverUrl, maxItems) {
  const tabs = ['item', 'page', 'all'].flatMap((output) =>
    drivenTab({
      tab: `pg${output}`,
      route: `paginate-${output}`,
      label: `pagination, output ${output}`,
      first: `pg${output}_s`,
      driver: {
        make: '{ bench: i, payload: {} }',
        count: 'Array.isArray(msg.payload) ? msg.payload.length : 1',
        // 'all' sends one message; 'page' and 'item' mark the last of the sequence with msg.parts.count.
        fin: '!msg.parts || msg.parts.count !== undefined',
      },
      chain: [listingSubscriber(`pg${output}_s`, output, maxItems)],
    }),
  );
  return [stripeClient('c1', serverUrl, { rateLimit: 10000, maxRetries: 2 }), ...tabs, ...pingTab()];
}

/**
 * `item` mode's company, each in its own tab, driven like paginationFlows' tabs:
 * - `pgswitch`: our subscriber (output `item`) into a core switch node that passes only the last
 *   message of the sequence (msg.parts.count is set), a light consumer; the driver counts the objects
 *   from msg.parts.count;
 * - `sdkpages`: what a user builds without us, stripe-node's auto-pagination (`for await` over
 *   `customers.list`) in a function node sending one message per object with msg.parts, the last one
 *   holding msg.parts.count, as ours does.
 */
function itemReferenceFlows(serverUrl, maxItems) {
  const server = new URL(serverUrl);
  const sdkInit = `const Stripe = global.get('Stripe');
context.set('stripe', new Stripe(${JSON.stringify(KEY)}, { host: ${JSON.stringify(server.hostname)}, port: ${Number(server.port)}, protocol: 'http', maxNetworkRetries: 2 }));`;
  const sdkPages = `const stripe = context.get('stripe');
(async () => {
  let held = null;
  let index = 0;
  for await (const customer of stripe.customers.list({ limit: 100 })) {
    if (held) node.send(held);
    held = { bench: msg.bench, payload: customer, parts: { id: msg._msgid, index: index++, type: 'array', len: 1 } };
  }
  if (held) {
    held.parts.count = index;
    node.send(held);
  }
  node.done();
})().catch((err) => node.error(err, msg));
return null;`;
  return [
    ...drivenTab({
      tab: 'pgswitch',
      route: 'paginate-item-switch',
      label: 'pagination, output item, into a switch node',
      first: 'pgswitch_s',
      driver: { make: '{ bench: i, payload: {} }', count: 'msg.parts.count' },
      chain: [
        { ...listingSubscriber('pgswitch_s', 'item', maxItems), wires: [['pgswitch_last']] },
        {
          id: 'pgswitch_last',
          type: 'switch',
          name: 'last of the sequence',
          property: 'parts.count',
          propertyType: 'msg',
          rules: [{ t: 'nnull' }],
          checkall: 'true',
          repair: false,
          outputs: 1,
        },
      ],
    }),
    ...drivenTab({
      tab: 'sdkpages',
      route: 'stripe-node-pages',
      label: 'stripe-node auto-pagination in a function',
      first: 'sdkpages_fn',
      driver: { make: '{ bench: i, payload: {} }', fin: 'msg.parts && msg.parts.count !== undefined' },
      chain: [fn('sdkpages_fn', 'sdkpages', 'stripe-node, every page', sdkPages, [[]], { initialize: sdkInit })],
    }),
  ];
}

/** A publisher whose client has rateLimit `rateLimit`, driven by bursts. */
function burstFlows(serverUrl, rateLimit) {
  return [
    stripeClient('c1', serverUrl, { rateLimit, maxRetries: 2 }),
    ...drivenTab({
      tab: 'burst',
      route: 'burst',
      label: 'bursts',
      first: 'burst_p',
      driver: { make: CUSTOMER_MSG },
      chain: [publisher('burst_p', 'burst', 'c1')],
    }),
    ...pingTab(),
  ];
}

/** For the footprint: one stripe-client and one publisher, deployed and idle. Credentials go in the credentials file. */
function idleFlows(serverUrl) {
  const { credentials, ...client } = stripeClient('c1', serverUrl, { rateLimit: 0, maxRetries: 2 });
  return {
    flows: [
      { id: 'idle', type: 'tab', label: 'idle', disabled: false, info: '' },
      client,
      { ...publisher('idle_p', 'idle', 'c1'), x: 200, y: 100 },
    ],
    credentials: { c1: credentials },
  };
}

module.exports = {
  KEY,
  API_VERSION,
  CUSTOMER_MSG,
  drivenTab,
  stripeClient,
  publisher,
  throughputFlows,
  paginationFlows,
  itemReferenceFlows,
  burstFlows,
  idleFlows,
  driverCode,
  fn,
};
