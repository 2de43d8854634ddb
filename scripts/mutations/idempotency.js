'use strict';
// The mutations of one area: msg.idempotencyKey after a failure.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, HANDLER } = require('./targets');

module.exports = [
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
];
