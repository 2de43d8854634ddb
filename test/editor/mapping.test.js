'use strict';
// The `{{` offers of a template field (src/editor/fields/mapping.ts) from the real catalogue: the flow
// walked backwards through nodes that pass msg.payload on, an operation's answer as the node sends it,
// an event node's data.object, and what choosing an offer writes.
require('../helpers/editor-modules');
const assert = require('assert');
const m = require('../../src/editor/fields/mapping');
const admin = require('../../dist/nodes/admin');

/** A flow of nodes by id and its wires, as RED.nodes holds them. */
function graph(nodes, wires) {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  return {
    node: (id) => byId.get(id),
    sources: (id) => wires.filter(([, to]) => to === id).map(([from]) => byId.get(from)),
  };
}

describe('template offers: the message that arrives', function () {
  it('a subscriber GetCustomersCustomer into a publisher: payload.email and payload.metadata', function () {
    const g = graph(
      [
        { id: 'sub', type: 'stripe-subscriber', operationId: 'GetCustomersCustomer' },
        { id: 'pub', type: 'stripe-publisher', operationId: 'PostCustomersCustomer' },
      ],
      [['sub', 'pub']],
    );
    const [source] = m.messageSources('pub', g);
    assert.strictEqual(source.operationId, 'GetCustomersCustomer');
    const offers = m.operationOffers(admin.operationDetails('GetCustomersCustomer').response, source.output);
    const paths = m.matchOffers(offers, 'payload.').map((o) => o.path);
    assert.ok(paths.includes('payload.email'));
    assert.ok(paths.includes('payload.metadata'));
    const email = offers.find((o) => o.path === 'payload.email');
    assert.strictEqual(email.type, 'string');
    assert.ok(email.description);
  });

  it('through switch, delay, junction, link and a change node on other properties; not past a change of msg.payload', function () {
    const nodes = [
      { id: 'sub', type: 'stripe-subscriber', operationId: 'GetCustomersCustomer' },
      { id: 'sw', type: 'switch' },
      { id: 'lo', type: 'link out' },
      { id: 'li', type: 'link in', links: ['lo'] },
      { id: 'j', type: 'junction' },
      { id: 'keep', type: 'change', rules: [{ t: 'set', p: 'topic', pt: 'msg' }] },
      { id: 'set', type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg' }] },
      { id: 'pub', type: 'stripe-publisher' },
      { id: 'pub2', type: 'stripe-publisher' },
    ];
    const g = graph(nodes, [
      ['sub', 'sw'],
      ['sw', 'lo'],
      ['li', 'j'],
      ['j', 'keep'],
      ['keep', 'pub'],
      ['j', 'set'],
      ['set', 'pub2'],
    ]);
    assert.deepStrictEqual(
      m.messageSources('pub', g).map((s) => s.node.id),
      ['sub'],
    );
    assert.deepStrictEqual(m.messageSources('pub2', g), []);
  });

  it('after a list: all gives the array, item one object', function () {
    const r = admin.operationDetails('GetCustomers').response;
    const all = m.operationOffers(r, 'all');
    assert.strictEqual(all[0].type, 'customer[]');
    const item = m.operationOffers(r, 'item');
    assert.ok(item.some((o) => o.path === 'payload.email'));
  });

  it('a webhook for invoice.paid: payload.data.object.customer and amount_due', function () {
    const g = graph(
      [
        { id: 'wh', type: 'stripe-webhook', events: ['invoice.paid'] },
        { id: 'pub', type: 'stripe-publisher' },
      ],
      [['wh', 'pub']],
    );
    const [source] = m.messageSources('pub', g);
    assert.deepStrictEqual(source.types, ['invoice.paid']);
    const res = { set() {}, send: (b) => (res.body = b) };
    admin.sendEventObjects(source.types.join(','), { headers: {} }, res);
    const offers = m.eventOffers(JSON.parse(res.body.toString()).objects);
    const paths = m.matchOffers(offers, 'payload.data.object.', 400).map((o) => o.path);
    assert.ok(paths.includes('payload.data.object.customer'));
    assert.ok(paths.includes('payload.data.object.amount_due'));
  });

  it('finds the open {{ at the caret and writes the chosen path as mustache', function () {
    assert.deepStrictEqual(m.openTemplate('x {{payload.em', 14), { start: 2, typed: 'payload.em' });
    assert.strictEqual(m.openTemplate('{{payload.id}} ', 15), null);
    assert.deepStrictEqual(m.applyOffer('x {{payload.em', 14, 'payload.email'), {
      text: 'x {{payload.email}}',
      caret: 19,
    });
    assert.strictEqual(m.commonOffers()[0].path, 'topic');
  });
});
