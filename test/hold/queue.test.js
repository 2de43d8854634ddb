'use strict';
// The core's store and forward (src/stripe/hold/hold-queue.ts, hold-store.ts) on its own, with a clock
// the test moves: order, the capped backoff, the 23-hour and holdHours rules, the bound, what a
// restored message carries, a crash with a message in flight, and a write cut short in the file.
// node:sqlite exists from Node.js 22.13 (the matrix targets nr5 and node24); on Node.js 20 only the
// plain answer "not available" is checked.
const assert = require('assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { HoldQueue, HoldFullError, holdAvailable, REACHED_LIMIT_MS } = require('../../dist/stripe');

const HOUR = 3600_000;

/** A clock the test moves: now(), and timers that fire when advance() passes them. */
function manualClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  let timers = [];
  return {
    now: () => now,
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clearTimeout(t) {
      timers = timers.filter((x) => x !== t);
    },
    pending: () => timers.length,
    nextIn: () => Math.min(...timers.map((t) => t.at - now)),
    async advance(ms) {
      now += ms;
      for (const t of timers.filter((x) => x.at <= now)) {
        timers = timers.filter((x) => x !== t);
        t.fn();
      }
      await settle();
    },
  };
}

const settle = () => new Promise((r) => setImmediate(r));

/** Waits (real time: each record is flushed to disk) until `cond()` holds. */
async function until(cond, ms = 4000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms: ${cond}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A queue on a fresh file whose attempts answer from `answer(held)` (a function the test changes). */
function makeQueue(t, opts = {}) {
  const events = { sent: [], refused: [], expired: [], states: [], storeErrors: [], skipped: [] };
  const q = new HoldQueue({
    file: opts.file ?? path.join(t.dir, 'q.sqlite'),
    holdHours: opts.holdHours ?? 72,
    holdMax: opts.holdMax ?? 10000,
    clock: t.clock,
    retryMinMs: 2000,
    retryMaxMs: 300_000,
    atOnce: opts.atOnce,
    attempt: async (h, signal) => {
      t.attempts.push({ seq: h.seq, key: h.key, n: h.msg.n, attempts: h.attempts, reached: h.reached });
      return t.answer(h, signal);
    },
    onSent: (h, v) => {
      opts.onSent?.(h);
      events.sent.push({ n: h.msg.n, msg: h.msg, v, waited: h.waited, attempts: h.attempts });
    },
    onRefused: (h, e) => events.refused.push({ n: h.msg.n, e }),
    onExpired: (h, reached, hours) => events.expired.push({ n: h.msg.n, reached, hours, key: h.key }),
    onState: (s) => events.states.push(s),
    onStoreError: (e) => events.storeErrors.push(e),
    onSkipped: (total) => events.skipped.push(total),
  });
  return { q, events };
}

/** Adds a message; resolves once the queue has accepted it (it is on disk). */
const add = (q, msg, key) =>
  new Promise((resolve, reject) => q.add(msg, key, (err) => (err ? reject(err) : resolve())));

const SENT = { sent: true, value: 'ok' };
const down = (reached = false) => ({ sent: false, refused: false, error: new Error('down'), reached });

(holdAvailable() ? describe : describe.skip)('hold queue (core)', function () {
  let t;
  beforeEach(() => {
    t = {
      dir: fs.mkdtempSync(path.join(os.tmpdir(), 'nrstripe-hold-')),
      clock: manualClock(),
      attempts: [],
      answer: () => SENT,
    };
  });
  afterEach(() => fs.rmSync(t.dir, { recursive: true, force: true }));

  it('sends in order, one at a time, each with the key it was queued with', async () => {
    let atOnce = 0;
    let most = 0;
    t.answer = async () => {
      most = Math.max(most, ++atOnce);
      await new Promise((r) => setTimeout(r, 5));
      atOnce--;
      return SENT;
    };
    const { q, events } = makeQueue(t);
    await Promise.all([0, 1, 2, 3, 4].map((n) => add(q, { n }, `key-${n}`)));
    await until(() => events.sent.length === 5);
    assert.strictEqual(most, 1, 'one on its way at a time');
    assert.deepStrictEqual(
      events.sent.map((s) => s.n),
      [0, 1, 2, 3, 4],
    );
    assert.deepStrictEqual(
      t.attempts.map((a) => a.key),
      ['key-0', 'key-1', 'key-2', 'key-3', 'key-4'],
    );
    assert.strictEqual(q.count, 0);
    await q.close();
  });

  it('16 at once: each is accepted only once a flush has taken it to disk, and sent only after that, in order', async () => {
    const { DatabaseSync } = require('node:sqlite');
    const file = path.join(t.dir, 'g.sqlite');
    // What the disk holds: the files as they are each time a flush of the log file ends.
    let onDisk = new Set();
    let flushes = 0;
    const fdatasyncSync = fs.fdatasyncSync;
    fs.fdatasyncSync = (fd) => {
      fdatasyncSync(fd);
      const copy = path.join(t.dir, `flushed${flushes++}.sqlite`);
      for (const ext of ['', '-wal']) if (fs.existsSync(file + ext)) fs.copyFileSync(file + ext, copy + ext);
      const db = new DatabaseSync(copy);
      onDisk = new Set(
        db
          .prepare('SELECT body FROM held')
          .all()
          .map((r) => JSON.parse(r.body).n),
      );
      db.close();
    };
    const accepted = new Set();
    const notOnDisk = [];
    t.answer = (h) => {
      if (!accepted.has(h.msg.n)) notOnDisk.push(`sent before accepted: ${h.msg.n}`);
      return SENT;
    };
    try {
      const { q, events } = makeQueue(t, { file });
      await Promise.all(
        Array.from(
          { length: 16 },
          (_, n) =>
            new Promise((resolve, reject) =>
              q.add({ n }, `k${n}`, (err) => {
                if (err) return reject(err);
                if (!onDisk.has(n)) notOnDisk.push(`accepted before it was on disk: ${n}`);
                accepted.add(n);
                resolve();
              }),
            ),
        ),
      );
      assert.deepStrictEqual(notOnDisk, []);
      assert.strictEqual(flushes, 1, 'the 16 were written and flushed together');
      await until(() => events.sent.length === 16);
      assert.deepStrictEqual(
        events.sent.map((x) => x.n),
        Array.from({ length: 16 }, (_, n) => n),
      );
      assert.deepStrictEqual(notOnDisk, []);
      await q.close();
    } finally {
      fs.fdatasyncSync = fdatasyncSync;
    }
  });

  it('atOnce 16: while Stripe answers, up to 16 at once, started in order; after a kept one, what queued goes one at a time, oldest first', async () => {
    // Each attempt waits until the test answers it.
    const open = new Map();
    let atOnce = 0;
    let most = 0;
    t.answer = (h) =>
      new Promise((resolve) => {
        atOnce++;
        most = Math.max(most, atOnce);
        open.set(h.msg.n, (out) => {
          atOnce--;
          open.delete(h.msg.n);
          resolve(out);
        });
      });
    const answer = async (n, out = SENT) => {
      open.get(n)(out);
      await settle();
      await settle();
    };
    const started = () => t.attempts.map((a) => a.n);
    const { q, events } = makeQueue(t, { atOnce: 16 });
    await Promise.all(Array.from({ length: 20 }, (_, n) => add(q, { n }, `k${n}`)));
    await until(() => open.size === 16);
    assert.deepStrictEqual(
      started(),
      Array.from({ length: 16 }, (_, n) => n),
    );
    for (let n = 0; n < 16; n++) await answer(n);
    await until(() => open.size === 4);
    assert.deepStrictEqual(started().slice(16), [16, 17, 18, 19]);
    for (let n = 16; n < 20; n++) await answer(n);
    await until(() => events.sent.length === 20);
    assert.strictEqual(most, 16, 'at most 16 on their way at once');
    assert.deepStrictEqual(
      events.sent.filter((x) => x.waited).map((x) => x.n),
      [16, 17, 18, 19],
      'those past the 16 waited',
    );

    // Three at once; the first is kept (no answer), the two others go.
    await Promise.all([20, 21, 22].map((n) => add(q, { n }, `k${n}`)));
    await until(() => open.size === 3);
    await answer(20, down());
    await answer(21);
    await answer(22);
    await until(() => t.clock.pending() === 1);
    // Three more while the head waits: not tried.
    await Promise.all([23, 24, 25].map((n) => add(q, { n }, `k${n}`)));
    await settle();
    assert.strictEqual(open.size, 0);
    await t.clock.advance(t.clock.nextIn());
    await until(() => open.size === 1);
    assert.deepStrictEqual([...open.keys()], [20]);
    await answer(20);
    // Then the ones that queued, one at a time, in order.
    for (const n of [23, 24, 25]) {
      await until(() => open.size === 1);
      assert.deepStrictEqual([...open.keys()], [n]);
      await answer(n);
    }
    await until(() => events.sent.length === 26);
    assert.deepStrictEqual(
      events.sent.slice(20).map((x) => [x.n, x.waited]),
      [
        [21, false],
        [22, false],
        [20, true],
        [23, true],
        [24, true],
        [25, true],
      ],
    );
    // Caught up: several at once again.
    await Promise.all([26, 27, 28].map((n) => add(q, { n }, `k${n}`)));
    await until(() => open.size === 3);
    for (const n of [26, 27, 28]) await answer(n);
    await until(() => events.sent.length === 29);
    assert.strictEqual(q.count, 0);
    await q.close();
  });

  it('a message is out of the file before it is sent on: killed right after, it is not sent twice', async () => {
    const { DatabaseSync } = require('node:sqlite');
    const file = path.join(t.dir, 'r.sqlite');
    const stillHeld = [];
    let held;
    const { q, events } = makeQueue(t, {
      file,
      atOnce: 4,
      onSent: (h) => {
        if (held.all().some((r) => JSON.parse(r.body).n === h.msg.n)) stillHeld.push(h.msg.n);
      },
    });
    // Another connection sees what a process started after a SIGKILL would find.
    const other = new DatabaseSync(file);
    held = other.prepare('SELECT body FROM held');
    await Promise.all(Array.from({ length: 10 }, (_, n) => add(q, { n }, `k${n}`)));
    await until(() => events.sent.length === 10);
    other.close();
    assert.deepStrictEqual(stillHeld, []);
    await q.close();
  });

  it('with nothing new coming in, the removals of the messages sent are flushed within a second (a power cut takes back no more)', async () => {
    const { REMOVALS_FLUSH_MS } = require('../../dist/stripe/hold/hold-store');
    const flushes = [];
    const real = fs.fdatasyncSync;
    fs.fdatasyncSync = (fd) => {
      flushes.push(Date.now());
      return real(fd);
    };
    try {
      const { q, events } = makeQueue(t);
      await add(q, { n: 0 }, 'k0');
      await add(q, { n: 1 }, 'k1');
      await until(() => events.sent.length === 2);
      const sentAt = Date.now();
      const before = flushes.length;
      await new Promise((r) => setTimeout(r, REMOVALS_FLUSH_MS + 300));
      const later = flushes.slice(before);
      assert.strictEqual(later.length, 1, `one flush for the removals written after the last record (${later.length})`);
      assert.ok(later[0] - sentAt <= REMOVALS_FLUSH_MS + 100, `flushed ${later[0] - sentAt} ms after`);
      // Closed with a removal just written: no flush comes after the close (its file is closed).
      await add(q, { n: 2 }, 'k2');
      await until(() => events.sent.length === 3);
      await q.close();
      const closedAt = flushes.length;
      await new Promise((r) => setTimeout(r, REMOVALS_FLUSH_MS + 300));
      assert.strictEqual(flushes.length, closedAt);
      assert.deepStrictEqual(events.storeErrors, []);
    } finally {
      fs.fdatasyncSync = real;
    }
  });

  it('close() writes and flushes what still waits, accepts it, and keeps it for the next open', async () => {
    t.answer = () => down();
    const file = path.join(t.dir, 'z.sqlite');
    const first = makeQueue(t, { file });
    const all = Array.from({ length: 5 }, (_, n) => add(first.q, { n }, `k${n}`));
    await first.q.close();
    await Promise.all(all);
    t.answer = () => SENT;
    const again = makeQueue(t, { file });
    assert.strictEqual(again.q.count, 5);
    again.q.start();
    await until(() => again.events.sent.length === 5);
    assert.deepStrictEqual(
      again.events.sent.map((x) => x.n),
      [0, 1, 2, 3, 4],
    );
    await again.q.close();
  });

  it('keeps the head through failures with a backoff growing from seconds to at most 5 minutes; later ones wait', async () => {
    t.answer = () => down();
    const { q, events } = makeQueue(t);
    await Promise.all([add(q, { n: 1 }, 'k1'), add(q, { n: 2 }, 'k2')]);
    await settle();
    const waits = [];
    for (let i = 0; i < 10; i++) {
      waits.push(t.clock.nextIn());
      await t.clock.advance(t.clock.nextIn());
    }
    assert.ok(waits[0] >= 1500 && waits[0] <= 2000, `first wait ${waits[0]} ms`);
    assert.ok(waits[3] > waits[0] * 4, `the wait grows: ${waits}`);
    assert.ok(
      waits.every((w) => w <= 300_000),
      `capped at 5 min: ${waits}`,
    );
    assert.ok(waits[9] >= 225_000, `reaches minutes: ${waits[9]}`);
    assert.ok(
      t.attempts.every((a) => a.n === 1),
      'only the head is tried',
    );
    assert.strictEqual(events.states.at(-1).held, 2);
    t.answer = () => SENT;
    await t.clock.advance(t.clock.nextIn());
    await until(() => events.sent.length === 2);
    assert.deepStrictEqual(
      events.sent.map((s) => [s.n, s.waited, s.attempts]),
      [
        [1, true, 11],
        [2, true, 0],
      ],
    );
    assert.ok(events.states.some((s) => s.sending && s.sending.n === 2 && s.sending.of === 2));
    await q.close();
  });

  it('a message that may have reached Stripe goes to the Catch node after 23 hours, with its key', async () => {
    t.answer = () => down(true);
    const { q, events } = makeQueue(t);
    await add(q, { n: 1 }, 'key-reached');
    await settle();
    while (t.clock.now() - Date.UTC(2026, 0, 1) < REACHED_LIMIT_MS - 10 * 60_000)
      await t.clock.advance(t.clock.nextIn());
    assert.strictEqual(events.expired.length, 0, 'not before 23 hours');
    while (!events.expired.length) await t.clock.advance(t.clock.nextIn());
    assert.deepStrictEqual(events.expired, [{ n: 1, reached: true, hours: 23, key: 'key-reached' }]);
    assert.ok(t.clock.now() - Date.UTC(2026, 0, 1) < 23 * HOUR + 6 * 60_000);
    assert.strictEqual(q.count, 0);
    await q.close();
  });

  it('a message that never reached Stripe waits up to holdHours, then goes to the Catch node', async () => {
    t.answer = () => down(false);
    const { q, events } = makeQueue(t, { holdHours: 30 });
    await add(q, { n: 1 }, 'k');
    await settle();
    while (t.clock.now() - Date.UTC(2026, 0, 1) < 29 * HOUR) await t.clock.advance(t.clock.nextIn());
    assert.strictEqual(events.expired.length, 0, 'kept past 23 hours: it never reached Stripe');
    while (!events.expired.length) await t.clock.advance(t.clock.nextIn());
    assert.deepStrictEqual(events.expired, [{ n: 1, reached: false, hours: 30, key: 'k' }]);
    await q.close();
  });

  it('a refusal ends the message once; the next one goes on', async () => {
    t.answer = (h) => (h.msg.n === 1 ? { sent: false, refused: true, error: new Error('no') } : SENT);
    const { q, events } = makeQueue(t);
    await Promise.all([add(q, { n: 1 }, 'a'), add(q, { n: 2 }, 'b')]);
    await until(() => events.sent.length === 1);
    assert.deepStrictEqual(
      events.refused.map((r) => r.n),
      [1],
    );
    assert.deepStrictEqual(
      events.sent.map((s) => s.n),
      [2],
    );
    await q.close();
  });

  it('refuses a message past holdMax at once, and accepts again once there is room', async () => {
    t.answer = () => down();
    const { q, events } = makeQueue(t, { holdMax: 3 });
    const three = [0, 1, 2].map((n) => add(q, { n }, `k${n}`));
    assert.throws(
      () => q.add({ n: 3 }, 'k3', () => {}),
      (e) => e instanceof HoldFullError && e.max === 3,
    );
    assert.strictEqual(q.count, 3);
    await Promise.all(three);
    t.answer = () => SENT;
    await t.clock.advance(t.clock.nextIn());
    await until(() => events.sent.length === 3);
    await add(q, { n: 4 }, 'k4');
    await until(() => events.sent.length === 4);
    await q.close();
  });

  it('restores the message (Buffers, Dates, nested values; not req/res) and resumes after a reopen', async () => {
    t.answer = () => down();
    const file = path.join(t.dir, 'r.sqlite');
    const first = makeQueue(t, { file });
    const when = new Date('2026-02-03T04:05:06.789Z');
    await add(
      first.q,
      {
        n: 1,
        payload: { a: [1, { b: 'x' }] },
        topic: 't',
        path: { id: 'cus_1' },
        buf: Buffer.from([0, 255]),
        when,
        req: {},
        res: {},
      },
      'k1',
    );
    await settle();
    await first.q.close();
    t.answer = () => SENT;
    const again = makeQueue(t, { file });
    assert.strictEqual(again.q.count, 1);
    again.q.start();
    await until(() => again.events.sent.length === 1);
    const m = again.events.sent[0].msg;
    assert.deepStrictEqual(m.payload, { a: [1, { b: 'x' }] });
    assert.strictEqual(m.topic, 't');
    assert.deepStrictEqual(m.path, { id: 'cus_1' });
    assert.ok(Buffer.isBuffer(m.buf) && m.buf.equals(Buffer.from([0, 255])));
    assert.ok(m.when instanceof Date && m.when.getTime() === when.getTime());
    assert.ok(!('req' in m) && !('res' in m));
    assert.strictEqual(t.attempts.at(-1).key, 'k1');
    assert.strictEqual(again.events.sent[0].waited, true);
    await again.q.close();
  });

  it('after a crash, the head that may have been in flight counts as possibly sent (the 23-hour rule)', async () => {
    const file = path.join(t.dir, 'c.sqlite');
    const { DatabaseSync } = require('node:sqlite');
    t.answer = () => new Promise(() => {}); // in flight when the process "dies"
    const first = makeQueue(t, { file });
    await add(first.q, { n: 1 }, 'k1');
    await settle();
    // No close: copy the files as a power cut would leave them.
    const copy = path.join(t.dir, 'copy.sqlite');
    for (const ext of ['', '-wal']) if (fs.existsSync(file + ext)) fs.copyFileSync(file + ext, copy + ext);
    t.answer = () => down(false);
    const again = makeQueue(t, { file: copy });
    again.q.start();
    await until(() => t.attempts.length === 2);
    assert.strictEqual(t.attempts.at(-1).reached, true);
    // A clean close keeps what it knew.
    await again.q.close();
    const db = new DatabaseSync(copy);
    assert.strictEqual(db.prepare('SELECT reached FROM held').get().reached, 1);
    db.close();
  });

  for (const atOnce of [1, 4]) {
    it(`atOnce ${atOnce}: a file another process has locked: nothing throws, what was sent is sent on once and not again, and the file catches up`, async () => {
      const { DatabaseSync } = require('node:sqlite');
      const file = path.join(t.dir, `locked-${atOnce}.sqlite`);
      const gates = [];
      t.answer = () => new Promise((resolve) => gates.push(resolve));
      const { q, events } = makeQueue(t, { file, atOnce });
      await add(q, { n: 1 }, 'k1');
      await add(q, { n: 2 }, 'k2');
      await until(() => gates.length >= 1);
      // Another process takes the file's write lock: no write of this queue lands meanwhile.
      const other = new DatabaseSync(file);
      other.exec('BEGIN EXCLUSIVE');
      t.answer = () => SENT;
      gates.forEach((open) => open(SENT));
      await until(() => events.sent.length === 2);
      await settle();
      assert.ok(events.storeErrors.length >= 1, 'the failed write is told');
      assert.match(String(events.storeErrors[0].message), /locked|busy/i);
      // A message handed over while the file is locked cannot be kept: its callback says so.
      await assert.rejects(add(q, { n: 3 }, 'k3'), /locked|busy/i);
      other.exec('ROLLBACK');
      await add(q, { n: 4 }, 'k4');
      await until(() => events.sent.length === 3);
      await settle();
      assert.deepStrictEqual(
        events.sent.map((e) => e.n),
        [1, 2, 4],
      );
      assert.deepStrictEqual(
        t.attempts.map((a) => a.n),
        [1, 2, 4],
        'each attempted once: the ones whose removal failed are not sent again',
      );
      assert.strictEqual(q.count, 0);
      // The removals that failed were written with the next write: a restart sends nothing again.
      assert.strictEqual(other.prepare('SELECT count(*) AS n FROM held').get().n, 0);
      other.close();
      await q.close();
    });
  }

  it('closed while an answered message waits for its removal: it stays in the file, as reached, and goes again after the next open', async () => {
    const { DatabaseSync } = require('node:sqlite');
    const file = path.join(t.dir, 'closing.sqlite');
    let open;
    t.answer = () => new Promise((resolve) => (open = resolve));
    const first = makeQueue(t, { file, atOnce: 4 });
    await add(first.q, { n: 1 }, 'k1');
    await until(() => open);
    open(SENT);
    // The answer's removal waits for the end of this turn; the queue closes first.
    for (let i = 0; i < 20; i++) await null;
    await first.q.close();
    assert.deepStrictEqual(first.events.sent, [], 'not sent on while closing');
    const db = new DatabaseSync(file);
    assert.deepStrictEqual(
      db
        .prepare('SELECT key, reached FROM held')
        .all()
        .map((r) => ({ ...r })),
      [{ key: 'k1', reached: 1 }],
    );
    db.close();
    t.answer = () => SENT;
    const again = makeQueue(t, { file, atOnce: 4 });
    again.q.start();
    await until(() => again.events.sent.length === 1);
    assert.strictEqual(t.attempts.at(-1).key, 'k1', 'sent again with its key: Stripe answers as the first time');
    await again.q.close();
  });

  it('after a crash, as many records as went at once in the last run, and one more, count as possibly sent', async () => {
    const file = path.join(t.dir, 'many.sqlite');
    const { DatabaseSync } = require('node:sqlite');
    t.answer = () => new Promise(() => {}); // in flight when the process "dies"
    const first = makeQueue(t, { file, atOnce: 3 });
    await Promise.all([1, 2, 3, 4, 5, 6].map((n) => add(first.q, { n }, `k${n}`)));
    await until(() => t.attempts.length === 3);
    // No close: copy the files as a crash would leave them.
    const copy = path.join(t.dir, 'many-copy.sqlite');
    for (const ext of ['', '-wal']) if (fs.existsSync(file + ext)) fs.copyFileSync(file + ext, copy + ext);
    // Opened again with one at a time: the last run's three at once still count.
    const again = makeQueue(t, { file: copy, atOnce: 1 });
    await again.q.close();
    const db = new DatabaseSync(copy);
    assert.deepStrictEqual(
      db
        .prepare('SELECT reached FROM held ORDER BY seq')
        .all()
        .map((r) => r.reached),
      [1, 1, 1, 1, 0, 0],
    );
    db.close();
  });

  it('a damaged record deep in the queue (its check does not match) is skipped when its turn comes, and told', async () => {
    const { DatabaseSync } = require('node:sqlite');
    t.answer = () => down(false);
    const file = path.join(t.dir, 'damaged.sqlite');
    const first = makeQueue(t, { file });
    for (let n = 1; n <= 5; n++) await add(first.q, { n }, `k${n}`);
    await first.q.close();
    // One bit of the third message's body changes on the disk; its CRC-32 no longer matches.
    const db = new DatabaseSync(file);
    db.exec('UPDATE held SET body = replace(body, \'"n":3\', \'"n":7\') WHERE seq = 3');
    db.close();
    t.answer = () => SENT;
    const again = makeQueue(t, { file });
    assert.deepStrictEqual(again.events.skipped, [], 'not read yet');
    again.q.start();
    await until(() => again.events.sent.length === 4);
    assert.deepStrictEqual(
      again.events.sent.map((e) => e.n),
      [1, 2, 4, 5],
    );
    assert.deepStrictEqual(again.events.skipped, [1]);
    assert.strictEqual(again.q.count, 0);
    await again.q.close();
  });

  it('a write cut short (the end of the log file torn) is skipped; the records before it are intact', async () => {
    t.answer = () => new Promise(() => {});
    const file = path.join(t.dir, 'w.sqlite');
    const first = makeQueue(t, { file });
    for (let n = 0; n < 3; n++) await add(first.q, { n, payload: 'x'.repeat(200) }, `k${n}`);
    const copy = path.join(t.dir, 'torn.sqlite');
    fs.copyFileSync(file, copy);
    const wal = fs.readFileSync(`${file}-wal`);
    fs.writeFileSync(`${copy}-wal`, wal.subarray(0, wal.length - 700)); // the last frame cut in the middle
    t.answer = () => SENT;
    const again = makeQueue(t, { file: copy });
    again.q.start();
    await until(() => again.q.count === 0);
    const got = again.events.sent.map((s) => s.n);
    assert.ok(got.length >= 1 && got.length < 3, `some records survive, the torn one is gone: ${got}`);
    assert.deepStrictEqual(got, [0, 1].slice(0, got.length));
    await add(again.q, { n: 9 }, 'k9');
    await until(() => again.q.count === 0);
    assert.strictEqual(again.events.sent.at(-1).n, 9, 'the queue goes on');
    await again.q.close();
  });
});

(holdAvailable() ? describe.skip : describe)('hold queue on a Node.js without node:sqlite', function () {
  it('says that hold is not available', function () {
    assert.strictEqual(holdAvailable(), false);
    assert.ok(Number(process.versions.node.split('.')[0]) < 23);
  });
});
