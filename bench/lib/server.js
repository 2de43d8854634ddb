'use strict';
// Starts bench/lib/stripe-like-server.js in a child process and talks to it over IPC.
const path = require('path');
const { fork } = require('child_process');
const { track, stopChild } = require('./children');

async function startServer(cfg = {}) {
  const child = track(
    fork(path.join(__dirname, 'stripe-like-server.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  const pending = new Map();
  let next = 0;
  const port = await new Promise((resolve, reject) => {
    const onExit = (code) => reject(new Error(`the bench's Stripe-like server exited (${code}) before listening`));
    child.once('exit', onExit);
    child.on('message', (m) => {
      if (m.type === 'ready') {
        child.off('exit', onExit);
        resolve(m.port);
      } else if (pending.has(m.id)) {
        pending.get(m.id)(m.result);
        pending.delete(m.id);
      }
    });
  });
  const call = (cmd, args) =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error('the Stripe-like server is gone'));
      const id = ++next;
      pending.set(id, resolve);
      child.send({ id, cmd, args });
    });
  const api = {
    url: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid,
    configure: (args) => call('configure', args),
    reset: () => call('reset'),
    stats: () => call('stats'),
    stop: () => stopChild(child),
  };
  if (Object.keys(cfg).length) await api.configure(cfg);
  return api;
}

module.exports = { startServer };
