'use strict';
// A real Node-RED for the bench: the project's devDependency `node-red`, started as a child process
// (node --expose-gc red.js) with its own temporary user dir and settings file, listening on
// 127.0.0.1 on a free port, this package linked into the user dir as scripts/start.js does. Flows are
// deployed through the admin API. The process's CPU time and memory are read from /proc.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { spawn, execSync } = require('child_process');
const { performance } = require('perf_hooks');
const { track, trackDir, removeDir, stopChild } = require('./children');
const { uplinkPorts } = require('../../scripts/uplink');

const root = path.resolve(__dirname, '..', '..');
// The project's Node-RED, or the one NODE_RED_UNDER_TEST names (scripts/test-matrix.js: 3.1, 5).
const redJs = process.env.NODE_RED_UNDER_TEST
  ? path.join(path.dirname(require.resolve(path.join(process.env.NODE_RED_UNDER_TEST, 'package.json'))), 'red.js')
  : require.resolve('node-red/red.js', { paths: [root] });

let clockTicks;
function ticksPerSecond() {
  if (!clockTicks) {
    try {
      clockTicks = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** A port free on 127.0.0.1 now; not one a down uplink of this process will listen on again. */
async function freePort() {
  for (;;) {
    const port = await new Promise((resolve, reject) => {
      const s = http.createServer();
      s.once('error', reject);
      s.listen(0, '127.0.0.1', () => {
        const { port } = s.address();
        s.close(() => resolve(port));
      });
    });
    if (!uplinkPorts.has(port)) return port;
  }
}

/** One HTTP request on loopback; resolves with { status, body } (body parsed as JSON when it is). */
function request(port, method, urlPath, { body, headers = {}, timeoutMs = 600000 } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: urlPath,
        agent: false,
        headers: {
          accept: 'application/json',
          ...(data ? { 'content-type': 'application/json', 'content-length': data.length } : {}),
          ...headers,
        },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let parsed = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(data);
  });
}

/**
 * The settings file. `stripeGlobal` puts the devDependency `stripe` (and `crypto`, `http`,
 * `node:sqlite` where there is one, and the user dir) in functionGlobalContext for the function-node variants. Besides the settings, the file installs two
 * things in the Node-RED process: SIGWINCH runs a full GC (the process has --expose-gc; not SIGUSR2,
 * on which red.js stops, for nodemon), and a watchdog exits when the bench that started it is gone.
 */
function settingsFile({ stripeGlobal, settings = {}, code = '' }) {
  const stripePath = require.resolve('stripe', { paths: [root] });
  return `'use strict';
// Written by node-red-contrib-stripe's bench (bench/lib/nodered.js).
process.on('SIGWINCH', () => {
  if (!global.gc) return;
  global.gc();
  global.gc();
  const m = process.memoryUsage();
  console.log('[bench] gc done heapUsed=' + m.heapUsed + ' external=' + m.external + ' arrayBuffers=' + m.arrayBuffers);
});
const benchParent = process.ppid;
// node:sqlite for the function node that writes each message by hand (the hold bench's floor in a flow); none on Node.js 20.
// Its ExperimentalWarning on Node.js 22 is kept out of the log, as the hold store does.
function benchSqlite() {
  const emit = process.emitWarning;
  process.emitWarning = (w, ...rest) =>
    /SQLite is an experimental feature/.test(String(w && w.message ? w.message : w)) ? undefined : emit.call(process, w, ...rest);
  try {
    return require('node:sqlite');
  } catch {
    return null;
  } finally {
    process.emitWarning = emit;
  }
}
${code}
setInterval(() => {
  if (process.ppid === benchParent) return;
  console.error('[bench] the bench (pid ' + benchParent + ') is gone: Node-RED exits');
  process.exit(0);
}, 1000).unref();
module.exports = {
  uiHost: '127.0.0.1',
  flowFile: 'flows.json',
  credentialSecret: false,
  logging: { console: { level: 'info', metrics: false, audit: false } },
  telemetry: { enabled: false, updateNotification: false },
  editorTheme: { projects: { enabled: false }, tours: false },
  functionGlobalContext: ${
    stripeGlobal
      ? `{ Stripe: require(${JSON.stringify(stripePath)}), crypto: require('crypto'), http: require('http'), sqlite: benchSqlite(), userDir: __dirname }`
      : '{}'
  },
  ...${JSON.stringify(settings)},
};
`;
}

/** How a child process ended: its exit code, or the signal that ended it. */
function exitText(code, signal) {
  if (signal)
    return `signal ${signal}${signal === 'SIGKILL' ? ': killed from outside (the OOM killer, a kill -9)' : ''}`;
  return `exit code ${code}`;
}

/** Node-RED's log line once the flows run; it speaks the runtime's language (English or German here). */
const STARTED_FLOWS = /\[info\] (Started flows|Flows sind gestartet)/;

const DIR_PREFIX = 'nrstripe-bench-';
const OWNER_FILE = '.bench-owner';

/** Removes the user dirs of earlier benches that were killed outright (their owner process is gone). */
function sweepStaleDirs() {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(DIR_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    let owner;
    try {
      owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8'));
    } catch {
      continue;
    }
    let alive = true;
    try {
      process.kill(owner, 0);
    } catch (e) {
      alive = e.code !== 'ESRCH';
    }
    if (!alive) fs.rmSync(dir, { recursive: true, force: true });
  }
}

class NodeRed {
  /**
   * @param {object} o
   * @param {boolean} [o.withPackage]  link this package into the user dir (default true)
   * @param {boolean} [o.stripeGlobal] stripe-node in functionGlobalContext (default true)
   * @param {Array} [o.flows]          flows to write into the flow file before the start
   * @param {object} [o.credentials]   their credentials (node id -> values), written in clear
   * @param {object} [o.settings]      more settings (JSON values: httpNodeRoot, contextStorage, lang, ...)
   * @param {string} [o.settingsCode]  code the settings file runs in the Node-RED process (a test's hook)
   * @param {string} [o.userDir]       the user dir of an earlier run (see stop({ keepDir })): a restart
   * @param {string} [o.lang]          the runtime's language (settings `lang`, e.g. 'de'); default: the environment's
   * @param {string[]} [o.nodeArgs]    options for node itself (`--max-old-space-size=256`), besides BENCH_NODE_FLAGS
   */
  static async start({
    withPackage = true,
    stripeGlobal = true,
    flows,
    credentials,
    settings,
    userDir,
    lang,
    nodeArgs = [],
    settingsCode = '',
  } = {}) {
    const nr = new NodeRed();
    nr.nodeArgs = nodeArgs;
    sweepStaleDirs();
    nr.userDir = userDir ?? trackDir(fs.mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX)));
    if (userDir) return nr.launch();
    fs.writeFileSync(path.join(nr.userDir, OWNER_FILE), String(process.pid));
    if (withPackage) {
      const modules = path.join(nr.userDir, 'node_modules');
      fs.mkdirSync(modules, { recursive: true });
      fs.symlinkSync(root, path.join(modules, 'node-red-contrib-stripe'), 'dir');
    }
    fs.writeFileSync(
      path.join(nr.userDir, 'package.json'),
      JSON.stringify({ name: 'node-red-project', version: '0.0.1', private: true }),
    );
    fs.writeFileSync(
      path.join(nr.userDir, 'settings.js'),
      settingsFile({ stripeGlobal, settings: { ...settings, ...(lang ? { lang } : {}) }, code: settingsCode }),
    );
    if (flows) fs.writeFileSync(path.join(nr.userDir, 'flows.json'), JSON.stringify(flows));
    if (credentials) fs.writeFileSync(path.join(nr.userDir, 'flows_cred.json'), JSON.stringify(credentials));
    return nr.launch();
  }

  /** Starts Node-RED on the user dir (written by start()); resolves once the flows have started. */
  async launch() {
    const nr = this;
    const settings = path.join(nr.userDir, 'settings.js');
    nr.port = await freePort();
    nr.log = [];
    const started = performance.now();
    nr.child = track(
      spawn(
        process.execPath,
        [
          '--expose-gc',
          ...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ').filter(Boolean) : []),
          ...(nr.nodeArgs || []),
          redJs,
          '--userDir',
          nr.userDir,
          '--settings',
          settings,
          '--port',
          String(nr.port),
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: process.env,
        },
      ),
    );
    nr.pid = nr.child.pid;
    nr.waiters = [];
    const onLine = (line) => {
      nr.log.push(line);
      if (nr.log.length > 200) nr.log.shift();
      for (const w of nr.waiters.slice()) if (w.re.test(line)) w.resolve(line);
    };
    for (const stream of [nr.child.stdout, nr.child.stderr]) {
      let rest = '';
      stream.on('data', (d) => {
        const lines = (rest + d.toString()).split('\n');
        rest = lines.pop();
        lines.forEach(onLine);
      });
    }
    nr.exited = new Promise((resolve) => nr.child.once('exit', resolve));
    // How it ended, for an exit nobody asked for: a signal (SIGKILL from outside, SIGSEGV) says nothing in the log.
    nr.child.once('exit', (code, signal) => (nr.exit = { code, signal }));
    await nr.waitFor(STARTED_FLOWS, 120000, 'Started flows');
    nr.startMs = performance.now() - started;
    return nr;
  }

  /** Resolves with the first log line matching `re` from now on; rejects if Node-RED exits or after `ms`. */
  waitFor(re, ms, what) {
    return new Promise((resolve, reject) => {
      const w = { re };
      const timer = setTimeout(() => finish(new Error(`Node-RED: no "${what}" within ${ms} ms\n${this.tail()}`)), ms);
      const onExit = (code, signal) =>
        finish(new Error(`Node-RED exited (${exitText(code, signal)}) while waiting for "${what}"\n${this.tail()}`));
      const finish = (err, line) => {
        clearTimeout(timer);
        this.child.off('exit', onExit);
        this.waiters = this.waiters.filter((x) => x !== w);
        if (err) reject(err);
        else resolve(line);
      };
      w.resolve = (line) => finish(null, line);
      this.waiters.push(w);
      this.child.once('exit', onExit);
    });
  }

  tail(n = 30) {
    return this.log
      .slice(-n)
      .map((l) => `   | ${l}`)
      .join('\n');
  }

  /** Log lines (from the start) that report an error or a warning. */
  problems() {
    return this.log.filter((l) => /\[(error|warn)\]/.test(l));
  }

  /** A request to Node-RED; if it fails because Node-RED is gone, the error says how it ended. */
  async request(method, urlPath, opts) {
    try {
      return await request(this.port, method, urlPath, opts);
    } catch (err) {
      await Promise.race([this.exited, new Promise((r) => setTimeout(r, 500))]);
      if (this.exit) err.message += ` (Node-RED exited: ${exitText(this.exit.code, this.exit.signal)})\n${this.tail()}`;
      throw err;
    }
  }

  /** Deploys `flows` (a full deployment); resolves once the flows have started again. */
  async deploy(flows) {
    const started = this.waitFor(STARTED_FLOWS, 60000, 'Started flows after the deploy');
    const r = await this.request('POST', '/flows', {
      body: flows,
      headers: { 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v1' },
    });
    if (r.status >= 300) throw new Error(`deploy: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    await started;
  }

  /** CPU time (user + system) the Node-RED process has used so far, in ms. */
  cpuMs() {
    const { user, sys } = this.cpuSplitMs();
    return user + sys;
  }

  /** CPU time of the process so far, in ms: in user space and in the kernel (system calls such as fsync). */
  cpuSplitMs() {
    const stat = fs.readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3 (state).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = 1000 / ticksPerSecond();
    return { user: Number(f[11]) * tick, sys: Number(f[12]) * tick };
  }

  /** VmRSS and VmHWM (peak RSS) of the process, in bytes. */
  memory() {
    const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)[1]) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  }

  /** Resets the peak RSS (VmHWM) to the current RSS. */
  resetPeak() {
    fs.writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
  }

  /**
   * A full garbage collection in the Node-RED process (its settings file handles SIGWINCH and says
   * when it is done); then waits `settleMs`. Resolves with the JS heap in use and the external memory
   * right after the GC, in bytes.
   */
  async gc(settleMs = 500) {
    const done = this.waitFor(/^\[bench\] gc done/, 10000, 'a full GC');
    process.kill(this.pid, 'SIGWINCH');
    const line = await done;
    await new Promise((r) => setTimeout(r, settleMs));
    const field = (name) => Number(new RegExp(`${name}=(\\d+)`).exec(line)[1]);
    return { heapUsed: field('heapUsed'), external: field('external') };
  }

  /** Stops Node-RED (as Ctrl-C does: flows closed, context stores flushed); `keepDir` for a restart. */
  async stop({ keepDir = false } = {}) {
    await stopChild(this.child, 'SIGINT', 10000);
    if (!keepDir) removeDir(this.userDir);
  }
}

module.exports = { NodeRed, request, freePort, root, exitText };
