'use strict';
const assert = require('assert');
const { StripeClient, buildRequest, findOperation, paginate } = require('../dist/stripe');
const { StripeServer } = require('./helpers/stripe-server');
const { KEY } = require('./helpers/flow');

async function collect(gen) {
  const pages = [];
  for await (const p of gen) pages.push(p);
  return pages;
}

describe('pagination (core against a loopback server)', function () {
  let server;
  let client;
  before(async () => {
    server = await new StripeServer().start();
    client = new StripeClient({ apiKey: KEY, baseUri: server.url, maxRetries: 0, rateLimit: 1000 });
  });
  after(async () => {
    client.close();
    await server.stop();
  });
  afterEach(() => server.reset());

  const req = (id, query = {}) => buildRequest(findOperation(id), { query });
  const ids = (pages) => pages.flatMap((p) => p.data.map((o) => o.id));

  it('follows starting_after forwards with pages of 100 until has_more is false', async () => {
    const all = server.fill('/v1/customers', 250);
    const pages = await collect(paginate(client, req('GetCustomers')));
    assert.deepStrictEqual(pages.map((p) => p.data.length), [100, 100, 50]);
    assert.deepStrictEqual(ids(pages), all.map((o) => o.id));
    assert.deepStrictEqual(server.requests.map((r) => r.query), [
      { limit: '100' },
      { limit: '100', starting_after: all[99].id },
      { limit: '100', starting_after: all[199].id },
    ]);
    assert.deepStrictEqual(pages.map((p) => [p.page, p.hasMore, p.last, p.truncated]), [[1, true, false, false], [2, true, false, false], [3, false, true, false]]);
  });

  it('keeps the user\'s limit as the page size and other filters on every page', async () => {
    server.fill('/v1/customers', 7);
    const pages = await collect(paginate(client, req('GetCustomers', { limit: 3, email: 'a@b.c' })));
    assert.deepStrictEqual(pages.map((p) => p.data.length), [3, 3, 1]);
    assert.ok(server.requests.every((r) => r.query.email === 'a@b.c' && r.query.limit === '3'));
  });

  it('walks backwards with ending_before when the user gave it, objects in one order away from the cursor', async () => {
    const all = server.fill('/v1/customers', 30); // newest first, as Stripe lists them
    const pages = await collect(paginate(client, req('GetCustomers', { ending_before: all[25].id, limit: 10 })));
    // From the object just newer than the cursor to the newest, as stripe-node's auto-pagination gives them.
    assert.deepStrictEqual(ids(pages), all.slice(0, 25).reverse().map((o) => o.id));
    assert.deepStrictEqual(server.requests.map((r) => r.query.ending_before), [all[25].id, all[15].id, all[5].id]);
  });

  it('follows next_page_url for a v2 list', async () => {
    server.on((rq, res, r) => {
      if (!r.path.startsWith('/v2/')) return false;
      const page = Number(r.query.page || 0);
      StripeServer.json(res, 200, {
        data: [{ id: `evt_${page}a` }, { id: `evt_${page}b` }],
        next_page_url: page < 2 ? `/v2/core/events?page=${page + 1}&object_id=x` : null,
        previous_page_url: null,
      });
      return true;
    });
    const pages = await collect(paginate(client, buildRequest(findOperation('GET /v2/core/events'), { query: { object_id: 'x' } })));
    assert.deepStrictEqual(ids(pages), ['evt_0a', 'evt_0b', 'evt_1a', 'evt_1b', 'evt_2a', 'evt_2b']);
    // A v2 list's page size is left to Stripe.
    assert.deepStrictEqual(server.requests.map((r) => r.url), ['/v2/core/events?object_id=x', '/v2/core/events?page=1&object_id=x', '/v2/core/events?page=2&object_id=x']);
  });

  it('follows next_page for search results', async () => {
    const all = server.fill('/v1/customers/search', 230);
    const pages = await collect(paginate(client, req('GetCustomersSearch', { query: "email:'x'" })));
    assert.deepStrictEqual(ids(pages), all.map((o) => o.id));
    assert.deepStrictEqual(server.requests.map((r) => r.query.page), [undefined, 'page_100', 'page_200']);
    assert.ok(server.requests.every((r) => r.query.query === "email:'x'"));
  });

  it('stops at maxItems, asks only for what it needs, and reports truncation', async () => {
    server.fill('/v1/customers', 500);
    const pages = await collect(paginate(client, req('GetCustomers'), { maxItems: 150 }));
    assert.strictEqual(ids(pages).length, 150);
    assert.deepStrictEqual(server.requests.map((r) => r.query.limit), ['100', '50']);
    const last = pages[pages.length - 1];
    assert.strictEqual(last.truncated, true);
    assert.strictEqual(last.hasMore, true);
  });

  it('is not truncated when maxItems equals what there is', async () => {
    server.fill('/v1/customers', 100);
    const pages = await collect(paginate(client, req('GetCustomers'), { maxItems: 100 }));
    assert.strictEqual(ids(pages).length, 100);
    assert.strictEqual(pages[pages.length - 1].truncated, false);
  });

  it('returns one empty page for an empty list, and stops at an empty page even if has_more', async () => {
    server.fill('/v1/customers', 0);
    let pages = await collect(paginate(client, req('GetCustomers')));
    assert.deepStrictEqual(pages.map((p) => [p.data.length, p.last]), [[0, true]]);
    server.reset();
    server.on((rq, res, r) => {
      StripeServer.json(res, 200, { object: 'list', data: r.query.starting_after ? [] : [{ id: 'a' }], has_more: true });
      return true;
    });
    pages = await collect(paginate(client, req('GetCustomers')));
    assert.deepStrictEqual(pages.map((p) => p.data.length), [1, 0]);
    assert.strictEqual(server.requests.length, 2);
  });

  it('passes a non-list answer through as a single page', async () => {
    const pages = await collect(paginate(client, buildRequest(findOperation('GetCustomersCustomer'), { path: { customer: 'cus_1' } })));
    assert.strictEqual(pages.length, 1);
    assert.strictEqual(pages[0].data[0].object, 'thing');
  });
});
