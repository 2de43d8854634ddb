'use strict';
// The stripe-webhook dialog's endpoint buttons, through Node-RED's admin API as the editor calls them,
// against a Stripe-like webhook_endpoints API on loopback (NODE_RED_UNDER_TEST picks the Node-RED).
const assert = require('assert');
const { NodeRed } = require('../../bench/lib/nodered');
const { StripeServer } = require('../helpers/stripe-server');
const { EventsStandIn } = require('../../scripts/events-standin');

function flows(server) {
  return [
    { id: 'tab', type: 'tab', label: 'webhook' },
    { id: 'client', type: 'stripe-client', name: 'loopback', baseUri: server.url, apiVersion: '', rateLimit: 50 },
    {
      id: 'wh',
      type: 'stripe-webhook',
      z: 'tab',
      client: 'client',
      url: '/stripe/events',
      events: ['invoice.*'],
      wires: [[]],
    },
  ];
}

describe('stripe-webhook endpoint in Stripe (editor buttons)', function () {
  this.timeout(120000);
  let server;
  let stripe;
  let nr;

  before(async function () {
    server = await new StripeServer().start();
    stripe = new EventsStandIn();
    const handle = stripe.handler();
    server.on((req, res, r) => handle(req, res, r.rawBody));
    nr = await NodeRed.start({
      stripeGlobal: false,
      flows: flows(server),
      credentials: { client: { apiKey: 'sk_test_endpoints' } },
    });
  });
  after(async function () {
    await nr?.stop();
    await server?.stop();
  });

  const press = (path, body) => nr.request('POST', path, { body: { node: 'wh', client: 'client', ...body } });
  const create = (body = {}) =>
    press('/stripe/webhook-endpoint', { url: 'https://shop.example/stripe/events', events: ['invoice.paid'], ...body });

  it('create pressed 3 times (at once), a redeploy and a restart: exactly 1 endpoint; delete leaves 0', async function () {
    const answers = await Promise.all([create(), create(), create()]);
    assert.deepStrictEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    );
    assert.deepStrictEqual(answers.map((a) => a.body.action).sort(), ['created', 'updated', 'updated']);
    const made = answers.find((a) => a.body.action === 'created').body;
    assert.match(made.secret, /^whsec_/);
    assert.ok(answers.filter((a) => a.body.action === 'updated').every((a) => a.body.secret === undefined));
    assert.strictEqual(stripe.endpoints.length, 1);
    const [ep] = stripe.endpoints;
    assert.deepStrictEqual(ep.metadata, { node_red_node: 'wh' });
    assert.deepStrictEqual(ep.enabled_events, ['invoice.paid']);
    assert.strictEqual(ep.api_version, require('../../spec/catalogue.json').apiVersion);

    await nr.deploy(flows(server));
    await nr.stop({ keepDir: true });
    nr = await NodeRed.start({ userDir: nr.userDir });
    const again = await create({ url: 'https://shop.example/hooks/stripe', events: ['invoice.*', 'charge.failed'] });
    assert.strictEqual(again.body.action, 'updated');
    assert.strictEqual(stripe.endpoints.length, 1);
    assert.strictEqual(stripe.endpoints[0].url, 'https://shop.example/hooks/stripe');
    assert.deepStrictEqual(stripe.endpoints[0].enabled_events, ['invoice.*', 'charge.failed']);

    const gone = await press('/stripe/webhook-endpoint/delete');
    assert.strictEqual(gone.body.action, 'deleted');
    assert.strictEqual(stripe.endpoints.length, 0);
    assert.strictEqual((await press('/stripe/webhook-endpoint/delete')).body.action, 'none');
  });

  it('recreate gives a new signing secret and still one endpoint', async function () {
    const first = await create();
    const second = await create({ recreate: true });
    assert.strictEqual(second.body.action, 'recreated');
    assert.match(second.body.secret, /^whsec_/);
    assert.notStrictEqual(second.body.secret, first.body.secret);
    assert.strictEqual(stripe.endpoints.length, 1);
    await press('/stripe/webhook-endpoint/delete');
  });

  it('says so when the account already has 16 endpoints', async function () {
    for (let i = 0; i < 16; i++) stripe.createEndpoint({ url: `https://x.example/${i}`, enabled_events: ['*'] });
    const r = await create();
    assert.strictEqual(r.status, 400);
    assert.match(r.body.error, /at most 16 webhook endpoints/);
    stripe.endpoints = [];
  });

  it('refuses a URL that is not http(s), a form post, and an undeployed client, never showing the key', async function () {
    assert.match((await create({ url: 'ftp://x.example/a' })).body.error, /https/);
    const form = await nr.request('POST', '/stripe/webhook-endpoint', {
      body: 'node=wh&client=client',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.strictEqual(form.status, 400);
    const nope = await press('/stripe/webhook-endpoint', { client: 'nosuch', url: 'https://x.example/a' });
    assert.match(nope.body.error, /deploy it first/);
    assert.doesNotMatch(JSON.stringify(nope.body), /sk_test_endpoints/);
  });
});
