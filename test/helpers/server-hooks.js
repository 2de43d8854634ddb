'use strict';
// The hooks every describe block of flow tests wrote out: a Stripe-like server on loopback
// (test/helpers/stripe-server.js) started for the block, the flow unloaded after each test.
const { StripeServer } = require('./stripe-server');
const { stopFlow } = require('./flow');

/**
 * Call inside a describe(): `let server; withStripeServer((s) => (server = s));`. By default each test
 * gets a new server (`use` is called with it before the test), stopped after the test once its flow is
 * unloaded. With `{ once: true }` the block shares one server, started before its first test and
 * stopped after its last; after each test the flow is unloaded and the server's requests, collections
 * and handlers are cleared.
 */
function withStripeServer(use, { once = false } = {}) {
  let server;
  const start = async () => {
    server = await new StripeServer().start();
    use(server);
  };
  if (once) {
    before(start);
    after(async () => server.stop());
    afterEach(async () => {
      await stopFlow();
      server.reset();
    });
  } else {
    beforeEach(start);
    afterEach(async () => {
      await stopFlow();
      await server.stop();
    });
  }
}

module.exports = { withStripeServer };
