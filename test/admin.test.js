'use strict';
// The editor's runtime side (src/nodes/admin/index.ts) and its strings, without a browser (the editor's
// own logic is tested in test/editor/).
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const http = require('http');
const admin = require('../dist/nodes/admin');

const ROOT = path.resolve(__dirname, '..');

function fakeRes() {
  const res = { headers: {}, code: 200, body: undefined };
  res.set = (k, v) => ((res.headers[k.toLowerCase()] = v), res);
  res.status = (c) => ((res.code = c), res);
  res.json = (b) => (res.body = b);
  res.send = (b) => (res.body = b);
  res.end = () => undefined;
  return res;
}

describe('admin endpoints (editor support)', function () {
  describe('GET stripe/catalogue', function () {
    it('serves the slim catalogue gzipped with an ETag, at most 100 KB, and 304 when unchanged', function () {
      const res = fakeRes();
      admin.sendCatalogue({ headers: { 'accept-encoding': 'gzip, deflate' }, query: {} }, res);
      assert.strictEqual(res.headers['content-encoding'], 'gzip');
      assert.ok(res.body.length <= 100 * 1024, `${res.body.length} bytes gzipped`);
      const cat = JSON.parse(zlib.gunzipSync(res.body).toString('utf8'));
      assert.strictEqual(cat.operations.length, 702);
      const tax = cat.operations.find((o) => o.id === 'GetTaxIdsId');
      assert.deepStrictEqual(tax.pathParams, [{ name: 'id', required: true }]);
      const prices = cat.operations.find((o) => o.id === 'PostPrices');
      assert.ok(prices.bodyFields.some((f) => f.name === 'currency' && f.required && f.description));
      const again = fakeRes();
      admin.sendCatalogue({ headers: { 'if-none-match': res.headers.etag }, query: {} }, again);
      assert.strictEqual(again.code, 304);
      const plain = fakeRes();
      admin.sendCatalogue({ headers: {}, query: {} }, plain);
      assert.strictEqual(plain.headers['content-encoding'], undefined);
      assert.strictEqual(JSON.parse(plain.body.toString()).count, 702);
    });
  });

  describe('keyInfo', function () {
    it('tells test from live and secret from restricted, and nothing else', function () {
      assert.deepStrictEqual(admin.keyInfo('sk_test_abc'), { mode: 'test', kind: 'secret' });
      assert.deepStrictEqual(admin.keyInfo('rk_live_abc'), { mode: 'live', kind: 'restricted' });
      assert.strictEqual(admin.keyInfo('pk_test_abc'), undefined);
      assert.strictEqual(admin.keyInfo(undefined), undefined);
    });
  });

  describe('POST stripe/test-connection', function () {
    let server;
    let url;
    let seen;
    before(async function () {
      // A Stripe-like server: /v1/account answers for one key, 401 for others; /v1/customers always.
      server = http.createServer((req, res) => {
        seen.push({ url: req.url, auth: req.headers.authorization, version: req.headers['stripe-version'] });
        res.setHeader('Content-Type', 'application/json');
        if (
          req.headers.authorization !== 'Bearer sk_test_good123' &&
          req.headers.authorization !== 'Bearer sk_test_saved456'
        ) {
          res.statusCode = 401;
          res.end(
            JSON.stringify({
              error: { type: 'invalid_request_error', message: 'Invalid API Key provided: sk_test_****d999' },
            }),
          );
        } else if (req.url.startsWith('/v1/account') && req.headers.authorization === 'Bearer sk_test_good123') {
          res.end(
            JSON.stringify({
              id: 'acct_123',
              object: 'account',
              settings: { dashboard: { display_name: 'Corner Shop' } },
            }),
          );
        } else if (req.url.startsWith('/v1/account')) {
          res.statusCode = 404;
          res.end(
            JSON.stringify({
              error: { type: 'invalid_request_error', message: 'Unrecognized request URL (GET: /v1/account).' },
            }),
          );
        } else {
          res.end(JSON.stringify({ object: 'list', data: [], has_more: false, url: '/v1/customers' }));
        }
      });
      await new Promise((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${server.address().port}`;
    });
    beforeEach(() => (seen = []));
    after(() => new Promise((r) => server.close(r)));

    const none = () => undefined;

    it('names the account for a typed key', async function () {
      const r = await admin.testConnection({ apiKey: 'sk_test_good123', baseUri: url, apiVersion: '2024-04-10' }, none);
      assert.deepStrictEqual(r, {
        ok: true,
        mode: 'test',
        key: 'typed',
        account: { id: 'acct_123', name: 'Corner Shop' },
      });
      assert.strictEqual(seen[0].version, '2024-04-10');
    });

    it('uses the saved key for an empty field or the password placeholder, and falls back to a list call on 404', async function () {
      const creds = (id) => (id === 'cfg1' ? { apiKey: 'sk_test_saved456' } : undefined);
      const deployed = (id) => (id === 'cfg1' ? url : undefined);
      const r = await admin.testConnection({ id: 'cfg1', apiKey: '__PWRD__', baseUri: url }, creds, deployed);
      assert.strictEqual(r.ok, true);
      assert.strictEqual(r.key, 'saved');
      assert.strictEqual(r.account, null);
      assert.match(r.note, /does not describe the account/);
      assert.deepStrictEqual(
        seen.map((s) => s.url),
        ['/v1/account', '/v1/customers?limit=1'],
      );
    });

    it('fails clearly without a key, with a wrong key, and never returns the key', async function () {
      let r = await admin.testConnection({ id: 'nope', apiKey: '', baseUri: url }, none);
      assert.strictEqual(r.ok, false);
      assert.match(r.error, /No API key/);
      r = await admin.testConnection({ apiKey: 'sk_test_wrongd999', baseUri: url }, none);
      assert.strictEqual(r.ok, false);
      assert.match(r.error, /Invalid API Key/);
      assert.ok(!JSON.stringify(r).includes('wrongd999'));
      r = await admin.testConnection({ apiKey: 'pk_test_publishable1', baseUri: url }, none);
      assert.strictEqual(r.ok, false);
      assert.match(r.error, /publishable/);
      assert.ok(!JSON.stringify(r).includes('publishable1'));
    });

    it('guards each route with its own permission: reading with read, testing a key with write', function () {
      const routes = {};
      admin.registerAdmin({
        httpAdmin: {
          get: (p, ...h) => (routes[`GET ${p}`] = h),
          post: (p, ...h) => (routes[`POST ${p}`] = h),
        },
        auth: {
          needsPermission: (p) => {
            const guard = (req, res, next) => next();
            guard.permission = p;
            return guard;
          },
        },
        nodes: { getCredentials: () => undefined, getNode: () => null },
      });
      assert.deepStrictEqual(Object.keys(routes).sort(), [
        'GET /stripe/catalogue',
        'GET /stripe/catalogue/operations/:id',
        'GET /stripe/key-info',
        'POST /stripe/test-connection',
      ]);
      // The guard runs first, then exactly one handler.
      const guards = Object.fromEntries(Object.entries(routes).map(([r, h]) => [r, [h.length, h[0].permission]]));
      assert.deepStrictEqual(guards, {
        'GET /stripe/catalogue': [2, 'stripe-client.read'],
        'GET /stripe/catalogue/operations/:id': [2, 'stripe-client.read'],
        'GET /stripe/key-info': [2, 'stripe-client.read'],
        'POST /stripe/test-connection': [2, 'stripe-client.write'],
      });
    });

    it('registers once per admin app: never twice on the same one, again on a new one (another runtime)', function () {
      const count = {};
      const fakeRED = () => ({
        httpAdmin: {
          get: (p) => (count[`GET ${p}`] = (count[`GET ${p}`] || 0) + 1),
          post: (p) => (count[`POST ${p}`] = (count[`POST ${p}`] || 0) + 1),
        },
        auth: { needsPermission: () => (req, res, next) => next() },
        nodes: { getCredentials: () => undefined, getNode: () => null },
      });
      const first = fakeRED();
      admin.registerAdmin(first);
      admin.registerAdmin(first);
      // Node-RED gives each node file its own RED, all sharing the one admin app.
      admin.registerAdmin({ ...fakeRED(), httpAdmin: first.httpAdmin });
      assert.deepStrictEqual(Object.values(count), [1, 1, 1, 1]);
      admin.registerAdmin(fakeRED());
      assert.deepStrictEqual(Object.values(count), [2, 2, 2, 2]);
    });

    it('blanks anything shaped like a key with the package-wide redaction, keeping its kind and mode', function () {
      const { redactKeys } = require('../dist/stripe/client');
      assert.strictEqual(
        redactKeys('a sk_test_abc, rk_live_51Hx_y9 and pk_test_Z; key=sk_live_x glued:apikey_sk_test_q1w2e3'),
        'a sk_test_***, rk_live_*** and pk_test_***; key=sk_live_*** glued:apikey_sk_test_***',
      );
      assert.strictEqual(redactKeys('sk_test_ and acct_123 stay'), 'sk_test_ and acct_123 stay');
    });
  });
});

describe('POST stripe/test-connection over HTTP: where a saved key may go', function () {
  // Node-RED's admin app as far as these routes go: express with its JSON and urlencoded body parsers.
  const express = require('express');
  const { StripeClient } = require('../dist/stripe/client');
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

describe('editor strings and help', function () {
  const LANGS = ['en-US', 'de'];
  const NODES = ['stripe-client', 'stripe-subscriber', 'stripe-publisher'];
  function keys(obj, prefix = '') {
    return Object.entries(obj).flatMap(([k, v]) =>
      v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );
  }

  it('has the same keys in every language', function () {
    for (const node of NODES) {
      const en = keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en-US', `${node}.json`), 'utf8'))).sort();
      const de = keys(JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'de', `${node}.json`), 'utf8'))).sort();
      assert.deepStrictEqual(de, en, node);
    }
  });

  it('defines every string the shared editor code and the dialogs use', function () {
    const catalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en-US', 'stripe-client.json'), 'utf8'));
    const have = new Set(keys(catalog.editor));
    const code = fs
      .readdirSync(path.join(ROOT, 'src', 'editor'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => fs.readFileSync(path.join(ROOT, 'src', 'editor', f), 'utf8'))
      .join('\n');
    const used = new Set([...code.matchAll(/\bt\('([a-zA-Z.]+)'\s*[,)]/g)].map((m) => m[1]));
    assert.ok(used.size > 20, `found only ${used.size} texts: the walk of src/editor is broken`);
    for (const k of [
      'add.expandQuery',
      'client.key.test',
      'client.key.live',
      'client.key.testRestricted',
      'client.key.liveRestricted',
      'client.key.publishable',
      'client.key.unknown',
      'client.key.notDeployed',
      'client.mode.test',
      'client.mode.live',
      'picker.list',
      'picker.search',
      'pagination.kind.list',
      'pagination.kind.search',
      'pagination.kind.unknown',
      'section.path',
      'section.query',
      'section.payload',
      'section.pathSource',
      'section.querySource',
      'section.payloadSource',
      'add.query',
      'add.queryFree',
      'add.payload',
      'add.payloadFree',
      'add.path',
      'add.pathFree',
    ])
      used.add(k);
    for (const k of used) if (!k.endsWith('.')) assert.ok(have.has(k), `missing editor.${k}`);
    for (const node of NODES) {
      const html = fs.readFileSync(path.join(ROOT, 'nodes', `${node}.html`), 'utf8');
      const nodeCatalog = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', 'en-US', `${node}.json`), 'utf8'));
      const nodeKeys = new Set(keys(nodeCatalog));
      for (const m of html.matchAll(/data-i18n="(?:\[placeholder\])?([a-zA-Z.-]+)"/g))
        assert.ok(nodeKeys.has(m[1]), `${node}: ${m[1]}`);
    }
  });

  it('has help for each node in each language, in Node-RED style', function () {
    const sections = {
      'en-US': ['Inputs', 'Outputs', 'Details', 'References'],
      de: ['Eingaben', 'Ausgaben', 'Details', 'Referenzen'],
    };
    for (const lang of LANGS) {
      for (const node of NODES) {
        const help = fs.readFileSync(path.join(ROOT, 'locales', lang, `${node}.html`), 'utf8');
        assert.match(help, new RegExp(`data-help-name="${node}"`));
        const want = node === 'stripe-client' ? sections[lang].slice(2) : sections[lang];
        for (const s of want) assert.ok(help.includes(`<h3>${s}</h3>`), `${lang}/${node}: ${s}`);
      }
    }
  });
});
