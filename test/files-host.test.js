'use strict';
// Which host a request goes to. Stripe serves file uploads (PostFiles) and quote PDFs
// (GetQuotesQuotePdf) from https://files.stripe.com; everything else, file metadata (GetFilesFile)
// included, from https://api.stripe.com. With a custom base URI (a proxy, a mock) everything goes
// there. Tests can only reach loopback servers, so the URL is checked as the client builds it
// (StripeClient#urlFor, the method send() itself uses), and the send path is checked to use it.
const assert = require('assert');
const { StripeClient, buildRequest, findOperation } = require('../dist/stripe');
const { StripeServer } = require('./helpers/stripe-server');
const { KEY } = require('./helpers/flow');

const requests = {
  PostFiles: () =>
    buildRequest(findOperation('PostFiles'), { body: { file: Buffer.from('%PDF-1.4'), purpose: 'dispute_evidence' } }),
  GetQuotesQuotePdf: () => buildRequest(findOperation('GetQuotesQuotePdf'), { path: { quote: 'qt_1' } }),
  GetFilesFile: () => buildRequest(findOperation('GetFilesFile'), { path: { file: 'file_1' } }),
  GetFiles: () => buildRequest(findOperation('GetFiles'), { query: { purpose: 'dispute_evidence', limit: 3 } }),
  PostCustomers: () => buildRequest(findOperation('PostCustomers'), { body: { name: 'x' } }),
};

describe('the host each request goes to (StripeClient#urlFor)', function () {
  const clients = [];
  const client = (baseUri) => {
    const c = new StripeClient({ apiKey: KEY, baseUri, maxRetries: 0, rateLimit: 1000 });
    clients.push(c);
    return c;
  };
  after(() => clients.forEach((c) => c.close()));

  for (const base of [undefined, '', 'https://api.stripe.com', 'https://api.stripe.com/']) {
    it(`base URI ${JSON.stringify(base)} (the default): uploads and quote PDFs to files.stripe.com, the rest to api.stripe.com`, () => {
      const c = client(base);
      assert.strictEqual(c.urlFor(requests.PostFiles()), 'https://files.stripe.com/v1/files');
      assert.strictEqual(c.urlFor(requests.GetQuotesQuotePdf()), 'https://files.stripe.com/v1/quotes/qt_1/pdf');
      assert.strictEqual(c.urlFor(requests.GetFilesFile()), 'https://api.stripe.com/v1/files/file_1');
      assert.strictEqual(
        c.urlFor(requests.GetFiles()),
        'https://api.stripe.com/v1/files?purpose=dispute_evidence&limit=3',
      );
      assert.strictEqual(c.urlFor(requests.PostCustomers()), 'https://api.stripe.com/v1/customers');
    });
  }

  it('a raw reference to a catalogued files endpoint takes its host and multipart body too', () => {
    const c = client(undefined);
    const upload = buildRequest(findOperation('POST /v1/files'), {
      body: { file: Buffer.from('%PDF-1.4'), purpose: 'dispute_evidence' },
    });
    assert.strictEqual(c.urlFor(upload), 'https://files.stripe.com/v1/files');
    assert.match(upload.contentType, /^multipart\/form-data; boundary=/);
    assert.strictEqual(
      c.urlFor(buildRequest(findOperation('GET /v1/quotes/{id}/pdf'), { path: { id: 'qt_2' } })),
      'https://files.stripe.com/v1/quotes/qt_2/pdf',
    );
    assert.strictEqual(
      c.urlFor(buildRequest(findOperation('GET /v1/files/{id}'), { path: { id: 'file_1' } })),
      'https://api.stripe.com/v1/files/file_1',
    );
  });

  for (const base of [
    'https://stripe-proxy.example.test',
    'https://stripe-proxy.example.test/stripe/',
    'http://127.0.0.1:12111',
  ]) {
    it(`custom base URI ${base}: everything, uploads and PDFs included, goes there`, () => {
      const c = client(base);
      const origin = base.replace(/\/+$/, '');
      assert.strictEqual(c.urlFor(requests.PostFiles()), `${origin}/v1/files`);
      assert.strictEqual(c.urlFor(requests.GetQuotesQuotePdf()), `${origin}/v1/quotes/qt_1/pdf`);
      assert.strictEqual(c.urlFor(requests.GetFilesFile()), `${origin}/v1/files/file_1`);
      assert.strictEqual(c.urlFor(requests.PostCustomers()), `${origin}/v1/customers`);
    });
  }

  describe('send() goes where urlFor says', function () {
    let server;
    before(async () => {
      server = await new StripeServer().start();
    });
    after(() => server.stop());
    afterEach(() => server.reset());

    for (const name of ['PostFiles', 'GetQuotesQuotePdf', 'GetFilesFile', 'GetFiles']) {
      it(`${name}: the request arrives at exactly the URL urlFor built`, async () => {
        const c = client(server.url);
        const built = [];
        const original = c.urlFor;
        c.urlFor = function (req) {
          const u = original.call(this, req);
          built.push(u);
          return u;
        };
        const req = requests[name]();
        await c.send(req);
        assert.ok(built.length >= 1, 'send() asked urlFor for the URL');
        assert.strictEqual(server.requests.length, 1);
        assert.strictEqual(built[built.length - 1], `${server.url}${server.requests[0].url}`);
      });
    }
  });
});
