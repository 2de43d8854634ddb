'use strict';
const assert = require('assert');
const { StripeClient, buildRequest, findOperation, paginate } = require('../dist/stripe');
const { StripeServer } = require('./helpers/stripe-server');
const { KEY, startFlow, stopFlow, until } = require('./helpers/flow');

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
    assert.deepStrictEqual(
      pages.map((p) => p.data.length),
      [100, 100, 50],
    );
    assert.deepStrictEqual(
      ids(pages),
      all.map((o) => o.id),
    );
    assert.deepStrictEqual(
      server.requests.map((r) => r.query),
      [{ limit: '100' }, { limit: '100', starting_after: all[99].id }, { limit: '100', starting_after: all[199].id }],
    );
    assert.deepStrictEqual(
      pages.map((p) => [p.page, p.hasMore, p.last, p.truncated]),
      [
        [1, true, false, false],
        [2, true, false, false],
        [3, false, true, false],
      ],
    );
  });

  it("keeps the user's limit as the page size and other filters on every page", async () => {
    server.fill('/v1/customers', 7);
    const pages = await collect(paginate(client, req('GetCustomers', { limit: 3, email: 'a@b.c' })));
    assert.deepStrictEqual(
      pages.map((p) => p.data.length),
      [3, 3, 1],
    );
    assert.ok(server.requests.every((r) => r.query.email === 'a@b.c' && r.query.limit === '3'));
  });

  it('walks backwards with ending_before when the user gave it, objects in one order away from the cursor', async () => {
    const all = server.fill('/v1/customers', 30); // newest first, as Stripe lists them
    const pages = await collect(paginate(client, req('GetCustomers', { ending_before: all[25].id, limit: 10 })));
    // From the object just newer than the cursor to the newest, as stripe-node's auto-pagination gives them.
    assert.deepStrictEqual(
      ids(pages),
      all
        .slice(0, 25)
        .reverse()
        .map((o) => o.id),
    );
    assert.deepStrictEqual(
      server.requests.map((r) => r.query.ending_before),
      [all[25].id, all[15].id, all[5].id],
    );
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
    const pages = await collect(
      paginate(client, buildRequest(findOperation('GET /v2/core/events'), { query: { object_id: 'x' } })),
    );
    assert.deepStrictEqual(ids(pages), ['evt_0a', 'evt_0b', 'evt_1a', 'evt_1b', 'evt_2a', 'evt_2b']);
    // A v2 list's page size is left to Stripe.
    assert.deepStrictEqual(
      server.requests.map((r) => r.url),
      ['/v2/core/events?object_id=x', '/v2/core/events?page=1&object_id=x', '/v2/core/events?page=2&object_id=x'],
    );
  });

  it('follows next_page for search results', async () => {
    const all = server.fill('/v1/customers/search', 230);
    const pages = await collect(paginate(client, req('GetCustomersSearch', { query: "email:'x'" })));
    assert.deepStrictEqual(
      ids(pages),
      all.map((o) => o.id),
    );
    assert.deepStrictEqual(
      server.requests.map((r) => r.query.page),
      [undefined, 'page_100', 'page_200'],
    );
    assert.ok(server.requests.every((r) => r.query.query === "email:'x'"));
  });

  it('stops at maxItems, asks only for what it needs, and reports truncation', async () => {
    server.fill('/v1/customers', 500);
    const pages = await collect(paginate(client, req('GetCustomers'), { maxItems: 150 }));
    assert.strictEqual(ids(pages).length, 150);
    assert.deepStrictEqual(
      server.requests.map((r) => r.query.limit),
      ['100', '50'],
    );
    const last = pages[pages.length - 1];
    assert.strictEqual(last.truncated, true);
    assert.strictEqual(last.hasMore, true);
  });

  it('reports truncated only on the last page, and hasMore as Stripe said it', async () => {
    server.fill('/v1/customers', 25);
    let pages = await collect(paginate(client, req('GetCustomers', { limit: 10 }), { maxItems: 15 }));
    assert.deepStrictEqual(
      pages.map((p) => [p.data.length, p.hasMore, p.truncated, p.last]),
      [
        [10, true, false, false],
        [5, true, true, true],
      ],
    );
    server.reset();
    server.fill('/v1/customers', 25);
    pages = await collect(paginate(client, req('GetCustomers', { limit: 10 })));
    assert.deepStrictEqual(
      pages.map((p) => [p.data.length, p.hasMore, p.truncated, p.last]),
      [
        [10, true, false, false],
        [10, true, false, false],
        [5, false, false, true],
      ],
    );
  });

  it('is truncated when maxItems cuts a page Stripe gave in full, even if it was the last one (a v2 page ignores our limit)', async () => {
    server.on((rq, res, r) => {
      if (!r.path.startsWith('/v2/')) return false;
      StripeServer.json(res, 200, {
        data: [1, 2, 3, 4, 5].map((i) => ({ id: `evt_${i}` })),
        next_page_url: null,
        previous_page_url: null,
      });
      return true;
    });
    const pages = await collect(
      paginate(client, buildRequest(findOperation('GET /v2/core/events'), { query: { object_id: 'x' } }), {
        maxItems: 3,
      }),
    );
    assert.deepStrictEqual(
      pages.map((p) => [ids([p]), p.hasMore, p.truncated, p.last]),
      [[['evt_1', 'evt_2', 'evt_3'], false, true, true]],
    );
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
    assert.deepStrictEqual(
      pages.map((p) => [p.data.length, p.last]),
      [[0, true]],
    );
    server.reset();
    server.on((rq, res, r) => {
      StripeServer.json(res, 200, {
        object: 'list',
        data: r.query.starting_after ? [] : [{ id: 'a' }],
        has_more: true,
      });
      return true;
    });
    pages = await collect(paginate(client, req('GetCustomers')));
    assert.deepStrictEqual(
      pages.map((p) => p.data.length),
      [1, 0],
    );
    assert.strictEqual(server.requests.length, 2);
  });

  it('passes a non-list answer through as a single page', async () => {
    const pages = await collect(
      paginate(client, buildRequest(findOperation('GetCustomersCustomer'), { path: { customer: 'cus_1' } })),
    );
    assert.strictEqual(pages.length, 1);
    assert.strictEqual(pages[0].data[0].object, 'thing');
  });
});

// What the subscriber sends for each output mode: how a run ends (msg.stripe.hasMore / truncated on
// the last message, msg.parts.count closing the sequence), also for an empty list.
describe('pagination in Node-RED: the messages of a run', function () {
  let server;
  before(async () => {
    server = await new StripeServer().start();
  });
  after(async () => server.stop());
  afterEach(async () => {
    await stopFlow();
    server.reset();
  });

  const sub = (extra) => ({
    id: 's1',
    type: 'stripe-subscriber',
    operationId: 'GetCustomers',
    pagination: true,
    wires: [['out', 'j1']],
    ...extra,
  });
  const join = [
    { id: 'j1', type: 'join', z: 'f1', mode: 'auto', wires: [['joined']] },
    { id: 'joined', type: 'helper', z: 'f1' },
  ];

  /** Runs one message through a subscriber (and a join node after it); resolves when the run is over. */
  async function run(settings, expectJoined = true) {
    const f = await startFlow({ baseUri: server.url, nodes: [sub(settings)], extra: join });
    const joined = [];
    f.node('joined').on('input', (m) => joined.push(m));
    const statuses = [];
    f.node('s1').on('call:status', (c) => statuses.push(c.args[0]));
    f.node('s1').receive({ topic: 'run' });
    await until(() => statuses.some((s) => s.fill === 'green' || s.fill === 'red'), 5000, 'the end of the run');
    if (expectJoined) await until(() => joined.length === 1, 2000, 'the join node to complete');
    // Nothing more arrives after the run has ended.
    await new Promise((r) => setTimeout(r, 50));
    return { f, joined, statuses };
  }
  const flags = (m) => [m.stripe.page, m.stripe.hasMore, m.stripe.truncated];

  it("output 'page', an empty list: one message with an empty array that closes the sequence", async () => {
    server.fill('/v1/customers', 0);
    const { f, joined } = await run({ output: 'page' });
    assert.strictEqual(f.received.length, 1);
    const m = f.received[0];
    assert.deepStrictEqual(m.payload, []);
    assert.strictEqual(m.topic, 'run');
    assert.strictEqual(m.parts.index, 0);
    assert.strictEqual(m.parts.count, 1);
    assert.deepStrictEqual(flags(m), [1, false, false]);
    assert.deepStrictEqual(joined[0].payload, []);
  });

  it("output 'all', an empty list: one message with an empty array", async () => {
    server.fill('/v1/customers', 0);
    const { f } = await run({ output: 'all', wires: [['out']] }, false);
    assert.strictEqual(f.received.length, 1);
    assert.deepStrictEqual(f.received[0].payload, []);
    assert.deepStrictEqual(flags(f.received[0]), [1, false, false]);
  });

  for (const output of ['all', 'page', 'item']) {
    it(`output '${output}', maxItems cuts the list short: the last message says truncated and hasMore, earlier pages' messages not truncated`, async () => {
      const all = server.fill('/v1/customers', 25);
      const { f, joined } = await run(
        { output, query: { limit: '10' }, maxItems: 15, ...(output === 'all' ? { wires: [['out']] } : {}) },
        output !== 'all',
      );
      const last = f.received[f.received.length - 1];
      assert.deepStrictEqual(flags(last), [2, true, true]);
      // Messages of earlier pages (in 'item' mode each object carries its page's flags).
      assert.ok(
        f.received
          .filter((m) => m.stripe.page < last.stripe.page)
          .every((m) => m.stripe.truncated === false && m.stripe.hasMore === true),
      );
      const got = output === 'all' ? last.payload : joined[0].payload;
      assert.deepStrictEqual(
        got.map((o) => o.id),
        all.slice(0, 15).map((o) => o.id),
      );
      if (output !== 'all') assert.strictEqual(last.parts.count, f.received.length);
      assert.strictEqual(f.received.length, { all: 1, page: 2, item: 15 }[output]);
    });

    it(`output '${output}', the list ends: the last message says neither truncated nor hasMore, earlier pages' messages hasMore`, async () => {
      const all = server.fill('/v1/customers', 25);
      const { f, joined } = await run(
        { output, query: { limit: '10' }, ...(output === 'all' ? { wires: [['out']] } : {}) },
        output !== 'all',
      );
      const last = f.received[f.received.length - 1];
      assert.deepStrictEqual(flags(last), [3, false, false]);
      // Messages of earlier pages (in 'item' mode each object carries its page's flags).
      assert.ok(
        f.received
          .filter((m) => m.stripe.page < last.stripe.page)
          .every((m) => m.stripe.truncated === false && m.stripe.hasMore === true),
      );
      const got = output === 'all' ? last.payload : joined[0].payload;
      assert.deepStrictEqual(
        got.map((o) => o.id),
        all.map((o) => o.id),
      );
      assert.strictEqual(f.received.length, { all: 1, page: 3, item: 25 }[output]);
    });

    it(`output '${output}', Stripe says has_more but the next page is empty: the last message says hasMore false`, async () => {
      server.on((rq, res, r) => {
        if (r.path !== '/v1/customers') return false;
        const data = r.query.starting_after
          ? []
          : [
              { id: 'cus_a', object: 'customer' },
              { id: 'cus_b', object: 'customer' },
            ];
        StripeServer.json(res, 200, { object: 'list', data, has_more: true, url: '/v1/customers' });
        return true;
      });
      const { f, joined } = await run({ output, ...(output === 'all' ? { wires: [['out']] } : {}) }, output !== 'all');
      assert.strictEqual(server.requests.length, 2);
      const last = f.received[f.received.length - 1];
      assert.strictEqual(last.stripe.hasMore, false);
      assert.strictEqual(last.stripe.truncated, false);
      const got = output === 'all' ? last.payload : joined[0].payload;
      assert.deepStrictEqual(
        got.map((o) => o.id),
        ['cus_a', 'cus_b'],
      );
      if (output !== 'all') assert.strictEqual(last.parts.count, f.received.length);
    });
  }
});
