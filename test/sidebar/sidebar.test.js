'use strict';
// The Stripe sidebar's runtime side in a real Node-RED (a child process) under adminAuth, with the
// store-and-forward flow of test/hold (stripe-stateful-mock behind an uplink that can be cut):
// requests recorded with their request id, a 404 with Stripe's code, the held count while the uplink
// is down, send now and discard (the discarded message reaches the Catch node), a refused webhook
// signature counted; a user who may only read sees it all but every action answers 403, no token 401,
// and nothing changes. The comms frames an editor receives never carry the key or a body.
// Needs node:sqlite (Node.js 22.13+): `node scripts/test-matrix.js node24 -- test/sidebar/sidebar.test.js`.
const assert = require('assert');
const { holdAvailable } = require('../../dist/stripe');
const { NodeRed } = require('../../bench/lib/nodered');
const { startStripe, credentials, until, FAST_RETRY, KEY } = require('../hold/harness');
const { CommsClient } = require('../../bench/lib/comms-client');
const { flows, SECRET } = require('./flows');

const PW = 'sidebar-pw-1';

describe('the Stripe sidebar in Node-RED (requests, held, events; adminAuth)', function () {
  this.timeout(120000);
  let stripe;
  let nr;
  let admin;
  let reader;
  let comms;

  async function token(username, scope) {
    const res = await fetch(`http://127.0.0.1:${nr.port}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope, username, password: PW }),
    });
    assert.strictEqual(res.status, 200);
    return (await res.json()).access_token;
  }

  function call(method, url, tok, body) {
    const headers = {};
    if (tok) headers.Authorization = `Bearer ${tok}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return fetch(`http://127.0.0.1:${nr.port}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }
  const state = async (tok = admin) => (await call('GET', '/stripe/sidebar/state', tok)).json();
  const inject = (id, tok = admin, payload) =>
    call(
      'POST',
      `/inject/${id}`,
      tok,
      payload ? { __user_inject_props__: [{ p: 'payload', v: JSON.stringify(payload), vt: 'json' }] } : {},
    );
  const heldOf = async (tok) => (await state(tok)).held.find((h) => h.id === 'pubA');
  const caught = async () => (await (await call('GET', '/hold-records', admin)).json()).caught;

  before(async function () {
    if (!holdAvailable()) this.skip();
    const hash = require('bcryptjs').hashSync(PW, 4);
    stripe = await startStripe();
    nr = await NodeRed.start({
      flows: flows(stripe.uplink.url),
      credentials: { ...credentials, hook: { secret: SECRET } },
      settings: {
        ...FAST_RETRY,
        adminAuth: {
          type: 'credentials',
          users: [
            { username: 'admin', password: hash, permissions: '*' },
            { username: 'reader', password: hash, permissions: 'read' },
          ],
        },
      },
    });
    admin = await token('admin', '*');
    reader = await token('reader', 'read');
    comms = await CommsClient.connect(nr.port, admin);
  });
  after(async function () {
    if (comms) await comms.close();
    if (nr) await nr.stop();
    if (stripe) await stripe.stop();
  });

  it('records a request with its request id and key, and a 404 with Stripe’s code; a frame per change', async function () {
    assert.strictEqual((await inject('one', admin, { from: 0, to: 1 })).status, 200);
    const row = await until(
      async () => (await state()).clients[0]?.rows.find((r) => r.node === 'pubA' && r.status === 200),
      20000,
      'the publisher’s request in the sidebar',
    );
    assert.match(row.requestId, /^req_/);
    assert.strictEqual(row.op, 'PostCustomers');
    assert.strictEqual(row.method, 'POST');
    assert.ok(row.idempotencyKey);
    await inject('get-go');
    const notFound = await until(
      async () => (await state()).clients[0]?.rows.find((r) => r.node === 'sub'),
      20000,
      'the 404 in the sidebar',
    );
    assert.strictEqual(notFound.status, 404);
    assert.strictEqual(notFound.error.code, 'resource_missing');
    assert.strictEqual(notFound.error.type, 'invalid_request_error');
    // The same rows came over comms, to an editor that is connected.
    await until(
      () =>
        comms.frames.some(
          (f) => f.topic === 'stripe/sidebar/client/client' && f.data.rows.some((r) => r.node === 'sub'),
        ),
      10000,
      'a comms frame with the 404',
    );
    // A request's parameters: only asked for, and redacted as the log is.
    const c = (await state()).clients[0];
    const posted = c.rows.find((r) => r.node === 'pubA');
    assert.strictEqual(posted.params, true);
    const p = await (await call('GET', `/stripe/sidebar/requests/client/${posted.seq}`, reader)).json();
    assert.match(p.params, /metadata/);
  });

  it('with the uplink down the held count rises; send now, discard the head (to the Catch node) and discard all', async function () {
    await stripe.uplink.set('down');
    await inject('one', admin, { from: 10, to: 13 });
    const held = await until(
      async () => {
        const h = await heldOf();
        return h && h.held === 3 && h.attempts > 0 && !h.sending && h;
      },
      20000,
      '3 held, the head tried',
    );
    assert.ok(held.since > 0);
    assert.ok(held.lastError, 'the head’s last error');
    await until(
      () => comms.frames.some((f) => f.topic === 'stripe/sidebar/held/pubA' && f.data.held === 3),
      10000,
      'a comms frame with 3 held',
    );

    // A user who may only read: every action 403, no token 401, and nothing changes.
    for (const [method, url, body] of [
      ['POST', '/stripe/sidebar/held/pubA/send-now', {}],
      ['POST', '/stripe/sidebar/held/pubA/discard', { all: true }],
      ['GET', '/stripe/sidebar/held/pubA/download', undefined],
    ]) {
      assert.strictEqual((await call(method, url, reader, body)).status, 403, `${url} as reader`);
      assert.strictEqual((await call(method, url, undefined, body)).status, 401, `${url} without a token`);
    }
    assert.strictEqual((await call('GET', '/stripe/sidebar/state')).status, 401);
    assert.strictEqual((await heldOf(reader)).held, 3, 'nothing changed');

    // The download: the held messages as JSON, for a person to check.
    const dl = await call('GET', '/stripe/sidebar/held/pubA/download', admin);
    assert.strictEqual(dl.status, 200);
    const file = await dl.json();
    assert.deepStrictEqual(
      file.messages.map((m) => m.msg.payload.metadata.seq),
      ['10', '11', '12'],
    );

    // Discard the head: it reaches the Catch node.
    const waiting = async () => until(async () => !(await heldOf()).sending, 20000, 'the head not in flight');
    let r;
    await until(
      async () => {
        await waiting();
        r = await call('POST', '/stripe/sidebar/held/pubA/discard', admin, { all: false });
        assert.strictEqual(r.status, 200);
        return (await r.json()).discarded === 1;
      },
      20000,
      'the head discarded',
    );
    const c1 = await until(async () => (await caught()).find((c) => c.seq === 10), 10000, 'the discarded at the Catch');
    assert.match(c1.message, /[Dd]iscarded/);
    assert.strictEqual((await heldOf()).held, 2);

    // Send now with the uplink back: the head goes at once.
    await stripe.uplink.set('up');
    await waiting();
    r = await call('POST', '/stripe/sidebar/held/pubA/send-now', admin, {});
    assert.strictEqual(r.status, 200);
    await until(async () => (await heldOf()).held === 0, 20000, 'the held messages sent');
    assert.deepStrictEqual(
      stripe.created.map((x) => x.seq).filter((s) => Number(s) >= 10),
      ['11', '12'],
    );

    // Discard all.
    await stripe.uplink.set('down');
    await inject('one', admin, { from: 20, to: 22 });
    await until(async () => (await heldOf()).held === 2, 20000, '2 held');
    // A head being sent at that instant is not discarded (it may reach Stripe): asked again, it goes too.
    let discarded = 0;
    await until(
      async () => {
        await waiting();
        r = await call('POST', '/stripe/sidebar/held/pubA/discard', admin, { all: true });
        discarded += (await r.json()).discarded;
        return discarded === 2;
      },
      20000,
      'both discarded',
    );
    await until(async () => (await caught()).filter((c) => c.seq >= 20).length === 2, 10000, 'both at the Catch');
    assert.strictEqual((await heldOf()).held, 0);
    await stripe.uplink.set('up');
  });

  it('counts a webhook refused for its signature', async function () {
    const res = await fetch(`http://127.0.0.1:${nr.port}/sidebar-hook`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${Math.floor(Date.now() / 1000)},v1=00` },
      body: JSON.stringify({ id: 'evt_1', object: 'event', type: 'customer.created' }),
    });
    assert.strictEqual(res.status, 400);
    const hook = await until(async () => (await state(reader)).webhooks.find((w) => w.id === 'hook'), 10000, 'hook');
    assert.strictEqual(hook.hour.signature, 1);
    assert.strictEqual(hook.hour.accepted, 0);
  });

  it('no comms frame carries the API key, an authorization or a body', function () {
    assert.ok(comms.frames.length > 0);
    const all = comms.raw.join('\n');
    assert.ok(!all.includes(KEY), 'the API key');
    assert.ok(!/Bearer /.test(all), 'an authorization');
    assert.ok(!/customer 1[0-9]/.test(all), 'a message body (the customers’ names)');
    for (const f of comms.frames.filter((x) => x.topic.startsWith('stripe/sidebar/client/'))) {
      for (const r of f.data.rows) assert.strictEqual(typeof r.params, 'boolean', 'parameters only as asked');
    }
  });
});
