'use strict';
// The Stripe sidebar's model in Node (src/editor/sidebar/model.ts): the state from the route merged
// with comms updates as the editor gets them, the filters a user sets, the links and figures it shows.
// The tab in the browser: test/e2e/sidebar.e2e.js.
const assert = require('assert');
require('../helpers/editor-modules');

describe('editor: the Stripe sidebar’s model', function () {
  const { Model, passes, statusClass, dashboardUrl, chartSeries, duration } = require('../../src/editor/sidebar/model');
  const row = (seq, status, more = {}) => ({
    seq,
    at: 1000 * seq,
    ms: 100,
    method: 'POST',
    path: '/v1/customers',
    op: 'PostCustomers',
    node: 'pub',
    status,
    retries: 0,
    throttled: 0,
    params: false,
    ...more,
  });
  const client = (rows, more = {}) => ({
    id: 'c1',
    mode: 'test',
    limit: 25,
    currentRate: 25,
    lastSecond: 0,
    total: rows.length,
    throttled: 0,
    retries: 0,
    errors: 0,
    rows,
    series: [],
    ...more,
  });

  it('adds the rows each update brings once, newest first; counts what arrives while paused; forgets a client gone', function () {
    const m = new Model();
    m.load({ clients: [client([row(1, 200), row(2, 404)])], held: [], webhooks: [], pollers: [] });
    m.update('stripe/sidebar/client/c1', client([row(2, 404), row(3, 200)]));
    assert.deepStrictEqual(
      m.allRows().map((r) => r.seq),
      [3, 2, 1],
    );
    m.paused = true;
    m.update('stripe/sidebar/client/c1', client([row(4, 500), row(5, 0)]));
    assert.strictEqual(m.arrivedWhilePaused, 2);
    m.update('stripe/sidebar/client/c1', { id: 'c1', gone: true });
    assert.deepStrictEqual(m.allRows(), []);
  });

  it('keeps the held, webhook and poller views of each node, and forgets one gone', function () {
    const m = new Model();
    m.update('stripe/sidebar/held/p1', { id: 'p1', held: 3, attempts: 2, sending: false });
    assert.strictEqual(m.held.get('p1').held, 3);
    m.update('stripe/sidebar/held/p1', { id: 'p1', gone: true });
    assert.strictEqual(m.held.size, 0);
    assert.strictEqual(m.update('something/else', {}), undefined);
  });

  it('filters by status class, node and words', function () {
    const f = (status, node = '', text = '') => ({ status, node, text });
    assert.deepStrictEqual([200, 404, 503, 0].map(statusClass), ['2xx', '4xx', '5xx', 'network']);
    const r404 = row(1, 404, {
      error: { type: 'invalid_request_error', code: 'resource_missing', message: 'No such customer' },
    });
    assert.ok(passes(r404, f('4xx')));
    assert.ok(!passes(r404, f('2xx')));
    assert.ok(!passes(r404, f('all', 'other')));
    assert.ok(passes(r404, f('all', '', 'missing customer')));
    assert.ok(!passes(r404, f('all', '', 'refund')));
  });

  it('links a request id to the Dashboard of its mode; a chart of the last seconds; durations', function () {
    assert.strictEqual(dashboardUrl('req_1', 'test'), 'https://dashboard.stripe.com/test/logs/req_1');
    assert.strictEqual(dashboardUrl('req_1', 'live'), 'https://dashboard.stripe.com/logs/req_1');
    const now = 100_000;
    const { rps, ms } = chartSeries([[100, 4, 400, 0, 0, 0]], now, 10);
    assert.strictEqual(rps[9], 4);
    assert.strictEqual(ms[9], 100);
    assert.deepStrictEqual([duration(850), duration(3200), duration(240_000)], ['850 ms', '3.2 s', '4 min']);
  });
});
