'use strict';
// Example 11 (report a device's usage with billing meter events) clicked as its comment says,
// against the offline stand-in that `npm start` runs (stripe-stateful-mock with the meter routes of
// scripts/meter-events-standin.js): set up, report on the stream and the v1 way, read the summary;
// what each debug node got is read as the user reads it.
const assert = require('assert');
const path = require('path');
const { helper, until, coreNode: core } = require('../helpers/flow');
const { invalidNodes } = require('../helpers/editor-validate');
const { startStatefulMock } = require('../../scripts/loopback');
const { listExamples, exampleFlows, CLIENT_ID } = require('../../scripts/examples');

const dist = path.join(__dirname, '..', '..', 'dist', 'nodes');
const NODES = [
  require(path.join(dist, 'stripe-client.js')),
  require(path.join(dist, 'stripe-subscriber.js')),
  require(path.join(dist, 'stripe-publisher.js')),
  core('common/20-inject.js'),
  core('common/25-catch.js'),
  core('common/90-comment.js'),
  core('function/10-function.js'),
];
const TAB = 'tab-11-report-usage-with-billing-meter-events';

describe('example 11: report usage with billing meter events', function () {
  let mock;
  const seen = {};
  const click = (id) => helper.getNode(id).receive({ payload: Date.now() });
  const none = (id) =>
    assert.deepStrictEqual(
      seen[id].map((m) => m.error.message),
      [],
    );

  before(async () => {
    mock = await startStatefulMock();
    const flows = exampleFlows({ baseUri: mock.url })
      .filter((n) => n.id === TAB || n.z === TAB || n.id === CLIENT_ID)
      .map((n) => (n.type === 'debug' ? { id: n.id, z: n.z, type: 'helper', name: n.name } : n));
    await helper.load(NODES, flows, { [CLIENT_ID]: { apiKey: 'sk_test_examples' } });
    for (const n of flows.filter((x) => x.type === 'helper')) {
      seen[n.id] = [];
      helper.getNode(n.id).on('input', (m) => seen[n.id].push(m));
    }
  });
  after(async () => {
    await helper.unload();
    await mock.stop();
  });

  it('is listed, runs offline, says what to click, and is valid in the editor', () => {
    const ex = listExamples().find((e) => e.number === '11');
    assert.ok(ex && ex.offline);
    const comment = ex.nodes.find((n) => n.type === 'comment');
    assert.match(comment.info, /\*\*Click:\*\* \*1\. set up\*/);
    assert.match(comment.info, /meter event session/);
    const tab = exampleFlows({ baseUri: mock.url }).filter((n) => n.z === TAB || n.id === CLIENT_ID);
    assert.deepStrictEqual(invalidNodes(tab), []);
  });

  it('before set up, a reading only warns (no request); after it, readings on the stream and the v1 way add up in the summary', async () => {
    click('ex11-i2');
    await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(seen['ex11-d2'].length, 0);
    assert.strictEqual(mock.meterEvents.events.length, 0);

    click('ex11-i1');
    await until(() => seen['ex11-d1'].length === 1 || seen['ex11-e'].length > 0, 5000, 'set up');
    none('ex11-e');
    const { customer, meter } = seen['ex11-d1'][0].payload;
    assert.match(customer, /^cus_/);
    assert.match(meter, /^mtr_/);

    for (let i = 0; i < 3; i++) click('ex11-i2');
    click('ex11-i3');
    await until(
      () => (seen['ex11-d2'].length === 3 && seen['ex11-d3'].length === 1) || seen['ex11-e'].length > 0,
      5000,
      'readings',
    );
    none('ex11-e');
    assert.strictEqual(seen['ex11-d2'][0].statusCode, 200);
    assert.strictEqual(seen['ex11-d3'][0].payload.object, 'billing.meter_event');
    const events = mock.meterEvents.events;
    assert.deepStrictEqual(events.map((e) => e.via).sort(), ['stream', 'stream', 'stream', 'v1']);
    assert.ok(events.every((e) => e.event_name === 'coffee_cups' && e.payload.stripe_customer_id === customer));
    assert.strictEqual(mock.meterEvents.sessions.size, 1, 'one session for the three stream readings');

    click('ex11-i4');
    await until(() => seen['ex11-d4'].length === 1 || seen['ex11-e'].length > 0, 5000, 'summary');
    none('ex11-e');
    const summary = seen['ex11-d4'][0].payload.data[0];
    assert.strictEqual(summary.meter, meter);
    assert.strictEqual(
      summary.aggregated_value,
      events.reduce((s, e) => s + Number(e.payload.value), 0),
    );
    // The session's token is in nothing a debug node shows.
    const shown = JSON.stringify(Object.values(seen));
    for (const token of mock.meterEvents.sessions.keys()) assert.ok(!shown.includes(token));
  });
});
