'use strict';
// The mutations scripts/mutate.js applies, one at a time: small changes to src/ that break a
// behaviour a user relies on. Each must make at least one of its `tests` fail ("caught").
//
//   name     short id (for --only)
//   file     the source file, relative to the repository
//   find     text that occurs exactly once in it
//   replace  what it becomes
//   why      the behaviour that breaks
//   tests    the test files that should catch it (listed first: the one expected to fail first)
//
// Left out as equivalent (nothing a user or a test can observe changes):
// - settings.ts `filesUri` always the base URI: with the default base URI requestUrl() takes the files
//   host from the operation's `server`, and with any other base URI filesUri is the base URI anyway.
// - operation-node.ts dropping `s.truncated = last.truncated` alone: the held message comes from a
//   page that had a next page (truncated false), and a run only ends after it on an empty page,
//   whose truncated is false too. (Dropping it together with hasMore is listed: hasMore differs.)
// - retry.ts the RETRYABLE_CODES test in shouldRetry: an error code that is neither retryable nor
//   in NEVER_RETRY_CODES is retried by the fall-through anyway.
// Left out as redundant: 409 or 5xx not retried (variants of 429-not-retried, failing the same test).

const T = {
  backoff: 'test/reliability/backoff.test.js',
  retries: 'test/reliability/retries.test.js',
  ratelimit: 'test/reliability/ratelimit.test.js',
  idem: 'test/reliability/idempotency-key.test.js',
  secrets: 'test/reliability/secrets.test.js',
  logs: 'test/reliability/log-redaction.test.js',
  paginate: 'test/paginate.test.js',
  backPressure: 'test/back-pressure.test.js',
  files: 'test/files-host.test.js',
  nodesSubscriber: 'test/nodes/subscriber.test.js',
  nodesPublisher: 'test/nodes/publisher.test.js',
  nodesClient: 'test/nodes/client-config.test.js',
  wireQuery: 'test/wire/query-and-pages.test.js',
  wireIdem: 'test/wire/idempotency-key.test.js',
  wireUnreadable: 'test/wire/unreadable-answer.test.js',
  request: 'test/request.test.js',
  realFunction: 'test/real-flows/function-node.test.js',
  realPayloads: 'test/real-flows/payloads.test.js',
  realErrors: 'test/real-flows/errors.test.js',
  transport: 'test/transport.test.js',
  i18n: 'test/i18n-runtime.test.js',
  signature: 'test/events/signature.test.js',
  dedupe: 'test/events/dedupe-filter.test.js',
  walk: 'test/events/poller-core.test.js',
  webhook: 'test/events/webhook-node.test.js',
  poller: 'test/events/events-node.test.js',
};

const CLIENT = 'src/stripe/client.ts';
const LIMITER = 'src/stripe/ratelimit.ts';
const PAGINATE = 'src/stripe/paginate.ts';
const REQUEST = 'src/stripe/request.ts';
const ERRORS = 'src/stripe/errors.ts';
const HANDLER = 'src/nodes/operations/message-handler.ts';
const INPUT = 'src/nodes/operations/message-input.ts';
const PAGES = 'src/nodes/operations/page-sender.ts';
const TRANSPORT = 'src/stripe/transport.ts';
const WORDS = 'src/nodes/shared/words.ts';
const RETRY = 'src/stripe/retry.ts';
const IDEMPOTENCY = 'src/stripe/idempotency.ts';
const REDACTION = 'src/stripe/redaction.ts';
const URLS = 'src/stripe/urls.ts';
const KEYS = 'src/rules/keys.ts';
const SIGNATURE = 'src/stripe/webhook-signature.ts';
const DEDUPE = 'src/stripe/dedupe.ts';
const WALK = 'src/stripe/event-poller.ts';
const POLLER = 'src/nodes/events/event-poller-node.ts';
const WEBHOOK = 'src/nodes/stripe-webhook.ts';
const ROUTE = 'src/nodes/events/webhook-route.ts';

module.exports = [
  // ---- transport (transport.ts)
  {
    name: 'transport-ignores-proxy',
    file: TRANSPORT,
    find: 'return this.proxied(url) ? this.throughProxy(r) : this.direct(url, r);',
    replace: 'return this.direct(url, r);',
    why: 'HTTP_PROXY is ignored: an install that can only reach Stripe through a proxy cannot reach it',
    tests: [T.transport],
  },
  {
    name: 'transport-no-size-cap',
    file: TRANSPORT,
    find: 'if (size > this.maxBytes)\n',
    replace: 'if (size < 0)\n',
    why: 'an endless answer is kept in memory until the process runs out of it',
    tests: [T.transport],
  },
  {
    name: 'transport-unasked-gzip-not-decoded',
    file: TRANSPORT,
    find: "data: decode(raw, res.headers['content-encoding'], this.maxBytes)",
    replace: 'data: decode(raw, undefined, this.maxBytes)',
    why: 'a proxy that compresses answers makes every answer unreadable',
    tests: [T.transport],
  },
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
    find: '      const finish = this.limiter.tryTake() ?? (await this.limiter.take(opts.signal, opts.onQueued));',
    replace:
      "      if (attempt && idempotencyKey) headers['Idempotency-Key'] = `${idempotencyKey}-${attempt}`;\n      const finish = this.limiter.tryTake() ?? (await this.limiter.take(opts.signal, opts.onQueued));",
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

  // ---- the key never leaks (client.ts)
  {
    name: 'scrub-message-only',
    file: REDACTION,
    find: 'const fields = redactDeep(err.fields, redact) as StripeErrorFields;',
    replace: 'const fields = err.fields;',
    why: "an echoed key stays in msg.stripe.error's fields (only the message is scrubbed)",
    tests: [T.realErrors, T.secrets],
  },
  {
    name: 'scrub-not-params',
    file: REDACTION,
    find: "const clean = (t: Text): Text => text(t.code, redactDeep(t.params, redact) as Text['params']);",
    replace: 'const clean = (t: Text): Text => t;',
    why: 'an echoed key shows in the error as the runtime words it (its parameters are not scrubbed)',
    tests: [T.i18n],
  },
  {
    name: 'rule-refusal-plain-text',
    file: 'src/stripe/problems.ts',
    find: 'export const configProblem = (p: Problem): StripeError => configError(problemText(p));',
    replace: 'export const configProblem = (p: Problem): StripeError => configError(p.message);',
    why: "a refusal of the client's settings by the rules stays English in German (it carries no code to word it by)",
    tests: [T.i18n],
  },
  {
    name: 'words-own-namespace',
    file: WORDS,
    find: 'export const CATALOG = `${MODULE}/stripe-client`;',
    replace: 'export const CATALOG = MODULE;',
    why: 'the runtime finds no words in the stripe-client catalog: statuses and the Catch node stay English in German',
    tests: [T.i18n],
  },
  {
    name: 'log-line-not-redacted',
    file: REDACTION,
    find: '  return redact(\n    `${l.method} ${l.logPath}',
    replace: '  return String(\n    `${l.method} ${l.logPath}',
    why: 'a key in a request path or query shows in the request log line',
    tests: [T.logs, T.secrets],
  },

  // ---- hosts (urls.ts requestUrl)
  {
    name: 'files-to-base-uri',
    file: URLS,
    find: "const origin = req.server ? (baseUri === DEFAULT_BASE_URI ? req.server.replace(/\\/+$/, '') : filesUri) : baseUri;",
    replace: 'const origin = baseUri;',
    why: 'uploads and quote PDFs go to api.stripe.com instead of files.stripe.com',
    tests: [T.files],
  },
  {
    name: 'files-host-ignores-custom-base',
    file: URLS,
    find: "const origin = req.server ? (baseUri === DEFAULT_BASE_URI ? req.server.replace(/\\/+$/, '') : filesUri) : baseUri;",
    replace: "const origin = req.server ? req.server.replace(/\\/+$/, '') : baseUri;",
    why: 'with a custom base URI (a proxy, a mock) uploads and PDFs still go to files.stripe.com',
    tests: [T.files],
  },

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
    find: '        if (a.res.status === 429) this.limiter.slowDown();\n',
    replace: '',
    why: 'a 429 does not slow the bucket down',
    tests: [T.ratelimit],
  },
  {
    name: 'no-recovery-after-429',
    file: CLIENT,
    find: '          this.limiter.recover();\n',
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

  // ---- pagination (paginate.ts)
  {
    name: 'max-items-ignored',
    file: PAGINATE,
    find: 'const maxItems = opts.maxItems && opts.maxItems > 0 ? Math.floor(opts.maxItems) : DEFAULT_MAX_ITEMS;',
    replace: 'const maxItems = DEFAULT_MAX_ITEMS;',
    why: 'maxItems does not stop a run',
    tests: [T.paginate],
  },
  {
    name: 'ending-before-not-reversed',
    file: PAGINATE,
    find: "const ordered = backwards && kind === 'list' ? all.slice().reverse() : all;",
    replace: 'const ordered = all;',
    why: 'walking backwards (ending_before), objects come in a jumbled order',
    tests: [T.paginate],
  },
  {
    name: 'ending-before-wrong-cursor',
    file: PAGINATE,
    find: 'const cursor = idOf(all[backwards ? 0 : all.length - 1]);',
    replace: 'const cursor = idOf(all[all.length - 1]);',
    why: 'walking backwards, the next page is asked for from the wrong end',
    tests: [T.paginate],
  },
  {
    name: 'next-page-url-reencoded',
    file: PAGINATE,
    find: 'return { path, query: {}, rawQuery };',
    replace: 'return { path, query: Object.fromEntries(new URLSearchParams(rawQuery)), rawQuery: undefined };',
    why: 'a v2 next_page_url is parsed and re-encoded instead of sent as Stripe gave it',
    tests: [T.wireQuery, T.paginate],
  },
  {
    name: 'limit-on-raw-single-read',
    file: PAGINATE,
    find: 'const lists = !!req.pagination || !!req.mayList || req.query.limit !== undefined;',
    replace: 'const lists = true;',
    why: 'a raw GET of one object is sent with limit=100',
    tests: [T.wireQuery],
  },
  {
    name: 'truncated-ignores-has-more',
    file: PAGINATE,
    find: 'const truncated = !next && (hasMore || data.length < all.length);',
    replace: 'const truncated = !next && data.length < all.length;',
    why: 'a run stopped by maxItems at a page boundary is not marked truncated',
    tests: [T.paginate],
  },
  {
    name: 'truncated-ignores-cut-page',
    file: PAGINATE,
    find: 'const truncated = !next && (hasMore || data.length < all.length);',
    replace: 'const truncated = !next && hasMore;',
    why: 'a last page cut by maxItems is not marked truncated',
    tests: [T.paginate],
  },
  {
    name: 'truncated-on-every-page',
    file: PAGINATE,
    find: 'const truncated = !next && (hasMore || data.length < all.length);',
    replace: 'const truncated = hasMore || data.length < all.length;',
    why: 'every page with more after it says truncated',
    tests: [T.paginate],
  },
  {
    name: 'empty-page-has-more',
    file: PAGINATE,
    find: "const hasMore = all.length > 0 && (kind === 'v2' ? !!body.next_page_url : !!body.has_more);",
    replace: "const hasMore = kind === 'v2' ? !!body.next_page_url : !!body.has_more;",
    why: 'an empty page with has_more true does not end the run',
    tests: [T.paginate],
  },

  // ---- the messages of a run (operation-node.ts sendPages)
  {
    name: 'empty-list-page-mode-sends-nothing',
    file: PAGES,
    find: 'if (!page.data.length && (this.held || !page.last)) return false;',
    replace: 'if (!page.data.length) return false;',
    why: "output 'page': an empty list sends no message (a join waits for ever, the flow never hears)",
    tests: [T.paginate],
  },
  {
    name: 'last-message-flags-stale',
    file: PAGES,
    find: '    msg.stripe = stripeMeta(msg.stripe as StripeMeta, { hasMore, truncated });',
    replace: '    msg.stripe = stripeMeta(msg.stripe as StripeMeta);',
    why: "output 'page'/'item': the last message keeps its own page's hasMore when the run ended on an empty page",
    tests: [T.paginate],
  },
  {
    name: 'last-message-truncated-false',
    file: PAGES,
    find: '      this.sendLast(last.hasMore, last.truncated);',
    replace: '      this.sendLast(last.hasMore, false);',
    why: "output 'page'/'item': a run cut by maxItems does not say truncated",
    tests: [T.paginate],
  },
  {
    name: 'all-mode-has-more-false',
    file: PAGES,
    find: '      msg.stripe = this.pageMeta(last);',
    replace: '      msg.stripe = this.pageMeta({ ...last, hasMore: false });',
    why: "output 'all': a run cut by maxItems says Stripe has no more",
    tests: [T.paginate],
  },

  {
    name: 'pages-paced-by-fixed-turns',
    file: PAGES,
    find: 'if (sent && !page.last) await letFlowTake(page.data.length + FLOW_TURNS);',
    replace: 'if (sent && !page.last) await letFlowTake(FLOW_TURNS);',
    why: "output 'item', or 'page' into a split node, into nodes taking one message per turn (switch): the list queues up ahead of the flow",
    tests: [T.backPressure],
  },

  // ---- msg.idempotencyKey after a failure (operation-node.ts outcomeUnknown)
  {
    name: 'key-dropped-after-no-answer',
    file: HANDLER,
    find: "if (err.kind === 'connection' || err.kind === 'aborted') return true;",
    replace: "if (err.kind === 'aborted') return true;",
    why: 'after a reset or a timeout the message loses its key: sent again, it may act twice',
    tests: [T.idem],
  },
  {
    name: 'key-dropped-after-stop',
    file: HANDLER,
    find: "if (err.kind === 'connection' || err.kind === 'aborted') return true;",
    replace: "if (err.kind === 'connection') return true;",
    why: 'a request stopped by a redeploy loses its key',
    tests: [T.idem],
  },
  {
    name: 'key-dropped-after-unreadable-2xx',
    file: HANDLER,
    find: 'return s === 409 || s === 429 || s >= 500 || (s >= 200 && s < 300);',
    replace: 'return s === 409 || s === 429 || s >= 500;',
    why: 'after an unreadable 200 (Stripe acted) the message loses its key',
    tests: [T.idem],
  },
  {
    name: 'key-kept-after-non-json-4xx',
    file: HANDLER,
    find: "if (!s) return err.kind === 'response';",
    replace: "if (!s || err.kind === 'response') return true;",
    why: 'after a refusal in HTML or JSON without an error object the key stays: a corrected message would clash',
    tests: [T.idem],
  },
  {
    name: 'key-kept-after-success',
    file: HANDLER,
    find: '      delete msg.idempotencyKey;\n      send(msg);',
    replace: '      send(msg);',
    why: 'the next publisher on the path reuses the key of this request',
    tests: [T.idem],
  },

  // ---- bodies and requests (request.ts, operation-node.ts, errors.ts)
  {
    name: 'cross-realm-object-not-plain',
    file: REQUEST,
    find: "return Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(v) === '[object Object]';",
    replace: 'return false;',
    why: 'an object built in a function node (another realm) is not taken as a body',
    tests: [T.realFunction],
  },
  {
    name: 'stripe-object-posted-back',
    file: REQUEST,
    find: "if (!isPlainObject(v) || typeof v.object !== 'string') return false;",
    replace: "if (!isPlainObject(v) || typeof v.object !== 'string' || v === v) return false;",
    why: "a Stripe object read by a subscriber is posted back as a body (Stripe refuses 'id', 'object', ...)",
    tests: [T.realPayloads],
  },
  {
    name: 'plain-value-refused',
    file: INPUT,
    find: "  if (['string', 'number', 'boolean', 'bigint'].includes(typeof payload)) return {};\n",
    replace: '',
    why: "an inject node's timestamp (a number) in msg.payload is refused instead of feeding the templates",
    tests: [T.realPayloads],
  },
  {
    name: 'error-raw-dropped',
    file: ERRORS,
    find: "for (const k of ['type', 'code', 'declineCode', 'param', 'statusCode', 'requestId', 'docUrl', 'raw'] as const) {",
    replace:
      "for (const k of ['type', 'code', 'declineCode', 'param', 'statusCode', 'requestId', 'docUrl'] as const) {",
    why: 'msg.stripe.error.raw (payment_intent, advice_code, ...) is missing',
    tests: [T.nodesPublisher, T.realErrors],
  },
  {
    name: 'v2-query-arrays-repeated',
    file: URLS,
    find: 'const query = req.rawQuery ?? encodeQuery(req.query);',
    replace:
      "const query = req.rawQuery ?? (req.v2 ? Object.entries(req.query).flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${encodeURIComponent(String(x))}`)).join('&') : encodeQuery(req.query));",
    why: 'a /v2 query array goes out as include=a&include=b instead of include[0]=a&include[1]=b',
    tests: [T.wireQuery],
  },
  {
    name: 'path-parameter-not-encoded',
    file: REQUEST,
    find: 'return encodeURIComponent(s);',
    replace: 'return s;',
    why: 'an id with / .. ? # escapes its path segment',
    tests: [T.request, T.nodesSubscriber],
  },
  {
    name: 'delete-sends-payload-fields',
    file: REQUEST,
    find: '  if (op.raw) return body;\n',
    replace: '  return body;\n',
    why: 'a DELETE sends every field of msg.payload as a parameter, not only those the operation knows (Stripe refuses unknown ones)',
    // (nodes.test.js's DELETE of an object just read does not catch it: a Stripe object is no body at all.)
    tests: [T.request],
  },
  {
    name: 'message-idempotency-key-ignored',
    file: HANDLER,
    find: 'const idempotencyKey = idempotencyKeyFor(req, msg.idempotencyKey);',
    replace: 'const idempotencyKey = idempotencyKeyFor(req, undefined);',
    why: 'msg.idempotencyKey is not used: a message sent again gets a new key',
    tests: [T.nodesPublisher, T.retries],
  },
  // ---- receiving events (webhook-signature.ts, dedupe.ts, event-poller.ts, the two nodes)
  {
    name: 'signature-fails-open',
    file: SIGNATURE,
    find: "  if (!secrets.length) return refuse('noSecret', text('errors.webhookNoSecret'));",
    replace: '  if (!secrets.length) return undefined;',
    why: 'a webhook node without a signing secret accepts any request, signed or not',
    tests: [T.signature, T.webhook],
  },
  {
    name: 'signature-future-accepted',
    file: SIGNATURE,
    find: '  if (-age > tolerance) {',
    replace: '  if (false) {',
    why: 'a request signed with a timestamp far in the future is accepted (a replay kept for later)',
    tests: [T.signature],
  },
  {
    name: 'signature-first-v1-only',
    file: SIGNATURE,
    find: '    for (const sig of parsed.signatures) if (sameHex(expected, sig)) match = true;',
    replace: '    if (sameHex(expected, parsed.signatures[0])) match = true;',
    why: 'while Stripe rolls a secret (two v1 signatures), events signed second are refused',
    tests: [T.signature],
  },
  {
    name: 'dedupe-ignores-account',
    file: DEDUPE,
    find: "  return `${DEDUPE_PREFIX}${safe(account || 'platform')}__${livemode ? 'live' : 'test'}__${safe(id)}`;",
    replace: '  return `${DEDUPE_PREFIX}${safe(id)}`;',
    why: 'the same event id in another account or mode counts as a repeat and is dropped',
    tests: [T.dedupe],
  },
  {
    name: 'walk-skips-oldest',
    file: WALK,
    find: '  yield oldest;\n',
    replace: '',
    why: 'starting from a time (first start, a replay, a lost cursor), the oldest event is never sent',
    tests: [T.walk],
  },
  {
    name: 'walk-range-cut',
    file: WALK,
    find: 'const WHOLE_RANGE = Number.MAX_SAFE_INTEGER;',
    replace: 'const WHOLE_RANGE = 10000;',
    why: 'a replay or a lost cursor over more than 10,000 events starts at the 10,000th newest: older ones are never sent',
    tests: [T.walk],
  },
  {
    name: 'poller-cursor-not-saved',
    file: POLLER,
    find: '        await this.host.cursorStore.set(CURSOR_KEY, cursor);',
    replace: '',
    why: 'after a restart the poller starts again from its first start instead of where it stopped',
    tests: [T.poller],
  },
  {
    name: 'webhook-route-kept-on-close',
    file: WEBHOOK,
    find: '    removeRoute?.();',
    replace: '',
    why: 'a redeploy leaves the old handler answering, and a removed node still answers',
    tests: [T.webhook],
  },
  {
    name: 'webhook-body-parsed-first',
    file: ROUTE,
    find: "req.method === 'POST' &&",
    replace: "req.method === 'NONE' &&",
    why: "the editor app's JSON parser reads the webhook body first: no signature can be checked",
    tests: [T.webhook],
  },
];
