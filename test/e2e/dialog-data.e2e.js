'use strict';
// Browser tests of what the subscriber's and publisher's dialogs offer from the account and from the
// flow: an id field looks for the account's objects through the node's client (a Stripe stand-in on
// loopback with customers and Stripe's customer search) and choosing one fills its id; typing `{{` in a
// value field offers the fields of the message that arrives (an upstream operation's answer, a
// webhook's data.object), and nothing of an operation whose msg.payload a change node replaced; the
// information block says what the operation sends on.
const assert = require('assert');
const h = require('./harness');
const { StripeServer } = require('../helpers/stripe-server');

const CUSTOMERS = [
  { id: 'cus_Ann1', object: 'customer', email: 'ann@example.com', name: 'Ann Lee' },
  { id: 'cus_Bob2', object: 'customer', email: 'bob@example.com', name: 'Bob Roe' },
];

/** Stripe's customer search, as far as `email~"x" OR name~"x"` goes. */
function searchCustomers(server) {
  server.route('GET', '/v1/customers/search', (res, r) => {
    const m = /email~"([^"]*)"/.exec(String(r.query.query || ''));
    const q = m ? m[1].toLowerCase() : '';
    const data = CUSTOMERS.filter((c) => c.email.includes(q) || c.name.toLowerCase().includes(q));
    StripeServer.json(res, 200, { object: 'search_result', data, has_more: false, next_page: null, url: r.path });
  });
}

const node = (id, type, y, extra) => ({ id, type, z: 'tab1', x: 200, y, name: '', wires: [[]], ...extra });

function flows(stripeUrl) {
  const op = (operationId, path, payload, wires = [[]]) => ({
    client: 'cli1',
    method: 'POST',
    operationId,
    path,
    query: {},
    payload,
    wires,
  });
  return [
    { id: 'tab1', type: 'tab', label: 'Stripe' },
    {
      id: 'cli1',
      type: 'stripe-client',
      name: 'stand-in',
      baseUri: stripeUrl,
      apiVersion: '',
      stripeAccount: '',
      logging: false,
      timeout: 10,
      maxRetries: 0,
      rateLimit: 0,
      credentials: { apiKey: 'sk_test_dialogData123' },
    },
    // a client whose Stripe cannot be reached
    {
      id: 'cli2',
      type: 'stripe-client',
      name: 'unreachable',
      baseUri: 'http://127.0.0.1:9',
      apiVersion: '',
      stripeAccount: '',
      logging: false,
      timeout: 5,
      maxRetries: 0,
      rateLimit: 0,
      credentials: { apiKey: 'sk_test_dialogDataUnreached1' },
    },
    // (1) a subscriber's customer into a publisher that updates it
    node('sub1', 'stripe-subscriber', 60, {
      client: 'cli1',
      operationId: 'GetCustomersCustomer',
      path: { customer: '{{payload.id}}' },
      query: {},
      pagination: false,
      output: 'all',
      maxItems: 10000,
      wires: [['pub1', 'chg1']],
    }),
    node('pub1', 'stripe-publisher', 60, op('PostCustomersCustomer', { customer: '' }, { description: '' })),
    // ... and through a change node that sets msg.payload
    node('chg1', 'change', 140, {
      rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{}', tot: 'json' }],
      wires: [['pub3']],
    }),
    node('pub3', 'stripe-publisher', 140, op('PostCustomersCustomer', { customer: '' }, {})),
    // (2) a webhook for invoice.paid into paying the invoice
    node('wh1', 'stripe-webhook', 220, {
      url: '/stripe-dialog-data',
      events: ['invoice.paid'],
      tolerance: 300,
      store: '',
      wires: [['pub2']],
      credentials: { secret: 'whsec_dialogData123' },
    }),
    node('pub2', 'stripe-publisher', 220, op('PostInvoicesInvoicePay', { invoice: '' }, {})),
  ];
}

/** The value field's list that shows, its items' texts (waits for the list to fill). */
async function listed(page) {
  const list = page.locator('.stripe-value-choices:visible');
  await list.locator('.stripe-dropdown-item').first().waitFor();
  return list.locator('.stripe-dropdown-item').allTextContents();
}

/** The offers' paths in the list that shows. */
async function offered(page) {
  await page.locator('.stripe-value-choices:visible .stripe-offer-path').first().waitFor();
  return page.locator('.stripe-value-choices:visible .stripe-offer-path').allTextContents();
}

async function edit(page, id) {
  await h.openDialog(page, { node: id }, '#node-input-operationId');
  await page.waitForFunction(() => !!NRStripeEditor.catalogue());
  // The operation's details (its answer, its id parameters' lists) arrive after the dialog opens.
  await page.waitForSelector('.stripe-op-sends');
}

async function cancel(page) {
  await page.click('#node-dialog-cancel');
  await page.waitForSelector('#node-input-operationId', { state: 'detached' });
}

const value = (page, kind, name) =>
  page.locator(`.stripe-section[data-kind="${kind}"] .stripe-row[data-name="${name}"] .stripe-row-value`);

describe('editor (browser): the dialog offers the account and the message', function () {
  this.timeout(120000);
  const stripe = new StripeServer();
  let nr;
  let browser;
  let page;
  let errors;

  before(async function () {
    await stripe.start();
    searchCustomers(stripe);
    nr = await h.startNodeRed();
    await h.deploy(nr.url, flows(stripe.url));
    browser = await h.launchBrowser();
    ({ page, errors } = await h.openEditor(browser.context, nr.url));
  });
  // A failed test must not leave its dialog open for the next one.
  afterEach(async function () {
    if (page && (await page.isVisible('#node-dialog-cancel'))) await cancel(page);
  });
  after(async function () {
    if (browser) await browser.close();
    if (nr) await nr.stop();
    await stripe.stop();
    // The route's 502 for the unreachable Stripe is the browser's "failed to load" line, and expected.
    const unexpected = (errors || []).filter((e) => !/status of 502 \(Bad Gateway\)/.test(e));
    assert.deepStrictEqual(unexpected, [], 'no other errors in the browser console');
  });

  it('the customer path field finds a customer by part of its e-mail; choosing fills its id', async function () {
    await edit(page, 'pub1');
    const field = value(page, 'path', 'customer');
    await field.click();
    await field.pressSequentially('ann@');
    await page.locator('.stripe-value-choices:visible .stripe-object-id', { hasText: 'cus_Ann1' }).waitFor();
    const items = await listed(page);
    assert.deepStrictEqual(items, ['cus_Ann1 Ann Lee · ann@example.com']);
    await h.screenshot(page, 'dialog-data-objects');
    await page.locator('.stripe-value-choices:visible .stripe-dropdown-item').first().click();
    assert.strictEqual(await field.inputValue(), 'cus_Ann1');
    // Through the stand-in's search, reading only.
    const asked = stripe.requests.filter((r) => r.path.startsWith('/v1/customers'));
    assert.ok(
      asked.every((r) => r.method === 'GET'),
      'reading only',
    );
    const searched = asked.filter((r) => r.path === '/v1/customers/search');
    assert.match(String(searched[searched.length - 1].query.query), /email~"ann@"/);
    // A template is left alone: no look-up for it.
    await field.fill('{{payload.id}}');
    await cancel(page);
  });

  it('a client whose Stripe cannot be reached: one line in the list, without the key', async function () {
    await edit(page, 'pub3');
    await page.evaluate(() => $('#node-input-client').val('cli2').trigger('change'));
    const field = value(page, 'path', 'customer');
    await field.click();
    await field.pressSequentially('ann');
    await page.waitForFunction(() => {
      const f = $('.stripe-value-choices:visible .stripe-dropdown-footer').text();
      return !!f && !/Looking/.test(f);
    });
    const line = await page.locator('.stripe-value-choices:visible .stripe-dropdown-footer').textContent();
    assert.ok(line.length > 5 && !line.includes('\n'), line);
    assert.ok(!line.includes('sk_test_'), line);
    assert.match(line, /connect/i, 'says Stripe could not be reached');
    assert.strictEqual(await page.locator('.stripe-value-choices:visible .stripe-dropdown-item').count(), 0);
    await cancel(page);
  });

  it("a body value field: {{payload. offers the customer's email and metadata; choosing writes the template", async function () {
    await edit(page, 'pub1');
    // What comes out of PostCustomersCustomer: a customer, its fields, Stripe's reference.
    assert.match(await page.textContent('.stripe-op-sends'), /customer[\s\S]*email/);
    assert.strictEqual(
      await page.getAttribute('.stripe-op-object-ref', 'href'),
      'https://docs.stripe.com/api/customers/object',
    );
    const field = value(page, 'payload', 'description');
    await field.click();
    await field.pressSequentially('{{payload.');
    const paths = await offered(page);
    assert.ok(paths.includes('payload.email'), paths.join(' '));
    assert.ok(paths.includes('payload.metadata'), paths.join(' '));
    const email = page.locator('.stripe-value-choices:visible .stripe-dropdown-item', {
      has: page.locator('.stripe-offer-path', { hasText: /^payload\.email$/ }),
    });
    assert.match(await email.textContent(), /string/);
    assert.ok((await email.locator('.stripe-item-desc').textContent()).length > 5, 'a line of description');
    await field.pressSequentially('em');
    await h.screenshot(page, 'dialog-data-offers');
    await email.click();
    assert.strictEqual(await field.inputValue(), '{{payload.email}}');
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-operationId', { state: 'detached' });
    assert.deepStrictEqual(await page.evaluate(() => RED.nodes.node('pub1').payload), {
      description: '{{payload.email}}',
    });
  });

  it("a webhook for invoice.paid: {{payload.data.object. offers the invoice's customer and amount_due", async function () {
    await edit(page, 'pub2');
    const field = value(page, 'path', 'invoice');
    await field.click();
    await field.pressSequentially('{{payload.data.object.');
    const paths = await offered(page);
    assert.ok(paths.includes('payload.data.object.customer'), paths.join(' '));
    assert.ok(paths.includes('payload.data.object.amount_due'), paths.join(' '));
    await cancel(page);
  });

  it('after a change node that sets msg.payload: no field of the upstream operation is offered', async function () {
    await edit(page, 'pub3');
    const field = value(page, 'path', 'customer');
    await field.click();
    await field.pressSequentially('{{payload.');
    // Once the dialog knows what arrives (nothing it can name), the list is asked again.
    assert.deepStrictEqual(await page.evaluate(() => NRStripeEditor.currentDialog().offers()), []);
    await field.pressSequentially('e');
    const shown = await page.locator('.stripe-value-choices:visible .stripe-offer-path').allTextContents();
    assert.deepStrictEqual(shown, []);
    assert.strictEqual(await page.locator('.stripe-value-choices:visible .stripe-dropdown-footer').count(), 0);
    await cancel(page);
  });
});
