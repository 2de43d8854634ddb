'use strict';
// The API key never appears in a log line (request logging on), a status, an error, a message or the
// flow configuration Node-RED stores: a run with successes, failures and retries is captured whole
// and searched for the key.
const assert = require('assert');
const util = require('util');
const { StripeServer, error } = require('../helpers/stripe-server');
const { startFlow, stopFlow, until, fastRetries, helper, KEY } = require('../helpers/flow');

const show = (x) =>
  util.inspect(x, { depth: 30, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity });

describe('reliability: the API key never leaks', function () {
  this.timeout(20000);
  let server;
  fastRetries({ initialDelayMs: 10 });
  before(async () => {
    server = await new StripeServer().start();
  });
  after(async () => {
    await server.stop();
  });
  afterEach(async () => {
    await stopFlow();
    server.reset();
  });

  it('captures every output of a run with logging on and finds no key in any of it', async () => {
    server.fill('/v1/customers', 230);
    const seenAuth = [];
    let retryThenOk = 0; // the attempts of the message 'retry-then-ok' so far
    server.on((req, res, r) => {
      seenAuth.push(r.headers.authorization);
      const name = r.body && r.body.name;
      if (name === 'retry-then-ok' && retryThenOk++ === 0) {
        // Its first attempt fails; the retry (the same message, the same idempotency key) succeeds.
        error(res, 500, { type: 'api_error', message: 'try again' });
        return true;
      }
      if (name === 'echo-key') {
        // A server (or a proxy) that echoes the whole key back in its error message.
        error(res, 401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${KEY}` });
        return true;
      }
      if (name === 'echo-key-html') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(`<html>upstream said: Authorization: Bearer ${KEY}</html>`);
        return true;
      }
      if (name === 'declined') {
        error(res, 402, {
          type: 'card_error',
          code: 'card_declined',
          decline_code: 'generic_decline',
          message: 'Your card was declined.',
        });
        return true;
      }
      if (name === 'reset') {
        req.socket.destroy();
        return true;
      }
      if (name === 'silent') return true; // never answers: a timeout
      return false;
    });

    const f = await startFlow({
      baseUri: server.url,
      client: { logging: true, maxRetries: 1, timeout: 1 },
      nodes: [
        {
          id: 'p1',
          type: 'stripe-publisher',
          method: 'POST',
          operationId: 'PostCustomers',
          payload: { 'metadata[src]': '{{topic}}' },
        },
        {
          id: 'p2',
          type: 'stripe-publisher',
          method: 'DELETE',
          operationId: 'DeleteCustomersCustomer',
          path: { customer: '{{payload}}' },
        },
        { id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomers', pagination: true, output: 'page' },
        { id: 's2', type: 'stripe-subscriber', operationId: 'GetCustomersCustomer' },
      ],
    });
    const statuses = [];
    for (const id of ['p1', 'p2', 's1', 's2']) f.node(id).on('call:status', (c) => statuses.push(c.args[0]));

    const names = ['ok-1', 'retry-then-ok', 'echo-key', 'echo-key-html', 'declined', 'reset', 'silent', 'ok-2'];
    for (const name of names) f.node('p1').receive({ topic: 't', payload: { name } });
    f.node('p2').receive({ payload: 'cus_1' });
    f.node('s1').receive({});
    f.node('s2').receive({ path: { customer: 'cus_1' } });
    f.node('p1').receive({ payload: { name: 'bad' }, stripeAccount: `acct_${KEY}` });
    f.node('p1').receive({ payload: { name: 'bad' }, idempotencyKey: `${KEY}\r\n` });
    // p1: 3 answers, 5 failures, 2 refused; p2: 1 answer; s1: 3 pages; s2: 1 answer
    await until(() => f.received.length === 3 + 1 + 3 + 1 && f.errors.length === 5 + 2, 15000, 'every outcome');
    assert.ok(
      statuses.some((s) => /^retrying 1\/1/.test(s.text)),
      'a retry happened',
    );
    const attempts = server.requestsTo('POST', '/v1/customers').filter((r) => r.body.name === 'retry-then-ok');
    assert.strictEqual(attempts.length, 2, "'retry-then-ok': a 500, then a retry that succeeded");
    assert.strictEqual(attempts[1].headers['idempotency-key'], attempts[0].headers['idempotency-key']);
    assert.ok(
      seenAuth.every((a) => a === `Bearer ${KEY}`),
      'the key did go to the server, as it must',
    );

    const flows = helper._redNodes.getFlows();
    const c1 = flows.flows.find((n) => n.id === 'c1');
    assert.ok(c1, 'the stored flow has the client');
    assert.strictEqual(c1.apiKey, undefined);
    assert.strictEqual(c1.credentials, undefined);

    const logLines = helper.log().args.map((a) => a[0]);
    const nodeConfigs = ['c1', 'p1', 'p2', 's1', 's2'].map((id) => {
      const n = f.node(id);
      const { credentials, _closeCallbacks, _events, _flow, _alias, _wireCount, wires, _wire, ...rest } = n; // eslint-disable-line no-unused-vars
      return rest;
    });
    await stopFlow();

    // A second flow: a client misconfigured with the key pasted into the base URI field as well.
    const g = await startFlow({
      baseUri: `not a url ${KEY}`,
      client: { logging: true },
      nodes: [{ id: 'p3', type: 'stripe-publisher', method: 'POST', operationId: 'PostCustomers' }],
    });
    const statuses2 = [];
    g.node('p3').on('call:status', (c) => statuses2.push(c.args[0]));
    g.node('p3').receive({ payload: { name: 'x' } });
    await until(() => g.errors.length === 1 && statuses2.length > 0);
    const flows2 = helper._redNodes.getFlows();
    const logLines2 = helper.log().args.map((a) => a[0]);
    const requestLogs = logLines.filter((l) => l && l.level === 40 && /^(POST|GET|DELETE) \/v1\//.test(l.msg));
    assert.ok(requestLogs.length >= 10, `request log lines: ${requestLogs.length} ${show(logLines.slice(-8))}`);

    // Two messages carry the key in their own input (a key pasted into msg.stripeAccount and
    // msg.idempotencyKey): that is the user's data, not ours to rewrite; what the nodes said about
    // them (error texts, statuses, logs) must still not repeat it.
    const refused = f.errors.filter(
      (m) => String(m.stripeAccount || '').includes(KEY) || String(m.idempotencyKey || '').includes(KEY),
    );
    assert.strictEqual(refused.length, 2);
    for (const m of refused) {
      delete m.stripeAccount;
      delete m.idempotencyKey;
    }
    const everything = {
      logLines,
      statuses,
      errors: f.errors,
      messages: f.received,
      flowConfig: flows,
      nodeConfigs,
      logLines2,
      statuses2,
      errors2: g.errors,
      // (not flows2: its baseUri holds what the user typed, key included; that is their text)
    };
    assert.strictEqual(flows2.flows.find((n) => n.id === 'c1').apiKey, undefined);
    const text = show(everything);
    assert.ok(text.length > 10000);
    const keyBody = KEY.slice('sk_test_'.length);
    for (const needle of [KEY, keyBody, keyBody.slice(0, 12), Buffer.from(KEY).toString('base64')]) {
      const at = text.indexOf(needle);
      assert.strictEqual(
        at,
        -1,
        `the key (or part of it) appears: ...${text.slice(Math.max(0, at - 200), at + 50)}...`,
      );
    }
    // What the echoing server said still reads well, with the key blanked out.
    const echo = f.errors.find((m) => m.payload && m.payload.name === 'echo-key');
    assert.strictEqual(
      echo.error.message,
      'Invalid API Key provided: sk_*** [invalid_request_error; HTTP 401; ' + echo.stripe.error.requestId + ']',
    );
    assert.match(g.errors[0].error.message, /^Base URI "not a url sk_test_\*\*\*" is not a URL/);
    assert.match(statuses2[statuses2.length - 1].text, /^Base URI "not a url sk_test_\*\*\*/);
  });
});
