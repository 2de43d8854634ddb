'use strict';
// The wait between retries, measured where it matters: the time between the attempts a Stripe-like
// loopback server records. The client is built directly (core level) with short delays. The waits
// must double from initialDelayMs, each scaled by a jitter factor from 0.5 to 1.0, and stop growing
// at maxDelayMs; a Retry-After is honoured up to 60 s and no further.
//
// Timers never fire early, so lower bounds are checked tightly; a loaded machine only makes gaps
// longer, so upper bounds leave hundreds of milliseconds of room.
const assert = require('assert');
const sinon = require('sinon');
const { StripeClient, buildRequest, findOperation, MAX_RETRY_AFTER_MS } = require('../../dist/stripe');
const { StripeServer, error } = require('../helpers/stripe-server');
const { KEY } = require('../helpers/flow');

/** A timer may fire up to a millisecond early by Date.now()'s rounding, twice over for a difference. */
const CLOCK_SLACK = 2;
/** Room above the expected wait: time to answer and to schedule on a busy machine. */
const LOAD_SLACK = 450;

const unavailable = (res) => error(res, 503, { type: 'api_error', message: 'The service is temporarily unavailable.' });

describe('reliability: backoff between retries', function () {
  this.timeout(20000);
  let server;
  const clients = [];
  const client = (opts) => {
    const c = new StripeClient({ apiKey: KEY, baseUri: server.url, rateLimit: 1000, timeout: 10, ...opts });
    clients.push(c);
    return c;
  };
  const post = () => buildRequest(findOperation('PostCustomers'), { body: { name: 'x' } });

  before(async () => {
    server = await new StripeServer().start();
  });
  after(async () => {
    await server.stop();
  });
  afterEach(() => {
    sinon.restore();
    for (const c of clients.splice(0)) c.close();
    server.reset();
  });

  /** Every request gets a 503 and its arrival time; resolves with the gaps between arrivals once the client gives up. */
  async function gapsOfFailingRun(c, n) {
    const at = [];
    server.on((req, res) => {
      at.push(Date.now());
      unavailable(res);
      return true;
    });
    await assert.rejects(c.send(post()), /after \d+ attempts/);
    assert.strictEqual(at.length, n, 'attempts that reached the server');
    return at.slice(1).map((t, i) => t - at[i]);
  }

  /** The wait before retry k (0-based) without jitter: initial * 2^k, at most max. */
  const base = (initial, max, k) => Math.min(initial * 2 ** k, max);

  it('doubles the wait from initialDelayMs (jitter 0.5-1.0), then stops growing at maxDelayMs', async () => {
    const initial = 50;
    const max = 200;
    const c = client({ maxRetries: 6, initialDelayMs: initial, maxDelayMs: max });
    const gaps = await gapsOfFailingRun(c, 7);
    const show = `gaps ${gaps.join(', ')} ms`;
    gaps.forEach((g, k) => {
      // Jitter never takes a wait below half its base: waits 2 and later (base 200) are at least 100.
      assert.ok(
        g >= base(initial, max, k) / 2 - CLOCK_SLACK,
        `wait ${k} below half of ${base(initial, max, k)} ms: ${show}`,
      );
      // Nor above it: without the cap, waits 4 and 5 would be 400-800 and 800-1600 ms.
      assert.ok(
        g <= base(initial, max, k) + LOAD_SLACK,
        `wait ${k} above ${base(initial, max, k)} ms (+${LOAD_SLACK} for load): ${show}`,
      );
    });
    // Growth, as a ratio: the capped waits together take at least 4 x 100 ms, the first two at most 150 ms plus load.
    const capped = gaps.slice(2);
    assert.ok(Math.min(...capped) >= max / 2 - CLOCK_SLACK, show);
    // ...and they no longer grow: the last wait is not much longer than the first capped one.
    assert.ok(gaps[5] <= 2 * max + LOAD_SLACK && gaps[5] < gaps[2] * 3 + LOAD_SLACK, show);
  });

  it('jitter scales each wait by 0.5 (random 0) to 1.0 (random ~1) of its base, never less', async () => {
    const initial = 50;
    const max = 200;
    for (const [random, factor] of [
      [0, 0.5],
      [0.9999, 1],
    ]) {
      server.reset();
      const stub = sinon.stub(Math, 'random').returns(random);
      try {
        const c = client({ maxRetries: 4, initialDelayMs: initial, maxDelayMs: max });
        const gaps = await gapsOfFailingRun(c, 5);
        const show = `random ${random}: gaps ${gaps.join(', ')} ms`;
        gaps.forEach((g, k) => {
          const want = Math.round(base(initial, max, k) * factor);
          assert.ok(g >= want - CLOCK_SLACK, `wait ${k} below ${want} ms: ${show}`);
          assert.ok(g <= want + LOAD_SLACK, `wait ${k} above ${want} ms (+${LOAD_SLACK} for load): ${show}`);
        });
      } finally {
        stub.restore();
      }
    }
  });

  it('a Retry-After shorter than the backoff does not shorten it; a longer one lengthens it', async () => {
    const c = client({ maxRetries: 2, initialDelayMs: 300, maxDelayMs: 300 });
    const at = [];
    let n = 0;
    server.on((req, res) => {
      at.push(Date.now());
      const i = n++;
      if (i === 0)
        error(
          res,
          429,
          { type: 'invalid_request_error', code: 'rate_limit', message: 'slow down' },
          { 'retry-after': '0.01' },
        );
      else if (i === 1)
        error(
          res,
          429,
          { type: 'invalid_request_error', code: 'rate_limit', message: 'slow down' },
          { 'retry-after': '1' },
        );
      else return false;
      return true;
    });
    const res = await c.send(post());
    assert.strictEqual(res.statusCode, 200);
    const gaps = at.slice(1).map((t, i) => t - at[i]);
    // First wait: the backoff (150-300 ms), not Retry-After's 10 ms. Second: Retry-After's 1 s, not the backoff's 300 ms at most.
    assert.ok(gaps[0] >= 150 - CLOCK_SLACK, `gaps ${gaps}`);
    assert.ok(gaps[1] >= 1000 - CLOCK_SLACK, `gaps ${gaps}`);
  });

  describe(`a Retry-After longer than ${MAX_RETRY_AFTER_MS / 1000} s is capped (fake clock)`, function () {
    // Real time cannot wait a minute in a test; the client's timers and Date run on a fake clock
    // here, while the sockets stay real. Polling uses the real setImmediate.
    const realSetImmediate = setImmediate;
    const settle = async (ms = 100) => {
      const end = performance.now() + ms;
      while (performance.now() < end) await new Promise((r) => realSetImmediate(r));
    };
    const untilReal = async (pred, ms, what) => {
      const end = performance.now() + ms;
      while (!pred()) {
        if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => realSetImmediate(r));
      }
    };

    const afterHeaders = [
      ['3600 (seconds)', () => '3600'],
      ['an HTTP date two hours ahead', () => new Date(Date.now() + 2 * 3600 * 1000).toUTCString()],
    ];
    for (const [what, value] of afterHeaders) {
      it(`Retry-After: ${what} -> the retry goes after ${MAX_RETRY_AFTER_MS / 1000} s, not later`, async () => {
        const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['setTimeout', 'clearTimeout', 'Date'] });
        const ctrl = new AbortController();
        let pending;
        try {
          let n = 0;
          server.on((req, res) => {
            if (n++ > 0) return false;
            error(
              res,
              429,
              { type: 'invalid_request_error', code: 'rate_limit', message: 'slow down' },
              { 'retry-after': value() },
            );
            return true;
          });
          const c = client({ maxRetries: 1, initialDelayMs: 10, maxDelayMs: 10 });
          let result;
          pending = c.send(post(), { signal: ctrl.signal }).then(
            (r) => {
              result = r;
            },
            (e) => {
              result = e;
            },
          );
          await untilReal(() => server.requests.length === 1, 5000, 'the first attempt');
          // The 429 is read and the client starts its wait (one timer: the sleep).
          await untilReal(() => clock.countTimers() === 1, 5000, 'the retry wait to start');
          await clock.tickAsync(MAX_RETRY_AFTER_MS - 1000);
          await settle();
          assert.strictEqual(server.requests.length, 1, 'no retry before the cap');
          await clock.tickAsync(1000 + 5);
          await untilReal(() => result !== undefined, 3000, `the retry ${MAX_RETRY_AFTER_MS / 1000} s after the 429`);
          assert.strictEqual(server.requests.length, 2);
          assert.strictEqual(result.statusCode, 200, String(result));
        } finally {
          ctrl.abort();
          clock.restore();
          await pending;
        }
      });
    }
  });
});
