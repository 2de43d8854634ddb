'use strict';
// The mutations of one area: v2 and the meter event stream.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, CLIENT, REQUEST, PAGINATE, METER } = require('./targets');

module.exports = [
  // ---- v2 and the meter event stream (meter-events.ts, client.ts, request.ts, paginate.ts)
  {
    name: 'meter-session-never-renewed',
    file: METER,
    find: 'if (s && this.now() < s.renewAt) return s.token;',
    replace: 'if (s) return s.token;',
    why: 'the session is kept past its expiry: after 15 minutes every reading of a device is refused',
    tests: [T.meterStream],
  },
  {
    name: 'meter-session-per-request',
    file: METER,
    find: '    if (!pending) {',
    replace: '    if (pending || !pending) {',
    why: 'concurrent first events each make their own session: 50 readings, 50 sessions on the API rate limit',
    tests: [T.meterStream],
  },
  {
    name: 'meter-401-not-renewed',
    file: CLIENT,
    find: 'if (stream && token && !renewed && sessionRefused(a, parsed)) {',
    replace: 'if (stream && token && renewed && sessionRefused(a, parsed)) {',
    why: 'a revoked or expired token fails every reading until the next deploy instead of making a new session',
    tests: [T.meterStream],
  },
  {
    name: 'meter-token-not-redacted',
    file: CLIENT,
    find: 'const t = this.meterEvents ? this.meterEvents.redact(text) : text;',
    replace: 'const t = text;',
    why: "a stream error that echoes the session's token shows it on the Catch node and in the log",
    tests: [T.meterStream],
  },
  {
    name: 'meter-stream-on-api-host',
    file: REQUEST,
    find: 'req.server = op.server ?? METER_EVENTS_BASE_URI;',
    replace: 'req.server = op.server;',
    why: 'the meter event stream goes to api.stripe.com, which does not serve it',
    tests: [T.meterStream],
  },
  {
    name: 'v2-list-default-limit',
    file: PAGINATE,
    find: '    ? req.query.limit !== undefined\n',
    replace: '    ? true\n',
    why: 'a v2 list asks for pages of 100, more than some v2 lists allow (stripe-node sends no limit)',
    tests: [T.v2Wire],
  },
];
