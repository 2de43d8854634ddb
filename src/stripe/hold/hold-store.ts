/**
 * The file a publisher with `offline: hold` keeps its messages in: an SQLite database through
 * Node.js's own `node:sqlite` (Node.js 22.13+ and 24), in WAL mode with synchronous=FULL, so a record
 * is on disk, flushed, when add() returns, and a write cut short by a power loss is rolled back by
 * SQLite when the file is opened again. Each record also carries a CRC-32 of its message: a record
 * that does not match it is skipped (and counted) instead of breaking the queue.
 *
 * Only adding a record waits for the disk (fsync). Removing one and counting attempts are written
 * without waiting (synchronous=NORMAL for that statement): they reach the disk with the next record
 * added or the next checkpoint, and a process that is killed loses none of them (the system has
 * them); only a power cut right after a message was sent can forget its removal, and then that one
 * message is sent again after the restart, with the same idempotency key: Stripe answers with what it
 * did the first time and does not act twice (the node sends that answer on once more).
 *
 * Records are kept in arrival order (seq). The store also remembers whether it was closed cleanly:
 * after a crash the first record, the one that may have been in flight, counts as possibly sent.
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
}

const crc32 = (s: string): number => (zlib as unknown as { crc32(d: string): number }).crc32(s);

export class HoldStore {
  /** Records skipped because their check did not match (a damaged file). */
  skipped = 0;
  private readonly db: Database;
  private readonly st: Record<
    'add' | 'first' | 'update' | 'remove' | 'count' | 'last' | 'getMeta' | 'setMeta',
    Statement
  >;
  private n: number;
  private full = true;
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
      first: p('SELECT seq, since, key, attempts, reached, body, crc FROM held ORDER BY seq LIMIT 1'),
      update: p('UPDATE held SET attempts = ?, reached = ? WHERE seq = ?'),
      remove: p('DELETE FROM held WHERE seq = ?'),
      count: p('SELECT count(*) AS n FROM held'),
      last: p('SELECT max(seq) AS seq FROM held'),
      getMeta: p('SELECT value FROM meta WHERE name = ?'),
      setMeta: p('INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value'),
    };
    this.n = Number(this.st.count.get()?.n ?? 0);
    this.wasClean = this.st.getMeta.get('open')?.value !== '1';
    this.st.setMeta.run('open', '1');
  }

  get count(): number {
    return this.n;
  }

  /** The newest record's seq (0 when empty). */
  lastSeq(): number {
    return Number(this.st.last.get()?.seq ?? 0);
  }

  /** Adds a record; it is on disk when this returns. */
  add(body: string, key: string | undefined, since: number): number {
    this.sync(true);
    const r = this.st.add.run(since, key ?? null, body, crc32(body));
    this.n++;
    return Number(r.lastInsertRowid);
  }

  /** The oldest record; a damaged one is skipped (removed and counted). */
  first(): StoredRecord | undefined {
    for (;;) {
      const row = this.st.first.get();
      if (!row) return undefined;
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
      this.remove(Number(row.seq));
      this.skipped++;
    }
  }

  update(seq: number, attempts: number, reached: boolean): void {
    this.sync(false);
    this.st.update.run(attempts, reached ? 1 : 0, seq);
  }

  remove(seq: number): void {
    this.sync(false);
    if (Number(this.st.remove.run(seq).changes) > 0) this.n--;
  }

  /** Whether the next statement waits for the disk. */
  private sync(full: boolean): void {
    if (this.full === full) return;
    this.db.exec(full ? 'PRAGMA synchronous = FULL' : 'PRAGMA synchronous = NORMAL');
    this.full = full;
  }

  /** Closes the file, noting that it was closed cleanly. */
  close(): void {
    try {
      this.sync(true);
      this.st.setMeta.run('open', '0');
    } finally {
      this.db.close();
    }
  }

  /** The oldest records, up to `limit`, as stored (for the Stripe sidebar: a list, a download, a discard). */
  list(limit: number): StoredRecord[] {
    const out: StoredRecord[] = [];
    let row: Record<string, unknown> | undefined;
    // node:sqlite's all() is not in the little interface above: the rows are read one seq after another.
    this.afterSt ??= this.db.prepare(
      'SELECT seq, since, key, attempts, reached, body FROM held WHERE seq > ? ORDER BY seq LIMIT 1',
    );
    let last = 0;
    while (out.length < limit && (row = this.afterSt.get(last))) {
      last = Number(row.seq);
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
    this.headSt ??= this.db.prepare('SELECT seq, since, attempts FROM held ORDER BY seq LIMIT 1');
    const row = this.headSt.get();
    return row ? { seq: Number(row.seq), since: Number(row.since), attempts: Number(row.attempts) } : undefined;
  }

  private afterSt: Statement | undefined;
  private headSt: Statement | undefined;
}

/** How many records a queue file holds, read without changing it (for a node no longer in the flows). */
export function heldCount(file: string): number {
  const mod = loadSqlite();
  if (!mod) return 0;
  const db = new mod.DatabaseSync(file);
  try {
    return Number(db.prepare('SELECT count(*) AS n FROM held').get()?.n ?? 0);
  } finally {
    db.close();
  }
}
