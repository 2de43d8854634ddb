'use strict';
// Bad input, each case in a real Node-RED runtime: the one-line error that reaches the Catch node, the
// node's status, nothing sent, and the process (and the node) still working afterwards, with no
// unhandled rejection or uncaught exception (test/helpers/bad-input.js). Bad answers from the server:
// bad-answers.test.js.
const assert = require('assert');
const { startFlow, until } = require('../helpers/flow');
const { PUB, SUB, badInputChecks } = require('../helpers/bad-input');

function circular() {
  const a = { name: 'loop', metadata: {} };
  a.metadata.self = a;
  return a;
}

function deep(levels) {
  const root = {};
  let o = root;
  for (let i = 0; i < levels; i++) o = o.a = {};
  return root;
}

/** Cases of bad input: [title, node, msg, error text (string: exact; RegExp), client overrides, apiKey]. */
const INPUT = [
  [
    'unknown operationId',
    { ...PUB, operationId: '' },
    { operationId: 'PostNothingAtAll', payload: {} },
    'Unknown operation "PostNothingAtAll": not in the catalogue (Stripe API 2026-10-28.endive) and not a raw "METHOD /v1/path"',
  ],
  [
    'a GET operation on the publisher',
    { ...PUB, operationId: 'GetCustomers' },
    { payload: {} },
    'GetCustomers is a GET operation; the stripe publisher only writes (POST or DELETE): use a stripe subscriber',
  ],
  [
    'a POST operation on the subscriber',
    { ...SUB, operationId: 'PostCustomers' },
    {},
    'PostCustomers is a POST operation; the stripe subscriber only reads (GET): use a stripe publisher',
  ],
  [
    'a missing required path parameter',
    { ...SUB, operationId: 'GetCustomersCustomer' },
    {},
    'GetCustomersCustomer needs the path parameter "customer": set it in the node\'s path settings or as msg.path.customer',
  ],
  [
    'an empty required path parameter',
    { ...SUB, operationId: 'GetCustomersCustomer' },
    { path: { customer: '' } },
    'GetCustomersCustomer needs the path parameter "customer": set it in the node\'s path settings or as msg.path.customer',
  ],
  [
    'a path parameter that is ".."',
    { ...SUB, operationId: 'GetCustomersCustomer' },
    { path: { customer: '..' } },
    'path parameter "customer" cannot be ".."',
  ],
  [
    'a missing required query parameter',
    { ...SUB, operationId: 'GetChargesSearch' },
    {},
    'GetChargesSearch needs the query parameter "query": set it in the node\'s query settings or as msg.query.query',
  ],
  [
    'an empty required query parameter',
    { ...SUB, operationId: 'GetChargesSearch' },
    { query: { query: '' } },
    'GetChargesSearch needs the query parameter "query": set it in the node\'s query settings or as msg.query.query',
  ],
  [
    'msg.path of the wrong type',
    { ...SUB, operationId: 'GetCustomersCustomer' },
    { path: 'cus_1' },
    'msg.path must be an object of name/value pairs, not string',
  ],
  [
    'msg.query of the wrong type',
    SUB,
    { query: ['limit', 3] },
    'msg.query must be an object of name/value pairs, not array',
  ],
  [
    'msg.payload of the wrong type (a Map)',
    PUB,
    { payload: new Map([['name', 'Ada']]) },
    'msg.payload must be an object of body fields, or a value for the templates, not a Map',
  ],
  [
    'msg.payload of the wrong type (a function)',
    PUB,
    { payload: () => 1 },
    'msg.payload must be an object of body fields, or a value for the templates, not a function',
  ],
  [
    'a class instance inside the payload',
    PUB,
    { payload: { metadata: new (class Order {})() } },
    'payload[metadata] is a Order, which cannot be sent to Stripe: use a plain object, an array or a value',
  ],
  [
    'a circular payload',
    PUB,
    { payload: circular() },
    /^payload contains a circular reference \(at payload\[metadata\]\[self\](\[metadata\])?\)$/,
  ],
  // Node-RED clones a message for the Catch node recursively: this one used to overflow the stack there
  // and leave an unhandled rejection (which stops Node-RED).
  [
    'a payload nested thousands deep',
    PUB,
    { payload: deep(5000) },
    /^payload is nested more than 20 levels deep \(at payload(\[a\]){21}\)$/,
  ],
  [
    'msg.path nested thousands deep',
    { ...SUB, operationId: 'GetCustomersCustomer' },
    { path: { customer: deep(5000) } },
    'path parameter "customer" must be a string or number, not object',
  ],
  [
    'a 1 MB field',
    PUB,
    { payload: { description: 'x'.repeat(1024 * 1024) } },
    'payload[description] is 1048576 characters long; Stripe fields hold at most 100000',
  ],
  [
    'CR/LF in msg.stripeAccount',
    PUB,
    { payload: {}, stripeAccount: 'acct_1\r\nX-Evil: 1' },
    'msg.stripeAccount must be a connected account id like acct_1A2b3C (letters and digits after acct_)',
  ],
  [
    'CR/LF in msg.idempotencyKey',
    PUB,
    { payload: {}, idempotencyKey: 'k\r\nX-Evil: 1' },
    'msg.idempotencyKey must not contain control characters (CR, LF, ...)',
  ],
  [
    'an idempotency key over 255 characters',
    PUB,
    { payload: {}, idempotencyKey: 'x'.repeat(300) },
    'msg.idempotencyKey is 300 characters; Stripe allows at most 255',
  ],
  [
    'CR/LF in the connected account of the config node',
    PUB,
    { payload: {} },
    'Connected account must be a connected account id like acct_1A2b3C (letters and digits after acct_)',
    { stripeAccount: 'acct_1\r\nX-Evil: 1' },
  ],
  [
    'a base URI that is not a URL',
    PUB,
    { payload: {} },
    'Base URI "not a url" is not a URL (expected e.g. https://api.stripe.com)',
    { baseUri: 'not a url' },
  ],
  [
    'a base URI that is not http(s)',
    PUB,
    { payload: {} },
    'Base URI must use https (or http to this machine), not ftp',
    { baseUri: 'ftp://127.0.0.1:21' },
  ],
  [
    'plain http to a host that is not loopback',
    PUB,
    { payload: {} },
    'Base URI http://api.example.com uses plain http; only https is allowed except to localhost/127.0.0.1',
    { baseUri: 'http://api.example.com' },
  ],
  [
    'an empty API key',
    PUB,
    { payload: {} },
    'No API key: set a secret key (sk_...) or restricted key (rk_...) in the stripe-client node',
    undefined,
    '',
  ],
  [
    'a publishable API key',
    PUB,
    { payload: {} },
    'The API key is a publishable key (pk_...): use a secret key (sk_...) or restricted key (rk_...)',
    undefined,
    'pk_test_51Habc',
  ],
];

describe('reliability: bad input and bad answers in Node-RED', function () {
  this.timeout(20000);
  let server;
  let troubles;
  let expectError;
  badInputChecks((c) => ({ server, troubles, expectError } = c));

  /** The few words the status shows where the error has a short reason; elsewhere the start of the error. */
  const STATUS = {
    'unknown operationId': 'unknown operation',
    'a GET operation on the publisher': 'GET needs a subscriber',
    'a POST operation on the subscriber': 'POST needs a publisher',
    'a missing required path parameter': 'missing path customer',
    'an empty required path parameter': 'missing path customer',
    'a missing required query parameter': 'missing query query',
    'an empty required query parameter': 'missing query query',
    'msg.path of the wrong type': 'bad msg.path',
    'msg.query of the wrong type': 'bad msg.query',
    'msg.payload of the wrong type (a Map)': 'bad msg.payload',
    'msg.payload of the wrong type (a function)': 'bad msg.payload',
    'CR/LF in msg.stripeAccount': 'bad msg.stripeAccount',
    'CR/LF in msg.idempotencyKey': 'bad msg.idempotencyKey',
    'an idempotency key over 255 characters': 'bad msg.idempotencyKey',
    'CR/LF in the connected account of the config node': 'bad connected account',
  };
  for (const [title, node, msg, expected, client, apiKey] of INPUT) {
    it(`${title}: one-line error on the Catch node and the status, nothing sent`, async () => {
      const { status } = await expectError({ node, msg, client, apiKey, expected });
      const text = expected instanceof RegExp ? null : expected;
      if (STATUS[title]) assert.strictEqual(status.text, STATUS[title]);
      // Otherwise the status shows the start of the same error.
      else if (text)
        assert.ok(text.startsWith(status.text.replace(/…$/, '')), `status "${status.text}" starts "${text}"`);
      assert.deepStrictEqual(troubles, []);
    });
  }

  it('ids with /, .., ?, # stay inside their own path segment', async () => {
    const f = await startFlow({
      baseUri: server.url,
      nodes: [{ id: 'n1', type: 'stripe-publisher', method: 'DELETE', operationId: 'DeleteCustomersCustomer' }],
    });
    const ids = ['a/b', '../charges', '?expand[]=x', '#frag', '..%2F..', 'cus_1/../../v1/charges?limit=1#x', ' .. '];
    for (const customer of ids) f.node('n1').receive({ path: { customer } });
    await until(() => f.received.length + f.errors.length === ids.length);
    assert.deepStrictEqual(
      f.errors.map((m) => m.error.message),
      [],
    );
    assert.deepStrictEqual(
      server.requests.map((r) => r.url).sort(),
      ids.map((id) => `/v1/customers/${encodeURIComponent(id)}`).sort(),
    );
    for (const r of server.requests) {
      assert.strictEqual(r.path.split('/').length, 4, r.url);
      assert.strictEqual(r.rawQuery, '');
    }
  });

  it('survives all of it: after every kind of bad input the same node still does its work', async () => {
    const f = await startFlow({ baseUri: server.url, nodes: [PUB] });
    const bad = INPUT.filter(([, node, , , client, apiKey]) => node === PUB && !client && apiKey === undefined).map(
      ([, , msg]) => msg,
    );
    for (const msg of bad) f.node('n1').receive(msg);
    f.node('n1').receive({ payload: { name: 'fine' } });
    await until(() => f.errors.length === bad.length && f.received.length === 1, 10000);
    assert.strictEqual(f.received[0].payload.object, 'thing');
    assert.strictEqual(server.requests.length, 1);
    assert.deepStrictEqual(troubles, []);
  });
});
