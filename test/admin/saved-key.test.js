'use strict';
// The editor's Test connection route over HTTP, in an express app as Node-RED's admin app: a saved API
// key goes only to the base URI its config node was deployed with.
const assert = require('assert');
const http = require('http');
const admin = require('../../dist/nodes/admin');

describe('POST stripe/test-connection over HTTP: where a saved key may go', function () {
  // Node-RED's admin app as far as these routes go: express with its JSON and urlencoded body parsers.
  const express = require('express');
  const { StripeClient } = require('../../dist/stripe/http/client');
  const SAVED = 'sk_test_savedKey789';

  function recorder() {
    const s = { seen: [] };
    s.server = http.createServer((req, res) => {
      s.seen.push({ url: req.url, auth: req.headers.authorization });
      res.setHeader('Content-Type', 'application/json');
      if (req.url.startsWith('/v1/account')) res.end(JSON.stringify({ id: 'acct_rec', object: 'account' }));
      else res.end(JSON.stringify({ object: 'list', data: [], has_more: false, url: '/v1/customers' }));
    });
    return s;
  }
  const home = recorder(); // the base URI cfg1 was deployed with
  const evil = recorder(); // somewhere else
  let admin_;
  let deployedClient;
  let nodes;

  async function post(body, type = 'application/json') {
    const data = type === 'application/json' ? JSON.stringify(body) : new URLSearchParams(body).toString();
    const res = await fetch(`${admin_.url}/stripe/test-connection`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body: data,
    });
    return { status: res.status, body: await res.json() };
  }

  before(async function () {
    for (const s of [home, evil]) {
      await new Promise((r) => s.server.listen(0, '127.0.0.1', r));
      s.url = `http://127.0.0.1:${s.server.address().port}`;
    }
    deployedClient = new StripeClient({ apiKey: SAVED, baseUri: `${home.url}/` });
    nodes = {
      cfg1: { id: 'cfg1', type: 'stripe-client', getClient: () => deployedClient },
    };
    const app = express();
    app.use(express.json());
    app.use(express.urlencoded({ extended: true }));
    admin.registerAdmin({
      httpAdmin: app,
      auth: { needsPermission: () => (req, res, next) => next() },
      nodes: {
        getCredentials: (id) => (id === 'cfg1' || id === 'undeployed' ? { apiKey: SAVED } : undefined),
        getNode: (id) => nodes[id] || null,
      },
    });
    admin_ = { server: http.createServer(app) };
    await new Promise((r) => admin_.server.listen(0, '127.0.0.1', r));
    admin_.url = `http://127.0.0.1:${admin_.server.address().port}`;
  });
  beforeEach(() => {
    home.seen = [];
    evil.seen = [];
  });
  after(async function () {
    deployedClient.close();
    for (const s of [home, evil, admin_]) await new Promise((r) => s.server.close(r));
  });

  it('never sends the saved key to a base URI other than the deployed one', async function () {
    for (const apiKey of ['', '__PWRD__', undefined]) {
      const r = await post({ id: 'cfg1', apiKey, baseUri: evil.url });
      assert.strictEqual(r.status, 200);
      assert.deepStrictEqual(r.body, {
        ok: false,
        key: 'saved',
        error: `Type the API key again to test it against ${evil.url}: a saved key is only sent to the base URI it was deployed with`,
      });
    }
    // Nor to the default when the node was deployed elsewhere, nor to a path on another server.
    let r = await post({ id: 'cfg1', apiKey: '__PWRD__', baseUri: '' });
    assert.strictEqual(r.body.ok, false);
    assert.match(r.body.error, /against https:\/\/api\.stripe\.com: a saved key/);
    r = await post({ id: 'cfg1', apiKey: '__PWRD__', baseUri: `${evil.url}/v1/proxy` });
    assert.strictEqual(r.body.ok, false);
    assert.deepStrictEqual(evil.seen, [], 'the foreign server saw a request');
    assert.deepStrictEqual(home.seen, []);
  });

  it('sends the saved key to the deployed base URI (trailing slash or not)', async function () {
    for (const baseUri of [home.url, `${home.url}/`]) {
      const r = await post({ id: 'cfg1', apiKey: '__PWRD__', baseUri });
      assert.deepStrictEqual(r.body, { ok: true, mode: 'test', key: 'saved', account: { id: 'acct_rec' } });
    }
    assert.deepStrictEqual(
      home.seen.map((s) => s.auth),
      [`Bearer ${SAVED}`, `Bearer ${SAVED}`],
    );
    assert.deepStrictEqual(evil.seen, []);
  });

  it('sends the saved key of a node that is not deployed only to https://api.stripe.com', async function () {
    const r = await post({ id: 'undeployed', apiKey: '', baseUri: evil.url });
    assert.strictEqual(r.body.ok, false);
    assert.match(r.body.error, /^Type the API key again to test it against http:\/\/127\.0\.0\.1:\d+: /);
    assert.deepStrictEqual(evil.seen, []);
    // A node whose client could not be built counts as not deployed.
    nodes.broken = {
      id: 'broken',
      type: 'stripe-client',
      getClient: () => {
        throw new Error('bad config');
      },
    };
    assert.strictEqual(admin.deployedBaseUri(nodes.broken), undefined);
    assert.strictEqual(
      admin.deployedBaseUri({ type: 'stripe-subscriber', getClient: () => deployedClient }),
      undefined,
    );
    assert.strictEqual(admin.deployedBaseUri(nodes.cfg1), home.url);
  });

  it('sends a typed key wherever the typed base URI says', async function () {
    const r = await post({ id: 'cfg1', apiKey: 'sk_test_typedKey123', baseUri: evil.url });
    assert.strictEqual(r.body.ok, true, JSON.stringify(r.body));
    assert.strictEqual(r.body.key, 'typed');
    assert.deepStrictEqual(
      evil.seen.map((s) => s.auth),
      ['Bearer sk_test_typedKey123'],
    );
    assert.deepStrictEqual(home.seen, []);
  });

  it('refuses a form post (what any web page can make a browser send) with 415 and sends nothing', async function () {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const r = await post({ id: 'cfg1', baseUri: home.url }, type);
      assert.strictEqual(r.status, 415, type);
      assert.strictEqual(r.body.ok, false);
      assert.match(r.body.error, /JSON/);
    }
    const r = await post({ id: 'cfg1', baseUri: evil.url }, 'application/x-www-form-urlencoded');
    assert.strictEqual(r.status, 415);
    assert.deepStrictEqual(home.seen, []);
    assert.deepStrictEqual(evil.seen, []);
    // JSON with a charset is JSON.
    const ok = await post({ id: 'cfg1', apiKey: '', baseUri: home.url }, 'application/json');
    assert.strictEqual(ok.body.ok, true);
    const res = await fetch(`${admin_.url}/stripe/test-connection`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ id: 'cfg1', baseUri: home.url }),
    });
    assert.strictEqual((await res.json()).ok, true);
  });
});
