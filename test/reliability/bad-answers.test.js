'use strict';
// Bad answers from the server, each in a real Node-RED runtime: an HTML page, JSON cut short, a closed
// connection, no answer, an error without Stripe's error object, and a card error with all its details;
// one-line errors on the Catch node and the status, with no unhandled rejection or uncaught exception
// (test/helpers/bad-input.js). Bad input: bad-input.test.js.
const assert = require('assert');
const { error } = require('../helpers/stripe-server');
const { PUB, badInputChecks } = require('../helpers/bad-input');

describe('reliability: bad input and bad answers in Node-RED', function () {
  this.timeout(20000);
  let server;
  let troubles;
  let expectError;
  badInputChecks((c) => ({ server, troubles, expectError } = c));

  const answers = [
    [
      'an HTML page',
      (req, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      },
      "Stripe answered POST /v1/customers with HTTP 502 and an HTML page instead of Stripe's JSON (a proxy or gateway error?)",
      'HTTP 502, unreadable',
    ],
    [
      'a 200 with an HTML page',
      (req, res) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end('<!DOCTYPE html><html><body>Captive portal: please log in</body></html>');
      },
      "Stripe answered POST /v1/customers with HTTP 200 and an HTML page instead of Stripe's JSON (a proxy or gateway error?)",
      'HTTP 200, unreadable',
    ],
    [
      'truncated JSON',
      (req, res) => {
        const body = '{"id":"cus_123","object":"customer","email":"a@b';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      },
      'Stripe answered POST /v1/customers with HTTP 200 and an unreadable JSON answer (48 bytes, cut short?)',
      'HTTP 200, unreadable',
    ],
    [
      'an answer cut off mid-body',
      (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 });
        res.write('{"id":"cus_123",');
        setTimeout(() => res.socket.destroy(), 20);
      },
      "Stripe's answer to POST /v1/customers was cut off: the connection closed mid-answer (ERR_BAD_RESPONSE)",
      'answer cut off',
    ],
    [
      'a closed connection',
      (req) => req.socket.destroy(),
      /^The connection to 127\.0\.0\.1:\d+ closed before Stripe answered POST \/v1\/customers \(ECONNRESET\)$/,
      'connection closed',
    ],
    ['an answer that never comes', () => {}, 'Stripe did not answer POST /v1/customers within 1 s', 'timeout'],
    [
      "an error without Stripe's error object",
      (req, res) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"message":"oops"}');
      },
      /^Stripe answered HTTP 500 without an error object \(req_\w+\)$|^Stripe answered HTTP 500 without an error object$/,
      'HTTP 500',
    ],
  ];
  for (const [title, answer, expected, statusText] of answers) {
    it(`an answer that is ${title}: one-line error and status`, async () => {
      server.on((req, res) => {
        answer(req, res);
        return true;
      });
      const { status, err } = await expectError({
        node: PUB,
        msg: { payload: { name: 'x' } },
        client: { timeout: 1, maxRetries: 0 },
        expected,
        requests: 1,
      });
      assert.strictEqual(status.text, statusText);
      assert.ok(err.stripe.error.type);
      assert.deepStrictEqual(troubles, []);
    });
  }

  it('a Stripe card error: code and decline_code reach msg.stripe.error, the decline code the status', async () => {
    server.on((req, res) => {
      error(
        res,
        402,
        {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'stolen_card',
          param: 'payment_method',
          message: 'Your card was declined.',
          doc_url: 'https://stripe.com/docs/error-codes/card-declined',
        },
        { 'request-id': 'req_card' },
      );
      return true;
    });
    const { err, status } = await expectError({
      node: { ...PUB, operationId: 'PostPaymentIntents' },
      msg: { payload: { amount: 1000, currency: 'eur', payment_method: 'pm_card_visa', confirm: true } },
      client: { maxRetries: 2 },
      expected:
        'Your card was declined. [card_error/card_declined/stolen_card; param payment_method; HTTP 402; req_card]',
      requests: 1,
    });
    assert.deepStrictEqual(err.stripe.error, {
      message: 'Your card was declined.',
      type: 'card_error',
      code: 'card_declined',
      declineCode: 'stolen_card',
      param: 'payment_method',
      statusCode: 402,
      requestId: 'req_card',
      // Our message's key in the stripe-client catalog, for flows that word errors themselves.
      messageCode: 'errors.api',
      docUrl: 'https://stripe.com/docs/error-codes/card-declined',
      raw: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'stolen_card',
        param: 'payment_method',
        message: 'Your card was declined.',
        doc_url: 'https://stripe.com/docs/error-codes/card-declined',
      },
    });
    assert.strictEqual(err.statusCode, 402, "the caught message carries Stripe's HTTP status");
    assert.strictEqual(status.text, 'stolen_card');
  });
});
