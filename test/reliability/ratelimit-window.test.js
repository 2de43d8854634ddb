'use strict';
// The rate limiter's window against a plain reference: the same decisions, step by step, on a clock
// the test moves. The limiter keeps indexes so that a window near its limit (thousands of requests)
// costs little per request; the reference looks at every request each time, as the limiter's rules say
// (src/stripe/http/ratelimit.ts): a request counts from the time its answer came (or now, while on
// its way), at most MAX_LAG_MS after it went.
const assert = require('assert');
const { performance } = require('perf_hooks');
const { RateLimiter } = require('../../dist/stripe/http/ratelimit');

const WINDOW_MS = 1000;
const WINDOW_GUARD_MS = 10;
const DUE_MS = 1;
const MAX_LAG_MS = 200;

/** The rules, with nothing indexed: every remembered request is looked at. */
class Reference {
  constructor(rate) {
    this.rate = rate;
    this.factor = 1;
    this.recent = [];
  }
  get allowance() {
    return Math.max(1, Math.floor(this.rate * this.factor));
  }
  get windowMs() {
    const r = this.rate * this.factor;
    return r < 1 ? WINDOW_MS / r : WINDOW_MS;
  }
  edge(now) {
    return now - this.windowMs - WINDOW_GUARD_MS;
  }
  reached(s, now) {
    return s.at + Math.min(MAX_LAG_MS, s.latency ?? Math.max(0, now - s.at));
  }
  /** The times counted requests reached the server, for a request going at `now`. */
  times(now) {
    const edge = this.edge(now);
    return this.recent.map((s) => this.reached(s, now)).filter((t) => t > edge);
  }
  fits(now) {
    return this.times(now + DUE_MS).length < this.allowance;
  }
  earliest(now) {
    const times = this.times(now).sort((x, y) => y - x);
    return times.length < this.allowance ? now : times[this.allowance - 1] + this.windowMs + WINDOW_GUARD_MS;
  }
  go(now, clock) {
    const sent = { at: now };
    this.recent.push(sent);
    const horizon = this.edge(now) - MAX_LAG_MS;
    this.recent = this.recent.filter((s) => s.at >= horizon);
    return () => {
      if (sent.latency === undefined) sent.latency = clock() - sent.at;
    };
  }
}

describe('reliability: the rate limit window (core, a clock moved by the test)', function () {
  this.timeout(60000);
  let now = 1000;
  const realNow = performance.now;
  before(() => (performance.now = () => now));
  after(() => (performance.now = realNow));

  /** A seeded pseudo-random sequence in [0, 1). */
  const random = (seed) => {
    let x = seed;
    return () => (x = (x * 1103515245 + 12345) % 2147483648) / 2147483648;
  };

  for (const rate of [0.5, 3, 25, 1000]) {
    it(`takes the same turns and names the same next turn as the reference at ${rate}/s`, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const rnd = random(seed * 7919);
        const limiter = new RateLimiter(rate);
        const ref = new Reference(rate);
        const clock = () => now;
        // Turns on their way: the limiter's finish, the reference's, and how long until the answer.
        const open = [];
        const steps = rate >= 1000 ? 30000 : 8000;
        for (let step = 0; step < steps; step++) {
          const r = rnd();
          if (r < 0.5) {
            for (let i = 1 + Math.floor(rnd() * 5); i > 0; i--) {
              const finish = limiter.tryTake();
              const fits = ref.fits(now);
              assert.strictEqual(!!finish, fits, `turn at step ${step} (seed ${seed})`);
              if (finish) open.push([finish, ref.go(now, clock), rnd() < 0.05 ? 300 : rnd() * 8]);
            }
          } else if (r < 0.8) {
            // Answers come back, some out of the order they went, some slow.
            for (let i = open.length - 1; i >= 0; i--) {
              open[i][2] -= rnd() * 3;
              if (open[i][2] <= 0 || rnd() < 0.05) {
                open[i][0]();
                open[i][1]();
                open.splice(i, 1);
              }
            }
          } else if (r < 0.97) {
            now += rnd() < 0.9 ? rnd() * (rate >= 100 ? 2 : 200) : rnd() * 1500;
          } else if (r < 0.985) {
            limiter.slowDown();
            ref.factor = Math.max(0.1, ref.factor * 0.7);
          } else {
            limiter.recover();
            ref.factor = Math.min(1, ref.factor + 0.02);
          }
          if (step % 7 === 0) {
            const at = now + rnd() * 3;
            assert.strictEqual(limiter.earliest(at), ref.earliest(at), `next turn at step ${step} (seed ${seed})`);
          }
        }
        limiter.close();
      }
    });
  }
});
