'use strict';
// The nodes speak the runtime's language: a real Node-RED (node-red-node-test-helper has no message
// catalogs: its RED._ echoes the key) started with the setting `lang`, its flows wired to a
// Stripe-like loopback server. A Catch node and a status node record what a user sees; the flow
// serves the records on an http-in route. In German the status and the Catch node's msg.error.message
// are German (Stripe's own message inside stays as Stripe sent it, and msg.stripe.error keeps
// Stripe's fields); in English they are exactly the texts the core makes (err.message). The rules'
// refusals (src/rules), of a message's operation or of a client's settings, are worded the same way.
const assert = require('assert');
const { NodeRed } = require('../bench/lib/nodered');
const { StripeServer } = require('./helpers/stripe-server');

const KEY = 'sk_test_i18nRuntime4242';
const tab = 't1';
// x and y: Node-RED takes a node without a position for a config node.
const node = (id, type, props, wires = []) => ({ id, type, z: tab, x: 100, y: 100, wires: [wires], ...props });
const inject = (id, to) =>
  node(id, 'inject', { props: [{ p: 'payload' }], payloadType: 'date', repeat: '', once: false }, [to]);
const record = (id, list, what) =>
  node(id, 'function', {
    func: `const l = global.get('${list}') || []; l.push(${what}); global.set('${list}', l); return null;`,
    outputs: 1,
  });

function flows(baseUri) {
  const stripeNode = (id, type, operationId, props = {}) =>
    node(id, type, { client: 'client', operationId, path: {}, query: {}, payload: {}, ...props });
  return [
    { id: tab, type: 'tab', label: 'i18n' },
    {
      id: 'client',
      type: 'stripe-client',
      name: 'stripe',
      baseUri,
      apiVersion: '',
      maxRetries: '1',
      timeout: '10',
      rateLimit: '0',
    },
    // A missing path parameter.
    inject('i-path', 'path'),
    stripeNode('path', 'stripe-subscriber', 'GetCustomersCustomer'),
    // A msg.payload that cannot be a body (a Map, made in a function node).
    inject('i-payload', 'f-payload'),
    node('f-payload', 'function', { func: 'msg.payload = new Map([["a", 1]]); return msg;', outputs: 1 }, ['payload']),
    stripeNode('payload', 'stripe-publisher', 'PostCustomers', { method: 'POST' }),
    // A card decline (402).
    inject('i-card', 'card'),
    stripeNode('card', 'stripe-publisher', 'PostPaymentIntents', { method: 'POST' }),
    // A gateway's HTML page, retried once, then given up.
    inject('i-retry', 'retry'),
    stripeNode('retry', 'stripe-subscriber', 'GetBalance'),
    // A server that echoes the key in its error.
    inject('i-echo', 'echo'),
    stripeNode('echo', 'stripe-subscriber', 'GetCustomers'),
    // Refusals of the rules (src/rules): a GET operation given to a publisher by msg.operationId ...
    inject('i-get', 'f-get'),
    node('f-get', 'function', { func: 'msg.operationId = "GetCustomers"; return msg;', outputs: 1 }, ['get']),
    stripeNode('get', 'stripe-publisher', '', { method: 'POST' }),
    // ... and a client whose base URI is plain http to another machine, used by a subscriber.
    {
      id: 'plain-http',
      type: 'stripe-client',
      name: 'plain http',
      baseUri: 'http://stripe.example.com',
      apiVersion: '',
    },
    inject('i-plain', 'plain'),
    stripeNode('plain', 'stripe-subscriber', 'GetBalance', { client: 'plain-http' }),
    node('catch', 'catch', { scope: null, uncaught: false }, ['rec-catch']),
    record('rec-catch', 'caught', '{ id: msg.error.source.id, message: msg.error.message, stripe: msg.stripe.error }'),
    node('status', 'status', { scope: null }, ['rec-status']),
    record('rec-status', 'statuses', '{ id: msg.status.source.id, text: msg.status.text }'),
    node('http-in', 'http in', { url: '/i18n-records', method: 'get' }, ['read']),
    node(
      'read',
      'function',
      {
        func: "msg.payload = { caught: global.get('caught') || [], statuses: global.get('statuses') || [] }; return msg;",
        outputs: 1,
      },
      ['http-out'],
    ),
    node('http-out', 'http response', {}),
  ];
}

function scriptStripe(server) {
  server.route('POST', '/v1/payment_intents', {
    status: 402,
    body: {
      error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      },
    },
    headers: { 'request-id': 'req_card' },
  });
  server.route('GET', '/v1/balance', {
    status: 502,
    text: '<html><body>Bad gateway</body></html>',
    headers: { 'content-type': 'text/html', 'request-id': 'req_gw' },
  });
  server.route('GET', '/v1/customers', {
    status: 400,
    body: { error: { type: 'invalid_request_error', message: `Invalid API Key provided: ${KEY}` } },
  });
}

const EXPECT = {
  de: {
    path: {
      status: 'Pfad customer fehlt',
      message:
        'GetCustomersCustomer braucht den Pfadparameter „customer“: in den Pfad-Einstellungen des Nodes oder als msg.path.customer setzen',
    },
    payload: {
      status: 'msg.payload ungültig',
      message: 'msg.payload muss ein Objekt aus Body-Feldern oder ein Wert für die Vorlagen sein, nicht Map',
    },
    card: {
      status: 'insufficient_funds',
      message:
        'Stripe meldet einen Fehler: Your card has insufficient funds. [card_error/card_declined/insufficient_funds; HTTP 402; req_card]',
    },
    get: {
      status: 'GET braucht einen Subscriber',
      message:
        'GetCustomers ist eine GET-Operation; der stripe publisher schreibt nur (POST oder DELETE): einen stripe subscriber verwenden',
      messageCode: 'rules.publisherNoGet',
    },
    plain: {
      message:
        'Die Basis-URI http://stripe.example.com verwendet einfaches http; erlaubt ist nur https, außer zu localhost/127.0.0.1',
      messageCode: 'rules.baseUriPlainHttp',
    },
    testNoKey:
      'Kein API-Schlüssel: einen geheimen Schlüssel (sk_test_...) eingeben oder den gespeicherten zuerst deployen',
    endpointNoClient:
      'Einen stripe-client wählen und zuerst deployen: der Endpunkt wird mit dem deployten Schlüssel angelegt',
    testPlain:
      'Die Basis-URI http://stripe.example.com verwendet einfaches http; erlaubt ist nur https, außer zu localhost/127.0.0.1',
    retry: {
      retrying: 'Wiederholung 1/1 (HTTP 502, unlesbar)',
      status: 'HTTP 502, unlesbar',
      message:
        'Stripe hat GET /v1/balance mit HTTP 502 und einer HTML-Seite statt Stripes JSON beantwortet (ein Fehler eines Proxys oder Gateways?) nach 2 Versuchen',
    },
  },
  'en-US': {
    path: {
      status: 'missing path customer',
      message:
        'GetCustomersCustomer needs the path parameter "customer": set it in the node\'s path settings or as msg.path.customer',
    },
    payload: {
      status: 'bad msg.payload',
      message: 'msg.payload must be an object of body fields, or a value for the templates, not a Map',
    },
    card: {
      status: 'insufficient_funds',
      message: 'Your card has insufficient funds. [card_error/card_declined/insufficient_funds; HTTP 402; req_card]',
    },
    get: {
      status: 'GET needs a subscriber',
      message:
        'GetCustomers is a GET operation; the stripe publisher only writes (POST or DELETE): use a stripe subscriber',
      messageCode: 'rules.publisherNoGet',
    },
    plain: {
      message:
        'Base URI http://stripe.example.com uses plain http; only https is allowed except to localhost/127.0.0.1',
      messageCode: 'rules.baseUriPlainHttp',
    },
    testNoKey: 'No API key: type a secret key (sk_test_...) or deploy the saved one first',
    endpointNoClient: 'Choose a stripe-client and deploy it first: the endpoint is made with the deployed key',
    testPlain:
      'Base URI http://stripe.example.com uses plain http; only https is allowed except to localhost/127.0.0.1',
    retry: {
      retrying: 'retrying 1/1 (HTTP 502, unreadable)',
      status: 'HTTP 502, unreadable',
      message:
        "Stripe answered GET /v1/balance with HTTP 502 and an HTML page instead of Stripe's JSON (a proxy or gateway error?) after 2 attempts",
    },
  },
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (const lang of Object.keys(EXPECT)) {
  describe(`runtime texts in a real Node-RED with lang ${lang}`, function () {
    this.timeout(60000);
    const server = new StripeServer();
    let nr;
    let records;

    before(async () => {
      await server.start();
      scriptStripe(server);
      nr = await NodeRed.start({
        stripeGlobal: false,
        lang,
        flows: flows(server.url),
        credentials: { client: { apiKey: KEY }, 'plain-http': { apiKey: KEY } },
      });
      for (const id of ['i-path', 'i-payload', 'i-card', 'i-retry', 'i-echo', 'i-get', 'i-plain']) {
        const r = await nr.request('POST', `/inject/${id}`);
        assert.strictEqual(r.status, 200, `inject ${id}: HTTP ${r.status}`);
      }
      // Every stripe node ends in its Catch node's record (the retry after a wait of about half a second).
      for (let i = 0; i < 100; i++) {
        records = (await nr.request('GET', '/i18n-records')).body;
        if (records.caught.length >= 7) break;
        await sleep(100);
      }
    });
    after(async () => {
      if (nr) await nr.stop();
      await server.stop();
    });

    const caught = (id) => records.caught.find((c) => c.id === id);
    const statuses = (id) => records.statuses.filter((s) => s.id === id).map((s) => s.text);
    const lastStatus = (id) => statuses(id).pop();
    const short = (t) => (t.length > 32 ? `${t.slice(0, 31)}…` : t);

    it('a missing path parameter: the status and the Catch node say so in the language', () => {
      assert.strictEqual(lastStatus('path'), EXPECT[lang].path.status);
      assert.strictEqual(caught('path').message, EXPECT[lang].path.message);
    });

    it('a bad msg.payload: the status and the Catch node say so in the language', () => {
      assert.strictEqual(lastStatus('payload'), EXPECT[lang].payload.status);
      assert.strictEqual(caught('payload').message, EXPECT[lang].payload.message);
    });

    it("a card decline: worded in the language around Stripe's own message; msg.stripe.error as Stripe sent it", () => {
      assert.strictEqual(lastStatus('card'), EXPECT[lang].card.status);
      assert.strictEqual(caught('card').message, EXPECT[lang].card.message);
      const e = caught('card').stripe;
      assert.strictEqual(e.message, 'Your card has insufficient funds.');
      assert.strictEqual(e.code, 'card_declined');
      assert.strictEqual(e.declineCode, 'insufficient_funds');
      assert.strictEqual(e.messageCode, 'errors.api');
    });

    it('a retry: the status counts the retries in the language, the error says how many attempts were made', () => {
      assert.ok(statuses('retry').includes(short(EXPECT[lang].retry.retrying)), statuses('retry').join(' | '));
      assert.strictEqual(lastStatus('retry'), short(EXPECT[lang].retry.status));
      assert.strictEqual(caught('retry').message, EXPECT[lang].retry.message);
    });

    it("a rule's refusal of the message (a publisher given a GET operation): worded in the language", () => {
      assert.strictEqual(lastStatus('get'), EXPECT[lang].get.status);
      assert.strictEqual(caught('get').message, EXPECT[lang].get.message);
      assert.strictEqual(caught('get').stripe.messageCode, EXPECT[lang].get.messageCode);
    });

    it("a rule's refusal of the client's settings (plain http to another machine): the subscriber's status and Catch node in the language", () => {
      assert.strictEqual(lastStatus('plain'), short(EXPECT[lang].plain.message));
      assert.strictEqual(caught('plain').message, EXPECT[lang].plain.message);
      assert.strictEqual(caught('plain').stripe.messageCode, EXPECT[lang].plain.messageCode);
    });

    it("the client dialog's Test connection: its refusals come back in the language", async () => {
      let r = await nr.request('POST', '/stripe/test-connection', { body: { id: 'none', apiKey: '' } });
      assert.strictEqual(r.status, 200);
      assert.deepStrictEqual([r.body.ok, r.body.error], [false, EXPECT[lang].testNoKey]);
      r = await nr.request('POST', '/stripe/test-connection', {
        body: { apiKey: KEY, baseUri: 'http://stripe.example.com' },
      });
      assert.deepStrictEqual([r.body.ok, r.body.error], [false, EXPECT[lang].testPlain]);
      assert.ok(!JSON.stringify(r.body).includes(KEY));
    });

    it("the webhook dialog's endpoint buttons: their refusals come back in the language", async () => {
      const r = await nr.request('POST', '/stripe/webhook-endpoint', {
        body: { node: 'wh1', client: 'no-such-client', url: 'https://example.com/stripe', events: [] },
      });
      assert.deepStrictEqual([r.status, r.body.ok, r.body.error], [400, false, EXPECT[lang].endpointNoClient]);
    });

    it('statuses fit under the node (32 characters) and the key appears in no status or caught message', () => {
      for (const s of records.statuses) assert.ok(s.text.length <= 32, s.text);
      const seen = JSON.stringify(records);
      assert.ok(caught('echo'), 'the echoed-key error reached the Catch node');
      assert.ok(!seen.includes(KEY), seen);
      assert.ok(caught('echo').message.includes('sk_***'), caught('echo').message);
    });

    it('Node-RED logged no error of its own', () => {
      assert.deepStrictEqual(
        nr.problems().filter((l) => !/\[(error)\] \[stripe-/.test(l) && /\[error\]/.test(l)),
        [],
      );
    });
  });
}
