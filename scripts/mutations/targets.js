'use strict';
// What the mutation list (scripts/mutations.js and its areas in this folder) names: the test files
// that catch a mutation (T) and the source files a mutation changes.

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
  meterStream: 'test/v2/meter-event-stream.test.js',
  v2Wire: 'test/v2/wire-v2.test.js',
  fleetCore: 'test/fleet/core.test.js',
  fleetBudget: 'test/fleet/budget.test.js',
  fleetWebhook: 'test/fleet/webhook.test.js',
  fleetPoller: 'test/fleet/poller.test.js',
  fleetTakeover: 'test/fleet/takeover.test.js',
  fleetOutage: 'test/fleet/redis-outage.test.js',
  holdQueue: 'test/hold/queue.test.js',
  holdKill: 'test/hold/lifecycle.test.js',
  holdAtOnce: 'test/hold/at-once.test.js',
  holdEdges: 'test/hold/edges.test.js',
};

const CLIENT = 'src/stripe/http/client.ts';
const LIMITER = 'src/stripe/http/ratelimit.ts';
const PAGINATE = 'src/stripe/http/paginate.ts';
const REQUEST = 'src/stripe/requests/request.ts';
const ERRORS = 'src/stripe/common/errors.ts';
const HANDLER = 'src/nodes/operations/message-handler.ts';
const INPUT = 'src/nodes/operations/message-input.ts';
const PAGES = 'src/nodes/operations/page-sender.ts';
const TRANSPORT = 'src/stripe/http/transport.ts';
const WORDS = 'src/nodes/shared/words.ts';
const RETRY = 'src/stripe/http/retry.ts';
const IDEMPOTENCY = 'src/stripe/requests/idempotency.ts';
const REDACTION = 'src/stripe/http/redaction.ts';
const URLS = 'src/stripe/http/urls.ts';
const KEYS = 'src/rules/keys.ts';
const SIGNATURE = 'src/stripe/events/webhook-signature.ts';
const DEDUPE = 'src/stripe/events/dedupe.ts';
const WALK = 'src/stripe/events/event-poller.ts';
const POLLER = 'src/nodes/events/event-poller-node.ts';
const WEBHOOK = 'src/nodes/stripe-webhook.ts';
const ROUTE = 'src/nodes/events/webhook-route.ts';
const METER = 'src/stripe/http/meter-events.ts';
const BUDGET = 'src/stripe/fleet/budget.ts';
const CLAIMS = 'src/stripe/fleet/claims.ts';
const LEASE = 'src/stripe/fleet/lease.ts';
const EVENTS_NODE = 'src/nodes/stripe-events.ts';
const HOLD_STORE = 'src/stripe/hold/hold-store.ts';
const HOLD_QUEUE = 'src/stripe/hold/hold-queue.ts';
const HOLD_SENDER = 'src/nodes/operations/hold-sender.ts';

module.exports = {
  T,
  CLIENT,
  LIMITER,
  PAGINATE,
  REQUEST,
  ERRORS,
  HANDLER,
  INPUT,
  PAGES,
  TRANSPORT,
  WORDS,
  RETRY,
  IDEMPOTENCY,
  REDACTION,
  URLS,
  KEYS,
  SIGNATURE,
  DEDUPE,
  WALK,
  POLLER,
  WEBHOOK,
  HOLD_STORE,
  HOLD_QUEUE,
  HOLD_SENDER,
  ROUTE,
  METER,
  BUDGET,
  CLAIMS,
  LEASE,
  EVENTS_NODE,
};
