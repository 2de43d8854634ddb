/**
 * The file a publisher with `offline: hold` keeps its messages in: an SQLite database through
 * Node.js's own `node:sqlite` (Node.js 22.13+ and 24), in WAL mode, so a write cut short by a power
 * loss is rolled back by SQLite when the file is opened again. Each record also carries a CRC-32 of
 * its message: a record that does not match it is skipped (and counted) instead of breaking the queue.
 *
 * Group commit: add() hands a record to the store, and its callback runs once the record is on disk,
 * flushed. The store writes at the end of the event loop's turn: every record handed to it meanwhile
 * (the messages Node-RED delivered in that turn, and those that arrived while the last flush was
 * under way) goes into one transaction (synchronous=NORMAL: into the log file, no flush), then the log
 * file is flushed once (fdatasync). The flush runs on the main thread: a hop to libuv's thread pool and
 * back costs more CPU than it saves (measured: 0.33 against 0.38 ms a message one at a time, 0.12
 * against 0.15 ms at 16 in flight); the messages that arrive during it are the next group. A record is on disk before its callback: a
 * SIGKILL or a power cut at any instant loses no record whose callback ran (one that was only in
 * memory was not accepted yet). Only records already flushed are read back (next()), so a message is
 * never sent before it is safe.
 *
 * Removing a record (removeSoon: those asked for in one turn, in one transaction) and counting
 * attempts are written without waiting for the disk: a process that is killed loses none of them
 * (the system has them); a power cut can forget the removals written since the last flush (the next
 * record added flushes them too, and at most REMOVALS_FLUSH_MS after they are written they are
 * flushed in any case), and those messages are sent again after the restart, with the same
 * idempotency keys: Stripe answers with what it did the first time and does not act twice (the node
 * sends those answers on once more). A removal or a count whose write fails (a full disk, a file
 * another process has locked) is told to onError, and the store goes on: see `ghosts`.
 *
 * Records are kept in arrival order (seq). The store also remembers whether it was closed cleanly
 * (wasClean), and keeps a few values beside the records (getMeta, setMeta) for the queue.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** The little of node:sqlite used here (the project's Node.js types are those of Node.js 20). */
interface Statement {
  run(...params: unknown[]): { lastInsertRowid: number | bigint; changes: number | bigint };
  get(...params: unknown[]): Record<string, unknown> | undefined;
}
interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  close(): void;
}
type SqliteModule = { DatabaseSync: new (file: string) => Database };

let sqlite: SqliteModule | null | undefined;

/**
 * node:sqlite, or null where this Node.js has none (Node.js 20). On Node.js 22 loading it prints an
 * ExperimentalWarning ("SQLite is an experimental feature"): that one warning, and only while it is
 * loaded, is kept out of the log; the API used here is stable in Node.js 24.
 */
function loadSqlite(): SqliteModule | null {
  if (sqlite !== undefined) return sqlite;
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const emit = process.emitWarning;
  process.emitWarning = function (warning: string | Error, ...rest: unknown[]) {
    const words = typeof warning === 'string' ? warning : warning?.message;
    if (/SQLite is an experimental feature/.test(String(words))) return;
    return (emit as (...a: unknown[]) => void).call(process, warning, ...rest);
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sqlite = require('node:sqlite') as SqliteModule;
  } catch {
    sqlite = null;
  } finally {
    process.emitWarning = emit;
  }
  return sqlite;
}

/** Whether this Node.js can hold messages (it has node:sqlite). */
export function holdAvailable(): boolean {
  return loadSqlite() !== null;
}

/** One held record as stored. */
export interface StoredRecord {
  seq: number;
  /** When it was queued (ms since the epoch). */
  since: number;
  key?: string;
  /** Attempts that did not end it. */
  attempts: number;
  /** Whether an attempt may have reached Stripe. */
  reached: boolean;
  /** The message, as held-message.ts wrote it. */
  body: string;
  /** What the caller gave add() with it, while the record was never out of memory (undefined after a restart). */
  memo?: unknown;
}

/** The most records one transaction takes: a burst of thousands is written in parts. */
const MAX_BATCH = 256;
/** While the store holds at most this many records, it keeps them in memory too, and reads them from there. */
const MAX_IN_MEMORY = 256;

const NONE: readonly number[] = [];
/**
 * Removals and attempt counts written without a flush are flushed at most this long after, if no
 * record added meanwhile flushed them: what a power cut can take back is bounded by this window.
 */
export const REMOVALS_FLUSH_MS = 1000;

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

const crc32 = (s: string): number => (zlib as unknown as { crc32(d: string): number }).crc32(s);

/** Called once a record is on disk (err null, its seq), or with the error that kept it off. */
export type Durable = (err: Error | null, seq: number) => void;

interface Pending {
  body: string;
  key: string | undefined;
  since: number;
  done: Durable;
  seq: number;
  memo: unknown;
}

export class HoldStore {
  /** Records skipped because their check did not match (a damaged file), or their message could not be read. */
  skipped = 0;
  /** Told of each record skipped as damaged (its seq). */
  onSkipped: ((seq: number) => void) | undefined;
  /** Called after each flush, once the callbacks of its records have run. */
  onFlushed: (() => void) | undefined;
  /**
   * Told of a write that failed with no caller waiting for it (a removal, an attempt counted: a full
   * disk, a file another process has locked). The store goes on: see `ghosts`.
   */
  onError: ((err: Error) => void) | undefined;
  private readonly db: Database;
  private readonly st: Record<
    'add' | 'begin' | 'commit' | 'rollback' | 'next' | 'update' | 'remove' | 'count' | 'last' | 'getMeta' | 'setMeta',
    Statement
  >;
  /** The log file (WAL), kept open to flush it. */
  private readonly walFd: number;
  /** Records on disk and not removed. */
  private ready: number;
  /**
   * The newest record on disk, flushed. A record after it was written but not flushed: its flush
   * failed (its message went to the Catch node) and taking it out again failed too; it is never given.
   */
  private flushedSeq: number;
  /** Records handed to add() and not yet written. */
  private pending: Pending[] = [];
  /** Records to remove (with what runs once they are), written at the end of this turn. */
  private removals: Array<{ seq: number; done: () => void }> = [];
  /**
   * Records removed in this run whose removal did not reach the file (its write failed): they count as
   * removed and are never given again in this run, and each later write takes them out of the file
   * first, until one succeeds.
   */
  private readonly ghosts = new Set<number>();
  /**
   * Every record on disk, by seq in order, while there are few (an SQL read per message costs more
   * than the message's other work on disk); undefined while the file holds more, or records from
   * before this start: next() reads the file then.
   */
  private memory: Map<number, StoredRecord> | undefined;
  /** The write at the end of this turn of the event loop, once one is asked for. */
  private scheduled: NodeJS.Immediate | undefined;
  /** The flush of removals and counts written without one (REMOVALS_FLUSH_MS after the first). */
  private unflushed: NodeJS.Timeout | undefined;
  /** Whether something was written after the last flush (the timer above flushes it then). */
  private dirty = false;
  private closed = false;
  /** Whether the store was closed cleanly the last time (read at open). */
  readonly wasClean: boolean;

  constructor(readonly file: string) {
    const mod = loadSqlite();
    if (!mod) throw new Error('node:sqlite is not available in this Node.js');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    this.db = new mod.DatabaseSync(file);
    this.db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
      CREATE TABLE IF NOT EXISTS held (seq INTEGER PRIMARY KEY AUTOINCREMENT, since INTEGER NOT NULL,
        key TEXT, attempts INTEGER NOT NULL DEFAULT 0, reached INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL, crc INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)`);
    const p = (sql: string): Statement => this.db.prepare(sql);
    this.st = {
      add: p('INSERT INTO held (since, key, body, crc) VALUES (?, ?, ?, ?)'),
      begin: p('BEGIN'),
      commit: p('COMMIT'),
      rollback: p('ROLLBACK'),
      next: p('SELECT seq, since, key, attempts, reached, body, crc FROM held WHERE seq > ? ORDER BY seq LIMIT 1'),
      update: p('UPDATE held SET attempts = ?, reached = ? WHERE seq = ?'),
      remove: p('DELETE FROM held WHERE seq = ?'),
      count: p('SELECT count(*) AS n FROM held'),
      last: p('SELECT max(seq) AS seq FROM held'),
      getMeta: p('SELECT value FROM meta WHERE name = ?'),
      setMeta: p('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    };
    this.ready = Number(this.st.count.get()?.n ?? 0);
    this.flushedSeq = this.lastSeq();
    if (this.ready === 0) this.memory = new Map();
    this.wasClean = this.st.getMeta.get('open')?.value !== '1';
    // Written with synchronous=FULL: the log file exists now, flushed, and so is its name in the folder.
    this.st.setMeta.run('open', '1');
    this.walFd = fs.openSync(`${file}-wal`, 'r');
    syncDir(path.dirname(file));
    this.db.exec('PRAGMA synchronous = NORMAL');
  }

  /** Records held: on disk, and handed to add() but not yet on disk. */
  get count(): number {
    return this.ready + this.pending.length;
  }

  /** Records on disk, flushed (the ones next() can give). */
  get durable(): number {
    return this.ready;
  }

  /** The newest record's seq (0 when empty). */
  lastSeq(): number {
    return Number(this.st.last.get()?.seq ?? 0);
  }

  /**
   * Hands a record to the store: written and flushed with the others handed to it in this turn of the
   * event loop; `done` runs once it is on disk (or with the
   * error that kept it off). `memo` comes back with the record while it stays in memory.
   */
  add(body: string, key: string | undefined, since: number, done: Durable, memo?: unknown): void {
    if (this.closed) throw new Error('the queue file is closed');
    this.pending.push({ body, key, since, done, seq: 0, memo });
    this.schedule();
  }

  /**
   * Removes a record on disk at the end of this turn, in one transaction with the others (written,
   * not flushed: a killed process loses none of them, the system has them); `done` runs once it is.
   */
  removeSoon(seq: number, done: () => void): void {
    if (this.closed) throw new Error('the queue file is closed');
    this.removals.push({ seq, done });
    this.schedule();
  }

  private schedule(): void {
    this.scheduled ??= setImmediate(() => {
      this.scheduled = undefined;
      this.turn();
    });
  }

  /**
   * The end of a turn: the removals asked for and the records waiting are written, then the log file
   * is flushed once if it took records; the callbacks run.
   */
  private turn(): void {
    const removals = this.removals;
    this.removals = [];
    const batch = this.pending;
    this.pending = [];
    const written = this.write(batch, removals);
    for (const r of removals) r.done();
    if (!written.length) {
      if (removals.length) this.flushLater();
      return;
    }
    let err: Error | null = null;
    try {
      fs.fdatasyncSync(this.walFd);
      this.dirty = false;
    } catch (e) {
      err = e instanceof Error ? e : new Error(String(e));
    }
    this.settle(written, err);
    if (!this.closed) this.onFlushed?.();
  }

  /**
   * Writes the removals and the records in one transaction (records past MAX_BATCH in more), not
   * flushed; a single statement commits by itself. Returns the records written (those it could not
   * write get the error).
   */
  private write(batch: Pending[], removals: Array<{ seq: number }>): Pending[] {
    const written: Pending[] = [];
    let rems = removals;
    for (let i = 0; i === 0 || i < batch.length; i += MAX_BATCH) {
      const part = batch.slice(i, i + MAX_BATCH);
      // Removals that failed before go with the first part.
      const ghosts = i === 0 && this.ghosts.size ? [...this.ghosts] : NONE;
      if (!part.length && !rems.length && !ghosts.length) break;
      const alone = ghosts.length + rems.length + part.length === 1;
      const gone: boolean[] = [];
      try {
        if (!alone) this.st.begin.run();
        for (const seq of ghosts) this.runRemove(seq);
        for (const r of rems) gone.push(this.runRemove(r.seq));
        for (const r of part)
          r.seq = Number(this.st.add.run(r.since, r.key ?? null, r.body, crc32(r.body)).lastInsertRowid);
        if (!alone) this.st.commit.run();
        for (const seq of ghosts) this.ghosts.delete(seq);
        rems.forEach((r, k) => this.dropped(r.seq, gone[k]));
        written.push(...part);
      } catch (e) {
        const err = asError(e);
        try {
          if (!alone) this.st.rollback.run();
        } catch {
          /* no transaction left to roll back */
        }
        // Rolled back: the removals are not in the file. Their messages are still not sent again in
        // this run, and the next write takes them out (after a restart first, they would be sent again
        // with their keys: Stripe answers as the first time).
        for (const r of rems) this.lost(r.seq);
        for (const r of part) r.done(err, 0);
        // No record's callback says it: the error is told.
        if (!part.length) this.onError?.(err);
      }
      rems = [];
    }
    return written;
  }

  /** Written without a flush (removals, counts): flushed within REMOVALS_FLUSH_MS unless a record's flush comes first. */
  private flushLater(): void {
    this.dirty = true;
    if (this.unflushed || this.closed) return;
    this.unflushed = setTimeout(() => {
      this.unflushed = undefined;
      if (!this.dirty) return;
      this.dirty = false;
      try {
        fs.fdatasyncSync(this.walFd);
      } catch (err) {
        this.onError?.(asError(err));
      }
    }, REMOVALS_FLUSH_MS);
    this.unflushed.unref();
  }

  /** A flush ended: its records are on disk (their callbacks run), or, if it failed, they are taken out again. */
  private settle(batch: Pending[], err: Error | null): void {
    if (err) {
      for (const r of batch) {
        try {
          this.st.remove.run(r.seq);
        } catch {
          /* the file is gone with the error */
        }
        r.done(err, 0);
      }
      return;
    }
    this.ready += batch.length;
    this.flushedSeq = batch[batch.length - 1].seq;
    if (this.memory && this.ready <= MAX_IN_MEMORY) {
      for (const r of batch)
        this.memory.set(r.seq, {
          seq: r.seq,
          since: r.since,
          key: r.key,
          attempts: 0,
          reached: false,
          body: r.body,
          memo: r.memo,
        });
    } else this.memory = undefined;
    for (const r of batch) r.done(null, r.seq);
  }

  /** The oldest record on disk; a damaged one is skipped (removed and counted). */
  first(): StoredRecord | undefined {
    return this.next(0);
  }

  /** The oldest record on disk after `after` (a seq); a damaged one is skipped (removed and counted). */
  next(after: number): StoredRecord | undefined {
    if (this.ready === 0) return undefined;
    if (this.memory) {
      for (const r of this.memory.values()) if (r.seq > after) return r;
      return undefined;
    }
    for (;;) {
      const row = this.st.next.get(after);
      // A record written whose flush failed is not given.
      if (!row || Number(row.seq) > this.flushedSeq) return undefined;
      if (this.ghosts.has(Number(row.seq))) {
        after = Number(row.seq);
        continue;
      }
      const body = String(row.body);
      if (crc32(body) === Number(row.crc)) {
        return {
          seq: Number(row.seq),
          since: Number(row.since),
          key: typeof row.key === 'string' ? row.key : undefined,
          attempts: Number(row.attempts),
          reached: Number(row.reached) === 1,
          body,
        };
      }
      this.skip(Number(row.seq));
    }
  }

  /** Takes a damaged record out (one whose check or message cannot be read), counted and told. */
  skip(seq: number): void {
    this.remove(seq);
    this.skipped++;
    this.onSkipped?.(seq);
  }

  /** Counts an attempt of a record (written, not flushed); a write that fails is told to onError, and kept in memory. */
  update(seq: number, attempts: number, reached: boolean): void {
    try {
      this.st.update.run(attempts, reached ? 1 : 0, seq);
      this.flushLater();
    } catch (err) {
      this.onError?.(asError(err));
    }
    const r = this.memory?.get(seq);
    if (r) Object.assign(r, { attempts, reached, memo: undefined });
  }

  /**
   * Removes a record on disk now (only those next() gave are removed), written, not flushed. If the
   * write fails (told to onError), the record still counts as removed in this run and a later write
   * takes it out of the file.
   */
  remove(seq: number): void {
    try {
      if (this.ghosts.size)
        for (const g of [...this.ghosts]) {
          this.runRemove(g);
          this.ghosts.delete(g);
        }
      this.dropped(seq, this.runRemove(seq));
      this.flushLater();
    } catch (err) {
      this.lost(seq);
      this.onError?.(asError(err));
    }
  }

  /**
   * Removals asked for with removeSoon and not written yet, taken back: the records stay in the file.
   * Their callbacks run (at once).
   */
  cancelRemovals(): number[] {
    const taken = this.removals;
    this.removals = [];
    for (const r of taken) r.done();
    return taken.map((r) => r.seq);
  }

  /** A record whose removal could not be written: removed in this run, taken out of the file later. */
  private lost(seq: number): void {
    if (this.ghosts.has(seq)) return;
    this.ghosts.add(seq);
    this.dropped(seq, true);
  }

  /** A value kept beside the records (e.g. the queue's settings of its last run). */
  getMeta(name: string): string | undefined {
    const v = this.st.getMeta.get(name)?.value;
    return typeof v === 'string' ? v : undefined;
  }

  setMeta(name: string, value: string): void {
    this.st.setMeta.run(name, value);
  }

  private runRemove(seq: number): boolean {
    return Number(this.st.remove.run(seq).changes) > 0;
  }

  private dropped(seq: number, gone: boolean): void {
    if (!gone) return;
    this.ready--;
    this.memory?.delete(seq);
    // Empty: from now on every record is in memory too.
    if (this.ready === 0) this.memory = new Map();
  }

  /** Closes the file, noting that it was closed cleanly: what still waits is written and flushed first (its callbacks run). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    try {
      this.turn();
      this.db.exec('PRAGMA synchronous = FULL');
      this.st.setMeta.run('open', '0');
    } finally {
      // What was written unflushed went to disk with the write above (synchronous=FULL), and the file
      // closes: no later flush.
      clearTimeout(this.unflushed);
      fs.closeSync(this.walFd);
      this.db.close();
    }
  }

  /** The oldest records, up to `limit`, as stored (for the Stripe sidebar: a list, a download, a discard). */
  list(limit: number): StoredRecord[] {
    const out: StoredRecord[] = [];
    let row: Record<string, unknown> | undefined;
    // node:sqlite's all() is not in the little interface above: the rows are read one seq after another.
    let last = 0;
    while (out.length < limit && (row = this.st.next.get(last)) && Number(row.seq) <= this.flushedSeq) {
      last = Number(row.seq);
      if (this.ghosts.has(last)) continue;
      out.push({
        seq: last,
        since: Number(row.since),
        key: typeof row.key === 'string' ? row.key : undefined,
        attempts: Number(row.attempts),
        reached: Number(row.reached) === 1,
        body: String(row.body),
      });
    }
    return out;
  }

  /** The oldest record's seq, time and attempts, without its body; undefined when none is on disk. */
  head(): { seq: number; since: number; attempts: number } | undefined {
    const r = this.first();
    return r ? { seq: r.seq, since: r.since, attempts: r.attempts } : undefined;
  }
}

/** Flushes a folder, so that a file made in it keeps its name after a power cut. */
function syncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    /* not every system can flush a folder */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** How many records a queue file holds, read without changing it (for a node no longer in the flows). */
export function heldCount(file: string): number {
  const mod = loadSqlite();
  if (!mod) return 0;
  const db = new mod.DatabaseSync(file);
  try {
    // The file may be open in another process that writes to it: wait a moment for its lock.
    db.exec('PRAGMA busy_timeout = 2000');
    // A file that another process is making right now has no table yet: it holds nothing.
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'held'").get()) return 0;
    return Number(db.prepare('SELECT count(*) AS n FROM held').get()?.n ?? 0);
  } finally {
    db.close();
  }
}
