'use strict';
// The floor under any pagination run in Node: a plain Node process (no Node-RED, no Stripe client)
// that reads every page of GET /v1/customers from the Stripe-like server over one keep-alive agent
// and parses it, keeping nothing. Its peak RSS growth is what fetching and parsing the pages costs
// the process by itself (the garbage V8 collects late), against which `item` mode is read.
//
// As a child (`node --expose-gc pages-floor.js <server url>`) it answers IPC messages:
//   { cmd: 'run' }  reads the whole list; answers { objects, ms }
//   { cmd: 'gc' }   a full GC; answers {}
// The parent side (floorProcess) starts it and reads its memory from /proc, as lib/nodered.js does.
const http = require('http');
const path = require('path');
const fs = require('fs');
const { fork } = require('child_process');
const { performance } = require('perf_hooks');
const { track } = require('./children');

function childMain(serverUrl) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const page = (after) =>
    new Promise((resolve, reject) => {
      const q = `limit=100${after ? `&starting_after=${encodeURIComponent(after)}` : ''}`;
      const req = http.get(
        `${serverUrl}/v1/customers?${q}`,
        { agent, headers: { authorization: 'Bearer sk_test_bench0000000000000000000000' } },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString()));
            } catch (e) {
              reject(e);
            }
          });
        },
      );
      req.on('error', reject);
    });
  const readAll = async () => {
    const t0 = performance.now();
    let objects = 0;
    let after;
    for (;;) {
      const body = await page(after);
      objects += body.data.length;
      if (!body.has_more || !body.data.length) break;
      after = body.data[body.data.length - 1].id;
    }
    return { objects, ms: performance.now() - t0 };
  };
  process.on('message', async (m) => {
    try {
      if (m.cmd === 'run') process.send({ id: m.id, result: await readAll() });
      else if (m.cmd === 'gc') {
        global.gc();
        global.gc();
        process.send({ id: m.id, result: {} });
      }
    } catch (e) {
      process.send({ id: m.id, error: String(e && e.stack ? e.stack : e) });
    }
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ ready: true });
}

/** Starts the floor process against the server at `serverUrl`. */
async function floorProcess(serverUrl) {
  const child = track(
    fork(__filename, [serverUrl], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the pages floor process exited (${code})`)));
    child.once('message', (m) => (m.ready ? resolve() : reject(new Error('unexpected first message'))));
  });
  let next = 0;
  const call = (cmd) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      const on = (m) => {
        if (m.id !== id) return;
        child.off('message', on);
        if (m.error) reject(new Error(m.error));
        else resolve(m.result);
      };
      child.on('message', on);
      child.send({ id, cmd });
    });
  const status = () => fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  const kb = (text, name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)[1]) * 1024;
  return {
    run: () => call('run'),
    gc: () => call('gc'),
    memory: () => {
      const s = status();
      return { rss: kb(s, 'VmRSS'), hwm: kb(s, 'VmHWM') };
    },
    resetPeak: () => fs.writeFileSync(`/proc/${child.pid}/clear_refs`, '5'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.disconnect();
      }),
  };
}

if (require.main === module) childMain(process.argv[2]);

module.exports = { floorProcess, script: path.resolve(__filename) };
