'use strict';
// Every child process and temporary directory the bench makes is registered here, so that nothing is
// left behind: each section stops what it started in a `finally`, and if the bench itself fails,
// is interrupted (Ctrl-C, SIGTERM) or exits early, whatever is still running is killed and the
// directories are removed. The children also watch their parent and exit if it disappears (see
// bench/lib/nodered.js and bench/lib/stripe-like-server.js), which covers a SIGKILL of the bench.
const fs = require('fs');

const children = new Set();
const dirs = new Set();

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function trackDir(dir) {
  dirs.add(dir);
  return dir;
}

function removeDir(dir) {
  dirs.delete(dir);
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    /* best effort */
  }
}

/** Synchronous last resort: SIGKILL every child still running, remove every directory. */
function killAll() {
  for (const c of children) {
    try {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  children.clear();
  for (const d of [...dirs]) removeDir(d);
}

/** Stops one child: SIGTERM (or the given signal), then SIGKILL after `ms`; resolves once it has exited. */
function stopChild(child, signal = 'SIGTERM', ms = 10000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        child.kill('SIGKILL');
      } catch {
        /* gone */
      }
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      child.kill(signal);
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

let installed = false;
function installExitHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      console.error(`\nbench: ${sig}, stopping every child process`);
      killAll();
      process.exit(130);
    });
  }
}

module.exports = { track, trackDir, removeDir, killAll, stopChild, installExitHandlers, running: () => children.size };
