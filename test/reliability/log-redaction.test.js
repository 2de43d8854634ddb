'use strict';
// Request log lines (logging on) name the method, path and query of each request. A key that ends
// up there by mistake (an id template that picked up the key, a query value pasted from the wrong
// field) must be blanked out in the line, as in every other text the nodes write.
const assert = require('assert');
const { StripeServer } = require('../helpers/stripe-server');
const { startFlow, stopFlow, until, helper, KEY } = require('../helpers/flow');

describe('reliability: request log lines never show a key', function () {
  let server;
  before(async () => {
    server = await new StripeServer().start();
  });
  after(async () => server.stop());
  afterEach(async () => {
    await stopFlow();
    server.reset();
  });

  it("a key in the path or the query is logged as sk_*** (the client's own) or rk_live_*** (any other)", async () => {
    const otherKey = 'rk_live_51HxAbCdEfGhIjKlMnOpQrStUv';
    const f = await startFlow({
      baseUri: server.url,
      client: { logging: true },
      nodes: [
        { id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomersCustomer', path: { customer: '{{payload}}' } },
      ],
    });
    f.node('s1').receive({ payload: KEY, query: { note: otherKey } });
    await until(() => f.received.length === 1);
    // The request did go out as asked (the user's mistake, not ours to change).
    assert.strictEqual(server.requests[0].path, `/v1/customers/${KEY}`);
    const lines = helper
      .log()
      .args.map((a) => a[0])
      .filter((l) => l && /^GET \/v1\/customers\//.test(l.msg));
    assert.strictEqual(lines.length, 1, 'one request log line');
    const line = lines[0].msg;
    assert.match(line, /^GET \/v1\/customers\/sk_\*\*\*\?note=rk_live_\*\*\* -> 200 in \d+ ms req_\w+$/);
    assert.ok(!line.includes(KEY.slice(8)) && !line.includes(otherKey.slice(8)), line);
  });
});
