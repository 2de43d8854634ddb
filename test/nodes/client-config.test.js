'use strict';
// The stripe-client's configuration in Node-RED: a bad key, base URI or connected account shown on
// the node's status and the Catch node with nothing sent, and a TLS certificate that is not accepted.
const assert = require('assert');
const { startFlow, until } = require('../helpers/flow');
const { withStripeServer } = require('../helpers/server-hooks');

describe('stripe-client configuration in Node-RED', function () {
  let server;
  withStripeServer((s) => (server = s), { once: true });

  const cases = [
    [
      'a publishable key',
      { apiKey: 'pk_test_abc123' },
      /The API key is a publishable key \(pk_\.\.\.\): use a secret key \(sk_\.\.\.\) or restricted key \(rk_\.\.\.\)/,
    ],
    ['an empty key', { apiKey: '' }, /No API key: set a secret key/],
    ['a base URI that is not a URL', { client: { baseUri: 'not a url' } }, /Base URI "not a url" is not a URL/],
    ['a base URI that is not http(s)', { client: { baseUri: 'ftp://127.0.0.1' } }, /Base URI must use https/],
    [
      'plain http to a host that is not loopback',
      { client: { baseUri: 'http://stripe.example.com' } },
      /uses plain http; only https is allowed except to localhost/,
    ],
    [
      'CR/LF in the connected account',
      { client: { stripeAccount: 'acct_1\r\nX-Evil: 1' } },
      /Connected account must be a connected account id like acct_/,
    ],
  ];
  for (const [what, opts, re] of cases) {
    it(`${what}: shown on the node's status and as a one-line error on the Catch node, nothing sent`, async () => {
      const f = await startFlow({
        baseUri: server.url,
        apiKey: opts.apiKey,
        client: opts.client,
        nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetCustomers' }],
      });
      const node = f.node('s1');
      const statuses = [];
      const original = node.status.bind(node);
      node.status = (st) => {
        statuses.push(st);
        original(st);
      };
      node.receive({});
      await until(() => f.errors.length === 1);
      assert.match(f.errors[0].error.message, re);
      assert.doesNotMatch(f.errors[0].error.message, /[\r\n]/);
      assert.strictEqual(statuses[statuses.length - 1].fill, 'red');
      assert.strictEqual(server.requests.length, 0);
    });
  }

  it('does not retry a TLS certificate failure, and says it is a certificate problem', async function () {
    const https = require('https');
    const { execFileSync } = require('child_process');
    const dir = require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'nr-stripe-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-keyout',
        `${dir}/key.pem`,
        '-out',
        `${dir}/cert.pem`,
      ],
      { stdio: 'ignore' },
    );
    const fs = require('fs');
    let handshakes = 0;
    const tls = https.createServer(
      { key: fs.readFileSync(`${dir}/key.pem`), cert: fs.readFileSync(`${dir}/cert.pem`) },
      (req, res) => res.end('{}'),
    );
    tls.on('connection', () => handshakes++);
    await new Promise((r) => tls.listen(0, '127.0.0.1', r));
    try {
      const f = await startFlow({
        baseUri: `https://localhost:${tls.address().port}`,
        client: { maxRetries: 2 },
        nodes: [{ id: 's1', type: 'stripe-subscriber', operationId: 'GetBalance' }],
      });
      f.node('s1').receive({});
      await until(() => f.errors.length === 1);
      assert.match(
        f.errors[0].error.message,
        /The TLS certificate of localhost:\d+ was not accepted for GET \/v1\/balance \(DEPTH_ZERO_SELF_SIGNED_CERT\)/,
      );
      assert.strictEqual(handshakes, 1, 'one attempt, no retries');
    } finally {
      await new Promise((r) => tls.close(r));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
