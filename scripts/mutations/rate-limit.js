'use strict';
// The mutations of one area: the rate limit.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, CLIENT, LIMITER, HANDLER, KEYS } = require('./targets');

module.exports = [
  // ---- rate limit (ratelimit.ts, client.ts, operation-node.ts)
  {
    name: 'limiter-window-halved',
    file: LIMITER,
    find: 'const WINDOW_MS = 1000;',
    replace: 'const WINDOW_MS = 500;',
    why: 'the limit is allowed twice a second',
    tests: [T.ratelimit],
  },
  {
    name: 'limiter-counts-when-sent',
    file: LIMITER,
    find: 'return s.at + Math.min(MAX_LAG_MS, s.latency ?? Math.max(0, now - s.at));',
    replace: 'return s.at;',
    why: 'a burst whose requests reach the server late lets the next burst land in the same server second',
    tests: [T.ratelimit],
  },
  {
    name: 'limiter-bypassed-when-queue-empty',
    file: LIMITER,
    find: 'return this.fits(now) ? this.go(now) : undefined;',
    replace: 'return this.go(now);',
    why: 'messages arriving together all go at once, whatever the window holds',
    tests: [T.ratelimit],
  },
  {
    name: 'limiter-spaces-bursts',
    file: LIMITER,
    find: 'return this.counted(now + DUE_MS) < this.allowance;',
    replace: 'return this.counted(now + DUE_MS) < 1;',
    why: 'a burst that fits the window is held to one request a second',
    tests: [T.ratelimit],
  },
  {
    name: 'live-key-gets-test-rate',
    file: KEYS,
    find: "return 'mode' in c && c.mode === 'live' ? LIVE_MODE_RATE : TEST_MODE_RATE;",
    replace: 'return TEST_MODE_RATE;',
    why: 'a live key is held to 25/s instead of 100/s',
    tests: [T.ratelimit],
  },
  {
    name: 'no-slowdown-after-429',
    file: CLIENT,
    find: '        if (a.res.status === 429) limiter.slowDown();\n',
    replace: '',
    why: 'a 429 does not slow the bucket down',
    tests: [T.ratelimit],
  },
  {
    name: 'no-recovery-after-429',
    file: CLIENT,
    find: '          limiter.recover();\n',
    replace: '',
    why: 'after one 429 the rate stays lowered for good',
    tests: [T.ratelimit],
  },
  {
    name: 'rate-limit-per-node',
    file: HANDLER,
    find: '    const client = ctx.clientNode.getClient();',
    replace: [
      '    const shared = ctx.clientNode.getClient();',
      '    // eslint-disable-next-line @typescript-eslint/no-explicit-any',
      '    const own = ctx.node as any;',
      '    // eslint-disable-next-line @typescript-eslint/no-explicit-any',
      '    own.__client ??= Object.assign(Object.create(Object.getPrototypeOf(shared)), shared, { limiter: new (shared.limiter.constructor as any)(shared.limiter.limit) });',
      '    const client = own.__client as typeof shared;',
    ].join('\n'),
    why: 'each node gets its own bucket: three nodes on one client send three times the limit',
    tests: [T.ratelimit],
  },
];
