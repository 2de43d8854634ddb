'use strict';
// The floor of `offline: hold`: what a bare node:sqlite insert and flush of one record costs on this
// disk, with nothing of Node-RED or of the package around it. A file in the same temporary folder as
// the bench's Node-RED user dir, WAL mode and synchronous=FULL as the hold store opens it, one record of
// the size of a held bench message per transaction (autocommit: each insert is flushed before the next).
// Measured in the bench's own process (idle meanwhile): CPU user and kernel apart, and wall time.
const fs = require('fs');
const os = require('os');
const path = require('path');

function sqliteFloor(n = 1000) {
  const { DatabaseSync } = require('node:sqlite');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nrstripe-floor-'));
  try {
    const db = new DatabaseSync(path.join(dir, 'floor.sqlite'));
    db.exec(`PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
      CREATE TABLE held (seq INTEGER PRIMARY KEY AUTOINCREMENT, since INTEGER NOT NULL, key TEXT,
        attempts INTEGER NOT NULL DEFAULT 0, reached INTEGER NOT NULL DEFAULT 0, body TEXT NOT NULL, crc INTEGER NOT NULL)`);
    const add = db.prepare('INSERT INTO held (since, key, body, crc) VALUES (?, ?, ?, ?)');
    const body = (i) =>
      JSON.stringify({ bench: i, payload: { email: `customer${i}@example.com`, metadata: { order: String(i) } } });
    for (let i = 0; i < 100; i++) add.run(Date.now(), `key-${i}`, body(i), i);
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) add.run(Date.now(), `key-${i}`, body(i), i);
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    db.close();
    const user = cpu.user / 1000 / n;
    const sys = cpu.system / 1000 / n;
    return { cpu: user + sys, user, sys, wall: wall / n };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { sqliteFloor };
