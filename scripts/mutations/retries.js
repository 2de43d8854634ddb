'use strict';
// The mutations of one area: backoff and what is retried.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, CLIENT, RETRY, IDEMPOTENCY } = require('./targets');

module.exports = [
  // ---- backoff (retry.ts retryDelay())
  {
    name: 'backoff-no-cap',
    file: RETRY,
    find: 'const base = Math.min(b.initialDelayMs * 2 ** attempt, b.maxDelayMs);',
    replace: 'const base = b.initialDelayMs * 2 ** attempt;',
    why: 'retry waits keep doubling past maxDelayMs',
    tests: [T.backoff],
  },
  {
    name: 'backoff-no-doubling',
    file: RETRY,
    find: 'const base = Math.min(b.initialDelayMs * 2 ** attempt, b.maxDelayMs);',
    replace: 'const base = Math.min(b.initialDelayMs, b.maxDelayMs);',
    why: 'every retry waits about initialDelayMs: no exponential backoff',
    tests: [T.backoff],
  },
  {
    name: 'backoff-jitter-0-to-1',
    file: RETRY,
    find: 'base * (0.5 + Math.random() * 0.5)',
    replace: 'base * Math.random()',
    why: 'jitter may shrink a wait to almost nothing (factor 0-1 instead of 0.5-1)',
    tests: [T.backoff],
  },
  {
    name: 'retry-after-no-cap',
    file: RETRY,
    find: 'return Math.min(Math.max(ms, jittered), MAX_RETRY_AFTER_MS);',
    replace: 'return Math.max(ms, jittered);',
    why: 'a Retry-After of an hour holds the message an hour (not capped at 60 s)',
    tests: [T.backoff],
  },
  {
    name: 'retry-after-shortens-backoff',
    file: RETRY,
    find: 'return Math.min(Math.max(ms, jittered), MAX_RETRY_AFTER_MS);',
    replace: 'return Math.min(ms, MAX_RETRY_AFTER_MS);',
    why: 'a tiny Retry-After replaces the backoff: retries come at once',
    tests: [T.backoff],
  },
  {
    name: 'retry-after-ignored',
    file: RETRY,
    find: "const after = header(res, 'retry-after');",
    replace: "const after = header(undefined, 'retry-after');",
    why: 'Retry-After is not honoured',
    tests: [T.retries, T.backoff],
  },

  // ---- what is retried (retry.ts shouldRetry, client.ts send)
  {
    name: '429-not-retried',
    file: RETRY,
    find: 'if (s === 409 || s === 429 || s >= 500) return true;',
    replace: 'if (s === 409 || s >= 500) return true;',
    why: 'a 429 (rate limited) fails the message instead of being retried',
    tests: [T.retries],
  },

  {
    name: 'stripe-should-retry-ignored',
    file: RETRY,
    find: "  if (should === 'true') return true;\n  if (should === 'false') return false;\n",
    replace: '',
    why: 'Stripe-Should-Retry no longer decides',
    tests: [T.retries],
  },
  {
    name: 'connection-errors-not-retried',
    file: RETRY,
    find: '  if (!a.res) {\n    if (a.timedOut || RETRYABLE_CODES.has(errorCode(a.err))) return true;',
    replace: '  if (!a.res) {\n    return false;',
    why: 'a reset connection or a timeout fails the message instead of being retried',
    tests: [T.retries],
  },
  {
    name: 'tls-failure-retried',
    file: RETRY,
    find: "if (NEVER_RETRY_CODES.has(code) || code.startsWith('ERR_SSL_')) return false;",
    replace: "if (code === 'ERR_CANCELED') return false;",
    why: 'a certificate failure (the same every time) is retried',
    tests: [T.nodesClient],
  },
  {
    name: 'one-retry-too-many',
    file: CLIENT,
    find: 'if (!retry || attempt >= this.maxRetries) throw error;',
    replace: 'if (!retry || attempt > this.maxRetries) throw error;',
    why: 'maxRetries + 1 retries',
    tests: [T.retries],
  },
  {
    name: 'idempotency-key-regenerated-on-retry',
    file: CLIENT,
    find: '      const finish = limiter.tryTake() ?? (await limiter.take(opts.signal, opts.onQueued));',
    replace:
      "      if (attempt && idempotencyKey) headers['Idempotency-Key'] = `${idempotencyKey}-${attempt}`;\n      const finish = limiter.tryTake() ?? (await limiter.take(opts.signal, opts.onQueued));",
    why: 'a retried POST gets a new Idempotency-Key: a charge may be made twice',
    tests: [T.retries, T.wireIdem],
  },
  {
    name: 'unreadable-2xx-delete-retried',
    file: RETRY,
    find: "(req.method === 'GET' || keyed)",
    replace: 'true',
    why: 'a v1 DELETE whose 2xx answer was unreadable is sent again (and then reports a 404)',
    tests: [T.wireUnreadable],
  },
  {
    name: 'unreadable-2xx-never-retried',
    file: RETRY,
    find: "return s >= 200 && s < 300 && !!parsed && !parsed.ok && (req.method === 'GET' || keyed);",
    replace: 'return false;',
    why: 'a GET or keyed POST whose 2xx answer was cut short is not asked again',
    tests: [T.wireUnreadable],
  },
  {
    name: 'v2-delete-without-key',
    file: IDEMPOTENCY,
    find: "return req.method === 'POST' || (!!req.v2 && req.method === 'DELETE');",
    replace: "return req.method === 'POST';",
    why: 'a /v2 DELETE goes without an Idempotency-Key',
    tests: [T.wireIdem],
  },
];
