'use strict';
// The client's HTTP transport (src/stripe/http/transport.ts) against loopback servers: answers a server
// compresses unasked are decoded, an answer over the size cap is refused without being kept, an abort
// and a timeout stop the request, a connection that closes mid-answer is ERR_BAD_RESPONSE, and a
// proxy from the environment (HTTP_PROXY) is used (through axios, which knows proxies).
const assert = require('assert');
const http = require('http');
const zlib = require('zlib');
const { Transport } = require('../dist/stripe/http/transport');
const { StripeClient, buildRequest, findOperation } = require('../dist/stripe');
const { listenOnLoopback } = require('../scripts/loopback');
const { KEY } = require('./helpers/flow');

describe('transport: requests on node http', function () {
  let server;
  let handler;
  const agents = { http: new http.Agent({ keepAlive: true }), https: undefined };
  const transport = (maxBytes) => new Transport(agents, maxBytes);
  const get = (url, more = {}) => transport(more.maxBytes).request({ method: 'GET', url, headers: {}, ...more });
  before(async () => {
    server = await listenOnLoopback(http.createServer((req, res) => handler(req, res)));
  });
  after(async () => {
    agents.http.destroy();
    await server.stop();
  });

  it('sends method, path, headers and body, and gives the answer as a Buffer with its status and headers', async () => {
    let seen;
    handler = (req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        seen = {
          method: req.method,
          url: req.url,
          type: req.headers['content-type'],
          length: req.headers['content-length'],
          body: Buffer.concat(chunks).toString(),
        };
        res.writeHead(201, { 'content-type': 'application/json', 'request-id': 'req_1' });
        res.end('{"id":"cus_1"}');
      });
    };
    const res = await transport().request({
      method: 'POST',
      url: `${server.url}/v1/customers?expand[0]=x`,
      body: 'email=a%40b.c',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    assert.deepStrictEqual(seen, {
      method: 'POST',
      url: '/v1/customers?expand[0]=x',
      type: 'application/x-www-form-urlencoded',
      length: '13',
      body: 'email=a%40b.c',
    });
    assert.strictEqual(res.status, 201);
    assert.strictEqual(res.headers['request-id'], 'req_1');
    assert.ok(Buffer.isBuffer(res.data));
    assert.strictEqual(res.data.toString(), '{"id":"cus_1"}');
  });

  for (const [encoding, compress] of [
    ['gzip', zlib.gzipSync],
    ['deflate', zlib.deflateSync],
    ['br', zlib.brotliCompressSync],
  ]) {
    it(`decodes an answer a server sends ${encoding}-encoded`, async () => {
      handler = (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
        res.end(compress(Buffer.from('{"object":"list","data":[]}')));
      };
      const res = await get(`${server.url}/v1/customers`);
      assert.strictEqual(res.data.toString(), '{"object":"list","data":[]}');
    });
  }

  it('refuses an answer larger than the cap (ERR_RESPONSE_TOO_LARGE)', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(64 * 1024));
    };
    await assert.rejects(get(`${server.url}/big`, { maxBytes: 16 * 1024 }), (e) => e.code === 'ERR_RESPONSE_TOO_LARGE');
  });

  it('a compressed answer that decodes past the cap is refused (a small bomb does not fill the memory)', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(zlib.gzipSync(Buffer.alloc(256 * 1024))); // about 300 bytes on the wire
    };
    await assert.rejects(
      get(`${server.url}/bomb`, { maxBytes: 16 * 1024 }),
      (e) => e.code === 'ERR_RESPONSE_TOO_LARGE',
    );
  });

  it('an empty answer marked as compressed is an empty answer, with its status', async () => {
    handler = (req, res) => {
      res.writeHead(204, { 'content-encoding': 'gzip' });
      res.end();
    };
    const res = await get(`${server.url}/empty`);
    assert.strictEqual(res.status, 204);
    assert.strictEqual(res.data.length, 0);
  });

  it('a signal aborted before the request is refused at once, without sending anything', async () => {
    let hits = 0;
    handler = (req, res) => {
      hits++;
      res.end('{}');
    };
    const ctrl = new AbortController();
    ctrl.abort();
    await assert.rejects(get(`${server.url}/never`, { signal: ctrl.signal }), (e) => e.code === 'ERR_CANCELED');
    assert.strictEqual(hits, 0);
  });

  it('a connection that closes mid-answer is ERR_BAD_RESPONSE', async () => {
    handler = (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': 500 });
      res.write('{"id":"cus_1",');
      setTimeout(() => res.socket.destroy(), 10);
    };
    await assert.rejects(get(`${server.url}/cut`), (e) => e.code === 'ERR_BAD_RESPONSE');
  });

  it('an abort stops the request at once (a canceled error; the server sees the connection close)', async () => {
    let closed;
    const gone = new Promise((r) => {
      closed = r;
    });
    handler = (req) => req.on('close', closed); // never answers
    const ctrl = new AbortController();
    const p = get(`${server.url}/slow`, { signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 20);
    await assert.rejects(p, (e) => e.code === 'ERR_CANCELED');
    await gone;
  });

  it('a request that takes longer than its timeout fails with ERR_ATTEMPT_TIMEOUT and is stopped', async () => {
    let closed;
    const gone = new Promise((r) => {
      closed = r;
    });
    handler = (req) => req.on('close', closed); // never answers
    await assert.rejects(get(`${server.url}/slow`, { timeoutMs: 50 }), (e) => e.code === 'ERR_ATTEMPT_TIMEOUT');
    await gone;
  });

  describe('with HTTP_PROXY set', function () {
    let proxy;
    let proxied;
    const saved = {};
    before(async () => {
      proxy = await listenOnLoopback(
        http.createServer((req, res) => {
          // A forward proxy gets the absolute URL; this one answers itself.
          proxied.push(req.url);
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"id":"cus_via_proxy","object":"customer"}');
        }),
      );
      for (const k of ['HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) saved[k] = process.env[k];
    });
    after(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await proxy.stop();
    });

    it('through the proxy, the timeout bounds the whole request, also an answer that trickles in', async () => {
      const { Transport } = require('../dist/stripe/http/transport');
      const trickle = await listenOnLoopback(
        http.createServer((req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          const t = setInterval(() => res.write(' '), 30);
          res.on('close', () => clearInterval(t));
        }),
      );
      const forward = await listenOnLoopback(
        http.createServer((req, res) => {
          // A forward proxy that passes the request on (plain http) and the answer back as it comes.
          const up = http.request(req.url, { method: req.method, headers: req.headers }, (u) => {
            res.writeHead(u.statusCode, u.headers);
            u.pipe(res);
          });
          up.on('error', () => res.destroy());
          res.on('close', () => up.destroy());
          req.pipe(up);
        }),
      );
      process.env.HTTP_PROXY = process.env.http_proxy = forward.url;
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      const agentsP = { http: new http.Agent({ keepAlive: true }), https: undefined };
      try {
        const started = Date.now();
        await assert.rejects(
          new Transport(agentsP).request({ method: 'GET', url: `${trickle.url}/slow`, headers: {}, timeoutMs: 200 }),
          (e) => e.code === 'ERR_ATTEMPT_TIMEOUT',
        );
        assert.ok(Date.now() - started < 2000, `stopped after ${Date.now() - started} ms`);
      } finally {
        agentsP.http.destroy();
        await forward.stop();
        await trickle.stop();
      }
    });

    it('sends requests through the proxy, unless NO_PROXY names the host', async () => {
      proxied = [];
      handler = (req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"cus_direct","object":"customer"}');
      };
      process.env.HTTP_PROXY = process.env.http_proxy = proxy.url;
      delete process.env.NO_PROXY;
      delete process.env.no_proxy;
      const viaProxy = new StripeClient({ apiKey: KEY, baseUri: server.url, maxRetries: 0 });
      const req = buildRequest(findOperation('GetCustomersCustomer'), { path: { customer: 'cus_1' } });
      try {
        assert.strictEqual((await viaProxy.send(req)).body.id, 'cus_via_proxy');
        assert.deepStrictEqual(proxied, [`${server.url}/v1/customers/cus_1`]);
      } finally {
        viaProxy.close();
      }
      process.env.NO_PROXY = process.env.no_proxy = '127.0.0.1';
      const direct = new StripeClient({ apiKey: KEY, baseUri: server.url, maxRetries: 0 });
      try {
        assert.strictEqual((await direct.send(req)).body.id, 'cus_direct');
        assert.strictEqual(proxied.length, 1);
      } finally {
        direct.close();
      }
    });
  });
});
