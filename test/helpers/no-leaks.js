'use strict';
// A mocha root hook (loaded by .mocharc.json and .mocharc.e2e.json with `require`, so it runs with
// `npm test`, `npx mocha <file>`, the browser tests and every target of scripts/test-matrix.js).
//
// Mocha runs without --exit: a test that leaves a server listening, a keep-alive socket, a timer or a
// child process behind would keep the process alive after the last test. This hook, the very last
// thing of the run, waits a moment for what is still closing (a socket, a child's pipes) and then
// FAILS with a list of what is still open, and makes sure the process ends (with a failing exit code)
// instead of hanging.
//
//   NO_LEAKS_TRACE=1 npx mocha test/x.test.js   also tells where each leftover was created (slower)
const net = require('net');

/** How long what is closing gets to close after the last test (a child's pipes close after its exit). */
const GRACE_MS = 3000;
/** After a failure, how long the reporter gets before the process is ended by force. */
const EXIT_AFTER_MS = 2000;

let created;
if (process.env.NO_LEAKS_TRACE) {
  // Where each timer, socket, server and child process was made (async_hooks; off by default: it costs).
  created = new Map();
  const async_hooks = require('async_hooks');
  async_hooks
    .createHook({
      init(id, type, trigger, resource) {
        if (type === 'PROMISE') return;
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 40;
        const stack = new Error().stack;
        Error.stackTraceLimit = limit;
        // Node's own frames left out: what matters is the test or product code that asked.
        const frames = stack
          .split('\n')
          .slice(1)
          .filter((l) => !/\(node:|at node:|no-leaks\.js/.test(l));
        // Made inside Node (a server's handle after a DNS look-up): the stack of what triggered it.
        const parent = frames.length ? undefined : created.get(trigger);
        created.set(id, { type, resource, stack: parent ? parent.stack : frames.slice(0, 8).join('\n') });
      },
      destroy(id) {
        created.delete(id);
      },
    })
    .enable();
}

function isStdio(h) {
  if (h === process.stdout || h === process.stderr || h === process.stdin) return true;
  const fd = h && h._handle && h._handle.fd;
  return h instanceof net.Socket && !h.remoteAddress && (fd === 0 || fd === 1 || fd === 2);
}

function address(a) {
  if (!a) return '?';
  return typeof a === 'string' ? a : `${a.address}:${a.port}`;
}

function stackText(stack) {
  return stack.trim() ? `\n      created at\n${stack.replace(/^\s*/gm, '        ')}` : '';
}

function whereMade(resource) {
  if (!created || !resource) return '';
  for (const c of created.values()) if (c.resource === resource) return stackText(c.stack);
  return '';
}

function describeHandle(h) {
  const name = (h && h.constructor && h.constructor.name) || typeof h;
  if (Array.isArray(h.spawnargs)) return `child process ${h.pid}: ${h.spawnargs.join(' ')}${whereMade(h._handle)}`;
  if (h instanceof net.Server) {
    const a = h.listening ? address(h.address()) : 'not listening';
    return `${name} on ${a} (${h._connections} connection(s) open)${whereMade(h._handle)}`;
  }
  if (h instanceof net.Socket) {
    if (!h.remoteAddress)
      return `${name} (a pipe, fd ${h._handle && h._handle.fd}: a child process's stdio?)${whereMade(h._handle)}`;
    const req = h._httpMessage;
    let what = '';
    if (req && req.method && req.path) what = ` carrying ${req.method} ${req.path}`;
    else if (h.server) what = ' accepted by a server of the tests';
    else if (h.listenerCount('free') > 0 || h.listenerCount('agentRemove') > 0)
      what = ' kept alive idle by an http.Agent';
    return `${name} ${h.localAddress}:${h.localPort} -> ${h.remoteAddress}:${h.remotePort}${what}${whereMade(h._handle)}`;
  }
  return `${name}${whereMade(h._handle || h)}`;
}

/** What would keep the process alive: ref'd handles (not stdio), timers and pending requests. */
function leftovers() {
  const handles = process._getActiveHandles().filter((h) => !isStdio(h));
  const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
  const requests = process._getActiveRequests().length;
  return { handles, timers, requests, count: handles.length + timers + requests };
}

function report(left) {
  const lines = left.handles.map(describeHandle);
  if (left.timers) {
    lines.push(`${left.timers} timer(s) (setTimeout/setInterval not cleared)`);
    if (created) {
      for (const c of created.values()) {
        const t = c.resource;
        if (c.type === 'Timeout' && t && typeof t.hasRef === 'function' && t.hasRef() && !t._destroyed) {
          const fn = t._onTimeout ? String(t._onTimeout).replace(/\s+/g, ' ').slice(0, 120) : '?';
          lines.push(`  a ${t._idleTimeout} ms timer: ${fn}${stackText(c.stack)}`);
        }
      }
    }
  }
  if (left.requests)
    lines.push(
      `${left.requests} pending request(s) (fs, dns, writes): ${process
        ._getActiveRequests()
        .map((r) => r.constructor.name)
        .join(', ')}`,
    );
  const hint = created ? '' : '\n(run again with NO_LEAKS_TRACE=1 to see where each was created)';
  return `Still open ${GRACE_MS / 1000} s after the last test; they would keep the test process from ending:\n  - ${lines.join('\n  - ')}${hint}`;
}

async function noLeaks() {
  const end = Date.now() + GRACE_MS;
  let left = leftovers();
  while (left.count > 0 && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 20));
    left = leftovers();
  }
  if (left.count === 0) return;
  const message = report(left);
  // The reporter prints the failure; then the process ends even though something is still open.
  setTimeout(() => {
    process.stderr.write(`\nno-leaks: ending the test process, which would otherwise not end:\n${message}\n`);
    process.exit(process.exitCode || 1);
  }, EXIT_AFTER_MS).unref();
  throw new Error(message);
}

exports.mochaHooks = {
  beforeAll() {
    // Root hooks given to mocha come before the after() hooks test files declare at their top level;
    // added now, once every file is loaded, this check is the root suite's last hook.
    const root = this.test.parent;
    if (root.__noLeaks) return;
    root.__noLeaks = true;
    root.afterAll('no timers, sockets, servers or child processes left open', function (done) {
      // Mocha's timeout timer for this hook would be one of the timers counted: noLeaks ends by itself.
      // (With a done callback mocha sets that timer once, before the call; a promise would set it again.)
      this.runnable().clearTimeout();
      noLeaks().then(() => done(), done);
    });
  },
};

exports.leftovers = leftovers;
