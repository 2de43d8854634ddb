'use strict';
// The mutations of one area: receiving events.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, SIGNATURE, DEDUPE, WALK, POLLER, WEBHOOK, ROUTE } = require('./targets');

module.exports = [
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
  {
    name: 'webhook-413-while-sending',
    file: ROUTE,
    find: '      else if (!over) {',
    replace: '      else if ((fail(tooLarge()), !over)) {',
    why: 'an oversized body is answered 413 while the sender is still writing: the connection is reset, and the sender can lose the answer',
    tests: [T.webhook],
  },
  {
    name: 'webhook-linger-unbounded-in-time',
    file: ROUTE,
    find: '        over = setTimeout(cutOff, LINGER_MS);',
    replace: '        over = setTimeout(() => undefined, LINGER_MS);',
    why: 'a slow sender past the limit keeps the connection (and Node-RED reading) until 8 MB more have come',
    tests: [T.webhook],
  },
];
