'use strict';
// POST stripe/fleet/test, the stripe-fleet dialog's Test button, against real redis-servers on loopback
// (with and without a password) and a port where nothing listens: Redis's version, the round trip and
// the instances alive, or one line in the runtime's language that never holds the password. A saved
// password only goes to the Redis its node was deployed with. Then the route in a real Node-RED under
// adminAuth: without a token or with one that may only read, refused (Node-RED's 401) before Redis.
const assert = require('assert');
const http = require('http');
const net = require('net');
const express = require('express');
const admin = require('../../dist/nodes/admin');
const { RedisServer } = require('../../scripts/redis-server');
const { NodeRed } = require('../../bench/lib/nodered');

const PASSWORD = 'fleet-Secret-7q';

/** A port on loopback where nothing listens (taken, then closed). */
function closedPort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

describe('POST stripe/fleet/test against a real Redis', function () {
  this.timeout(30000);
  let open; // a Redis without a password
  let locked; // a Redis with one
  let app;
  const deployed = {}; // the stripe-fleet nodes "deployed", by id
  const saved = {}; // their saved credentials

  async function post(body, type = 'application/json') {
    const data = type === 'application/json' ? JSON.stringify(body) : new URLSearchParams(body).toString();
    const res = await fetch(`${app.url}/stripe/fleet/test`, {
      method: 'POST',
      headers: { 'Content-Type': type },
      body: data,
    });
    return { status: res.status, body: await res.json() };
  }

  /** A refusal: 400 and one line without the password. */
  function refused(r, pattern) {
    assert.strictEqual(r.status, 400, JSON.stringify(r.body));
    assert.deepStrictEqual(Object.keys(r.body), ['error']);
    assert.match(r.body.error, pattern);
    assert.ok(!/[\r\n]/.test(r.body.error), `one line: ${r.body.error}`);
    assert.ok(!r.body.error.includes(PASSWORD), `the password in: ${r.body.error}`);
  }

  before(async function () {
    [open, locked] = await Promise.all([RedisServer.start(), RedisServer.start({ password: PASSWORD })]);
    // As the runtime's stripe-fleet node: its connection names the host and port it reaches.
    deployed.fleet1 = { id: 'fleet1', type: 'stripe-fleet', connection: () => ({ where: `127.0.0.1:${locked.port}` }) };
    saved.fleet1 = { password: PASSWORD };
    const e = express();
    e.use(express.json());
    e.use(express.urlencoded({ extended: true }));
    admin.registerAdmin({
      httpAdmin: e,
      auth: { needsPermission: () => (req, res, next) => next() },
      nodes: { getCredentials: (id) => saved[id], getNode: (id) => deployed[id] || null },
    });
    app = { server: http.createServer(e) };
    await new Promise((r) => app.server.listen(0, '127.0.0.1', r));
    app.url = `http://127.0.0.1:${app.server.address().port}`;
  });
  after(async function () {
    if (app) await new Promise((r) => app.server.close(r));
    await Promise.all([open, locked].filter(Boolean).map((r) => r.stop()));
  });

  it("answers Redis's version, the round trip and the instances alive", async function () {
    const r = await post({ url: open.url, prefix: 'stripe' });
    assert.strictEqual(r.status, 200, JSON.stringify(r.body));
    assert.deepStrictEqual(Object.keys(r.body).sort(), ['instances', 'rttMs', 'version']);
    assert.match(r.body.version, /^\d+\.\d+\.\d+/);
    assert.ok(r.body.rttMs >= 0 && Number.isFinite(r.body.rttMs));
    assert.strictEqual(r.body.instances, 0, 'nothing of this fleet runs');
    // With a password, typed.
    const p = await post({ url: locked.url, prefix: 'stripe', password: PASSWORD });
    assert.strictEqual(p.status, 200, JSON.stringify(p.body));
    assert.match(p.body.version, /^\d+\./);
  });

  it('says in one line what is wrong, never the password', async function () {
    refused(
      await post({ url: locked.url, password: 'wrong-Secret-9z' }),
      /Redis refused the login at 127\.0\.0\.1:\d+/,
    );
    refused(await post({ url: locked.url }), /Redis refused the login|NOAUTH/);
    refused(await post({ url: `redis://:${PASSWORD}x@127.0.0.1:${locked.port}` }), /Redis refused the login/);
    const port = await closedPort();
    refused(
      await post({ url: `redis://127.0.0.1:${port}`, password: PASSWORD }),
      new RegExp(`127\\.0\\.0\\.1:${port}`),
    );
    refused(await post({ url: 'http://127.0.0.1:6379' }), /redis:\/\/ or rediss:\/\//);
    refused(await post({ url: open.url, prefix: 'a b' }), /prefix/);
  });

  it('uses the saved password for the placeholder or an empty field, only towards the deployed Redis', async function () {
    for (const password of ['__PWRD__', '', undefined]) {
      const r = await post({ id: 'fleet1', url: locked.url, prefix: 'stripe', password });
      assert.strictEqual(r.status, 200, JSON.stringify(r.body));
    }
    // Another Redis (where a password could be read off the wire) gets no saved password.
    refused(
      await post({ id: 'fleet1', url: open.url, password: '__PWRD__' }),
      /^Type the password again to test it against 127\.0\.0\.1:\d+: a saved password/,
    );
    // A typed password goes wherever the typed URL says.
    assert.strictEqual((await post({ id: 'fleet1', url: locked.url, password: PASSWORD })).status, 200);
  });

  it('takes ${VAR} as Node-RED does: the variable of the runtime', async function () {
    process.env.NRSTRIPE_FLEET_TEST_URL = open.url;
    try {
      assert.strictEqual((await post({ url: '${NRSTRIPE_FLEET_TEST_URL}' })).status, 200);
      refused(await post({ url: '${NRSTRIPE_FLEET_NOT_SET}' }), /NRSTRIPE_FLEET_NOT_SET is not set/);
    } finally {
      delete process.env.NRSTRIPE_FLEET_TEST_URL;
    }
  });

  it('refuses a form post (what any web page can make a browser send) with 415', async function () {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const r = await post({ id: 'fleet1', url: open.url, password: '__PWRD__' }, type);
      assert.strictEqual(r.status, 415, type);
      assert.match(r.body.error, /JSON/);
    }
  });
});

describe('POST stripe/fleet/test in Node-RED under adminAuth', function () {
  this.timeout(60000);
  let nr;
  let redis;
  const PW = 'editor-pw-1';

  async function token(username, scope) {
    const res = await fetch(`http://127.0.0.1:${nr.port}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope, username, password: PW }),
    });
    assert.strictEqual(res.status, 200, `${username}: ${res.status}`);
    return (await res.json()).access_token;
  }

  function test(headers = {}, url = redis.url) {
    return fetch(`http://127.0.0.1:${nr.port}/stripe/fleet/test`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ url, prefix: 'stripe' }),
    });
  }

  before(async function () {
    const hash = require('bcryptjs').hashSync(PW, 4);
    [redis, nr] = await Promise.all([
      RedisServer.start(),
      NodeRed.start({
        stripeGlobal: false,
        settings: {
          adminAuth: {
            type: 'credentials',
            users: [
              { username: 'admin', password: hash, permissions: '*' },
              { username: 'reader', password: hash, permissions: 'read' },
            ],
          },
        },
      }),
    ]);
  });
  after(async function () {
    if (nr) await nr.stop();
    if (redis) await redis.stop();
  });

  // Node-RED answers 401 both without a token and for a token whose scope lacks the permission (its
  // needsPermission); what matters is that the route never runs: a listener in Redis's place counts
  // the connections it would make.
  it('no token, or a user who may only read: refused, and nothing reaches Redis; a user who may write: the answer', async function () {
    let reached = 0;
    const trap = net.createServer((s) => {
      reached++;
      s.destroy();
    });
    await new Promise((r) => trap.listen(0, '127.0.0.1', r));
    try {
      const trapUrl = `redis://127.0.0.1:${trap.address().port}`;
      assert.strictEqual((await test({}, trapUrl)).status, 401);
      const reader = await token('reader', 'read');
      assert.strictEqual((await test({ Authorization: `Bearer ${reader}` }, trapUrl)).status, 401);
      assert.strictEqual(reached, 0, 'a refused request reached Redis');
      const writer = await token('admin', '*');
      const res = await test({ Authorization: `Bearer ${writer}` });
      assert.strictEqual(res.status, 200);
      assert.match((await res.json()).version, /^\d+\./);
      // The same writer against the listener: the route ran (the check above is not vacuous).
      assert.strictEqual((await test({ Authorization: `Bearer ${writer}` }, trapUrl)).status, 400);
      assert.ok(reached > 0);
    } finally {
      await new Promise((r) => trap.close(r));
    }
  });
});
