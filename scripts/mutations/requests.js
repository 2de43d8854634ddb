'use strict';
// The mutations of one area: bodies and requests.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, REQUEST, ERRORS, HANDLER, INPUT, URLS } = require('./targets');

module.exports = [
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
    // (test/nodes/publisher.test.js's DELETE of an object just read does not catch it: a Stripe object is no body at all.)
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
];
