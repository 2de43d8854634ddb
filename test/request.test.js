'use strict';
const assert = require('assert');
const {
  buildRequest,
  encodeForm,
  encodeQuery,
  normalize,
  findOperation,
  rawOperation,
  renderTemplates,
  mergeValues,
  StripeError,
} = require('../dist/stripe');

const op = (id) => {
  const o = findOperation(id);
  assert.ok(o, `${id} is in the catalogue`);
  return o;
};
const throwsInput = (fn, re) =>
  assert.throws(
    fn,
    (e) => e instanceof StripeError && e.kind === 'input' && re.test(e.message) && !/[\r\n]/.test(e.message),
  );

describe('request building (core, no Node-RED)', function () {
  describe('form encoding, as stripe-node sends it', function () {
    const enc = (v) => encodeForm(normalize(v, 'payload'));
    it('indexes arrays: expand[0]=x&expand[1]=y', () =>
      assert.strictEqual(enc({ expand: ['x', 'y'] }), 'expand[0]=x&expand[1]=y'));
    it('brackets nested objects: metadata[k]=v', () =>
      assert.strictEqual(enc({ metadata: { k: 'v' } }), 'metadata[k]=v'));
    it('nests arrays of objects: items[0][price]=p', () =>
      assert.strictEqual(enc({ items: [{ price: 'p', quantity: 2 }] }), 'items[0][price]=p&items[0][quantity]=2'));
    it('writes range filters: created[gt]=1', () =>
      assert.strictEqual(enc({ created: { gt: 1, lte: 5 } }), 'created[gt]=1&created[lte]=5'));
    it('turns a Date into Unix seconds', () =>
      assert.strictEqual(enc({ at: new Date('2024-01-02T03:04:05.678Z') }), 'at=1704164645'));
    it("sends '' and null as key= so Stripe unsets the field", () =>
      assert.strictEqual(enc({ a: '', b: null }), 'a=&b='));
    it('leaves out undefined, [] and {}', () => assert.strictEqual(enc({ a: undefined, b: [], c: {}, d: 1 }), 'd=1'));
    it('percent-encodes values and keys but keeps brackets readable', () =>
      assert.strictEqual(enc({ metadata: { 'a b': 'x&y=z/ü' } }), 'metadata[a%20b]=x%26y%3Dz%2F%C3%BC'));
    it('sends booleans and numbers as text', () =>
      assert.strictEqual(enc({ t: true, f: false, n: 12.5 }), 't=true&f=false&n=12.5'));
    it('encodes every character as qs does (RFC 3986, UTF-8), whatever path the value takes', () => {
      // encodeForm encodes plain values itself and hands anything else to qs: both must give the same text.
      const qs = require('qs');
      const viaQs = (v) => qs.stringify(v, { arrayFormat: 'indices' }).replace(/%5B/g, '[').replace(/%5D/g, ']');
      const texts = [
        "!'()*~-._",
        ' +&=#%?/:;,@$',
        '[x]',
        '%5B%5D',
        'é€😀',
        '\ud800 alone',
        '\n\t',
        'a'.repeat(2000) + '€',
      ];
      const values = [
        Object.fromEntries(texts.map((t, i) => [`k${i}`, t])),
        Object.fromEntries(texts.map((t, i) => [t, i])),
        { list: [1, 'two', null, undefined, [], {}, [true, false]], n: [0, -0, 1e21, 1.5e-7, NaN, Infinity] },
        // An array with a hole, as normalize keeps it.
        { holes: Object.assign(new Array(3), { 0: 'a', 2: 'c' }) },
        { deep: { a: { b: { c: [{ d: 'e f' }] } } }, empty: '' },
        { at: new Date(0), big: 10n, buf: Buffer.from('xy'), list: ['a'] },
      ];
      for (const v of values) assert.strictEqual(encodeForm(v), viaQs(v));
    });
  });

  describe('path parameters', function () {
    const path = (id) => buildRequest(op('GetCustomersCustomer'), { path: { customer: id } }).path;
    it('fills and encodes each parameter', () => assert.strictEqual(path('cus_1'), '/v1/customers/cus_1'));
    it('keeps ../charges inside one segment', () =>
      assert.strictEqual(path('../charges'), '/v1/customers/..%2Fcharges'));
    it('keeps a/b inside one segment', () => assert.strictEqual(path('a/b'), '/v1/customers/a%2Fb'));
    it('encodes ? and #', () => assert.strictEqual(path('x?y#z'), '/v1/customers/x%3Fy%23z'));
    it('encodes CR/LF', () => assert.strictEqual(path('a\r\nb'), '/v1/customers/a%0D%0Ab'));
    it('refuses . and .. as a whole id', () => {
      throwsInput(() => path('..'), /path parameter "customer" cannot be "\.\."/);
      throwsInput(() => path('.'), /cannot be "\."/);
    });
    it('refuses a missing or empty parameter, naming it and where to set it', () => {
      throwsInput(
        () => path(undefined),
        /GetCustomersCustomer needs the path parameter "customer": set it in the node's path settings or as msg\.path\.customer/,
      );
      throwsInput(() => path(''), /needs the path parameter "customer"/);
    });
    it('refuses an object as a parameter', () =>
      throwsInput(() => path({ id: 1 }), /must be a string or number, not object/));
    it('fills several parameters', () =>
      assert.strictEqual(
        buildRequest(op('GetCustomersCustomerSourcesId'), { path: { customer: 'cus 1', id: 'card/2' } }).path,
        '/v1/customers/cus%201/sources/card%2F2',
      ));
  });

  describe('query and body', function () {
    it('checks required query parameters (search needs query)', () => {
      throwsInput(
        () => buildRequest(op('GetCustomersSearch'), {}),
        /GetCustomersSearch needs the query parameter "query"/,
      );
      assert.strictEqual(
        buildRequest(op('GetCustomersSearch'), { query: { query: "email:'a@b.c'" } }).query.query,
        "email:'a@b.c'",
      );
    });
    it('form-encodes a POST body', () => {
      const r = buildRequest(op('PostCustomers'), { body: { email: 'a@b.c', metadata: { n: 1 } } });
      assert.strictEqual(r.method, 'POST');
      assert.strictEqual(r.contentType, 'application/x-www-form-urlencoded');
      assert.strictEqual(r.body, 'email=a%40b.c&metadata[n]=1');
    });
    it("sends a DELETE's parameters in the query string, only those the operation knows", () => {
      // msg.payload of a DELETE is often the object just read: its fields are not parameters.
      const r = buildRequest(op('DeleteSubscriptionsSubscriptionExposedId'), {
        path: { subscription_exposed_id: 'sub_1' },
        body: { id: 'sub_1', object: 'subscription', invoice_now: true, cancellation_details: { comment: 'moved' } },
      });
      assert.strictEqual(r.body, undefined);
      assert.deepStrictEqual(r.query, { invoice_now: true, cancellation_details: { comment: 'moved' } });
      const raw = buildRequest(findOperation('DELETE /v1/brand_new/{id}'), {
        path: { id: 'x' },
        body: { anything: 1 },
      });
      assert.deepStrictEqual(raw.query, { anything: 1 }, "a raw endpoint's parameters are not known, so all go");
    });
    it('sends a large file given as a string (uploads are exempt from the field size check)', () => {
      const csv = 'a,b\n'.repeat(60000);
      const r = buildRequest(op('PostFiles'), { body: { file: csv, purpose: 'dispute_evidence' } });
      assert.ok(r.body.length > csv.length);
      assert.ok(r.body.includes(Buffer.from(csv)));
    });
    it("keeps PostFileLinks' `file` (a file id) as an ordinary form field", () => {
      const r = buildRequest(op('PostFileLinks'), { body: { file: 'file_123' } });
      assert.strictEqual(r.body, 'file=file_123');
    });
    it('builds multipart for PostFiles, to the files host', () => {
      const r = buildRequest(op('PostFiles'), { body: { file: Buffer.from('hello'), purpose: 'dispute_evidence' } });
      assert.match(r.contentType, /^multipart\/form-data; boundary=/);
      assert.strictEqual(r.server, 'https://files.stripe.com');
      const text = r.body.toString();
      assert.match(text, /name="purpose"\r\n\r\ndispute_evidence\r\n/);
      assert.match(text, /name="file"; filename="upload"\r\nContent-Type: application\/octet-stream\r\n\r\nhello\r\n/);
    });
    it('refuses PostFiles without a file', () =>
      throwsInput(
        () => buildRequest(op('PostFiles'), { body: { purpose: 'x' } }),
        /PostFiles needs msg\.payload\.file/,
      ));
    it('refuses a Buffer outside file uploads', () =>
      throwsInput(
        () => buildRequest(op('PostCustomers'), { body: { name: Buffer.from('x') } }),
        /payload\[name\] is a Buffer/,
      ));
    it('refuses payload, path and query of the wrong type', () => {
      throwsInput(
        () => buildRequest(op('PostCustomers'), { body: 'text' }),
        /msg\.payload must be an object of name\/value pairs, not string/,
      );
      throwsInput(
        () => buildRequest(op('PostCustomers'), { body: [1, 2] }),
        /msg\.payload must be an object of name\/value pairs, not array/,
      );
      throwsInput(
        () => buildRequest(op('GetCustomers'), { query: 5 }),
        /msg\.query must be an object of name\/value pairs, not number/,
      );
      throwsInput(
        () => buildRequest(op('GetCustomersCustomer'), { path: 'cus_1' }),
        /msg\.path must be an object of name\/value pairs, not string/,
      );
    });
    it('refuses a circular payload, naming where', () => {
      const p = { metadata: {} };
      p.metadata.self = p;
      throwsInput(
        () => buildRequest(op('PostCustomers'), { body: p }),
        /payload contains a circular reference \(at payload\[metadata\]\[self\]\)/,
      );
    });
    it('refuses a payload nested thousands deep', () => {
      let p = {};
      const root = p;
      for (let i = 0; i < 5000; i++) p = p.a = {};
      throwsInput(
        () => buildRequest(op('PostCustomers'), { body: root }),
        /payload is nested more than 20 levels deep/,
      );
    });
    it('refuses a 1 MB field without echoing it', () => {
      const big = 'x'.repeat(1024 * 1024);
      assert.throws(
        () => buildRequest(op('PostCustomers'), { body: { description: big } }),
        (e) =>
          /payload\[description\] is 1048576 characters long; Stripe fields hold at most 100000/.test(e.message) &&
          e.message.length < 200,
      );
    });
    it("does not change the message's objects", () => {
      const body = { at: new Date(0), metadata: { a: '1' } };
      buildRequest(op('PostCustomers'), { body });
      assert.ok(body.at instanceof Date);
    });
  });

  describe('operations', function () {
    it('finds by operationId, also case-insensitively', () => {
      assert.strictEqual(findOperation('GetTaxIdsId').path, '/v1/tax_ids/{id}');
      assert.strictEqual(findOperation('gettaxidsid').id, 'GetTaxIdsId');
      assert.strictEqual(findOperation('NoSuchOperation'), undefined);
    });
    it('describes a raw v1 endpoint, form-encoded', () => {
      const o = rawOperation('post /v1/brand_new/{thing}/act');
      assert.strictEqual(o.method, 'POST');
      assert.deepStrictEqual(
        o.pathParams.map((p) => p.name),
        ['thing'],
      );
      const r = buildRequest(o, { path: { thing: 't1' }, body: { a: 1 } });
      assert.strictEqual(r.path, '/v1/brand_new/t1/act');
      assert.strictEqual(r.body, 'a=1');
    });
    it("sends a raw v2 endpoint's body as JSON, dates as RFC 3339", () => {
      const r = buildRequest(findOperation('POST /v2/core/events'), {
        body: { a: { b: [1] }, at: new Date('2024-01-02T03:04:05Z') },
      });
      assert.strictEqual(r.contentType, 'application/json');
      assert.strictEqual(r.body, '{"a":{"b":[1]},"at":"2024-01-02T03:04:05.000Z"}');
      assert.strictEqual(r.v2, true);
    });
    it('encodes query arrays indexed on v1 and v2 alike, as stripe-node does', () => {
      assert.strictEqual(encodeQuery({ include: ['a', 'b'] }), 'include[0]=a&include[1]=b');
      assert.strictEqual(
        encodeQuery({ expand: ['data.customer'], created: { gte: 1 } }),
        'expand[0]=data.customer&created[gte]=1',
      );
    });
  });

  describe('node settings: templates and merging', function () {
    const msg = { payload: { customer: 'cus_1', name: 'A & <B>' }, topic: 'T' };
    it('renders mustache without HTML escaping, against msg and msg.msg', () =>
      assert.deepStrictEqual(renderTemplates({ name: '{{payload.name}}', t: '{{msg.topic}}' }, msg, 'payload'), {
        name: 'A & <B>',
        t: 'T',
      }));
    it('expands bracket names into nested objects and arrays', () =>
      assert.deepStrictEqual(
        renderTemplates(
          { 'metadata[order]': '{{topic}}', 'items[0][price]': 'p1', 'items[1][price]': 'p2', 'expand[0]': 'x' },
          msg,
          'payload',
        ),
        { metadata: { order: 'T' }, items: [{ price: 'p1' }, { price: 'p2' }], expand: ['x'] },
      ));
    it('leaves out a setting whose template renders empty', () =>
      assert.deepStrictEqual(renderTemplates({ a: '{{payload.none}}', b: 'x' }, msg, 'q'), { b: 'x' }));
    it('merges the message over the settings, deeply', () =>
      assert.deepStrictEqual(
        mergeValues({ metadata: { a: '1', b: '2' }, x: 'node' }, { metadata: { b: 'msg' }, x: 'msg' }),
        { metadata: { a: '1', b: 'msg' }, x: 'msg' },
      ));
  });
});
