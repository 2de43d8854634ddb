'use strict';
// Stripe's errors on the Catch node of a real flow (test/helpers/real-flows.js): the details a flow
// reads after the Catch node (a decline, a /v2 error), and never the API key.
const assert = require('assert');
const { startCoreFlow, until, KEY, func, caught } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');
const { CORE, inject, publisher } = require('../helpers/real-flows');

describe('real flows: core Node-RED nodes upstream of the stripe nodes', function () {
  let server;
  withStripeServer((s) => (server = s));

  describe("errors reach the Catch node with Stripe's details", function () {
    const decline = {
      type: 'card_error',
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
      payment_intent: { id: 'pi_123', object: 'payment_intent', status: 'requires_payment_method' },
      charge: 'ch_123',
      payment_method: { id: 'pm_123', object: 'payment_method' },
      advice_code: 'try_again_later',
      network_decline_code: '51',
      request_log_url: 'https://dashboard.stripe.com/test/logs/req_x',
      doc_url: 'https://stripe.com/docs/error-codes/card-declined',
    };

    it('a card decline: Catch -> function reads msg.stripe.error.raw.payment_intent.id; code, decline code, advice code kept', async () => {
      server.route('POST', '/v1/payment_intents', {
        status: 402,
        body: { error: decline },
        headers: { 'request-id': 'req_decline1' },
      });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['p1'], {
            payload:
              '{"amount":500,"currency":"eur","payment_method":"pm_card_chargeDeclinedInsufficientFunds","confirm":true}',
            payloadType: 'json',
          }),
          publisher('p1', { operationId: 'PostPaymentIntents' }),
          func('pick', 'msg.payload = msg.stripe.error.raw.payment_intent.id; return msg;', ['out']),
        ],
        catchWires: ['pick'], // the flow's Catch node -> this function node -> helper `out`
      });
      await f.click('inj');
      await until(() => f.errors.length >= 1, 5000, 'the decline on the Catch node');
      // The Catch node's message goes on to the function node too; if that fails, the Catch node hears of it.
      await until(() => f.received.length === 1 || f.errors.length > 1, 5000, 'the function node after the Catch node');
      if (f.errors.length > 1)
        throw new Error(
          `the function node after the Catch node failed: ${f.errors[1].error.message} (first error: ${f.errors[0].error.message})`,
        );
      assert.strictEqual(f.received[0].payload, 'pi_123');
      assert.strictEqual(server.requests.length, 1);
      assert.strictEqual(server.requests[0].body.payment_method, 'pm_card_chargeDeclinedInsufficientFunds');
      const msg = f.errors[0];
      assert.strictEqual(msg.statusCode, 402);
      const e = msg.stripe.error;
      assert.strictEqual(e.type, 'card_error');
      assert.strictEqual(e.code, 'card_declined');
      assert.strictEqual(e.declineCode, 'insufficient_funds');
      assert.strictEqual(e.statusCode, 402);
      assert.strictEqual(e.requestId, 'req_decline1');
      assert.strictEqual(e.docUrl, decline.doc_url);
      assert.strictEqual(e.raw.advice_code, 'try_again_later');
      assert.strictEqual(e.raw.network_decline_code, '51');
      assert.strictEqual(e.raw.request_log_url, 'https://dashboard.stripe.com/test/logs/req_x');
      assert.strictEqual(e.raw.charge, 'ch_123');
      assert.deepStrictEqual(e.raw.payment_method, { id: 'pm_123', object: 'payment_method' });
      assert.match(msg.error.message, /^[^\n\r]+$/);
      assert.match(msg.error.message, /insufficient funds/);
    });

    it('a /v2 error keeps user_message in msg.stripe.error.raw (body built in a function node, sent as JSON)', async () => {
      const v2error = { type: 'invalid_request', code: 'x', message: 'm', user_message: 'Try another card' };
      server.route('POST', '/v2/core/event_destinations', { status: 400, body: { error: v2error } });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func(
            'fn',
            "msg.payload = { name: 'orders', type: 'webhook_endpoint', enabled_events: ['v1.billing.meter.error_report_triggered'], webhook_endpoint: { url: 'https://example.test/hook' } }; return msg;",
            ['p1'],
          ),
          publisher('p1', { operationId: 'POST /v2/core/event_destinations' }),
        ],
      });
      await f.click('inj');
      await caught(f);
      assert.strictEqual(server.requests.length, 1, `nothing was sent: ${f.errors[0].error.message}`);
      const r = server.requests[0];
      assert.match(r.headers['content-type'], /^application\/json/);
      assert.deepStrictEqual(r.body, {
        name: 'orders',
        type: 'webhook_endpoint',
        enabled_events: ['v1.billing.meter.error_report_triggered'],
        webhook_endpoint: { url: 'https://example.test/hook' },
      });
      const msg = f.errors[0];
      assert.strictEqual(msg.statusCode, 400);
      assert.strictEqual(msg.stripe.error.code, 'x');
      assert.strictEqual(msg.stripe.error.raw.user_message, 'Try another card');
    });

    it('an API key echoed by the server in an error appears nowhere in the caught message', async () => {
      const echo = {
        type: 'invalid_request_error',
        code: 'api_key_expired',
        message: `Expired API Key provided: ${KEY}`,
        param: KEY,
        key: KEY,
      };
      server.route('POST', '/v1/customers', { status: 401, body: { error: echo } });
      const f = await startCoreFlow({
        baseUri: server.url,
        core: [CORE.inject, CORE.function],
        nodes: [
          inject('inj', ['fn']),
          func('fn', "msg.payload = { email: 'k@example.test' }; return msg;", ['p1']),
          publisher('p1', { operationId: 'PostCustomers' }),
        ],
      });
      await f.click('inj');
      await caught(f);
      assert.strictEqual(server.requests.length, 1, `nothing was sent: ${f.errors[0].error.message}`);
      const msg = f.errors[0];
      assert.match(msg.error.message, /Expired API Key provided/);
      assert.strictEqual(msg.stripe.error.code, 'api_key_expired');
      const all = JSON.stringify(msg, (k, v) => (typeof v === 'bigint' ? String(v) : v));
      assert.ok(!all.includes(KEY.slice('sk_test_'.length)), `the key appears in the caught message: ${all}`);
    });
  });
});
