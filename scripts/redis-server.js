'use strict';
// A real Redis on loopback for the fleet's tests, its bench and `npm run fleet`: Debian's
// `redis-server` (apt-get install -y redis-server), started as a child process on 127.0.0.1 with a
// data folder of its own, append-only persistence on (as the README asks of a fleet's Redis), and
// optionally a password. It can be stopped and started again on the same port and data (a Redis
// restart), or killed outright.
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { steadyPort } = require('./ports');

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

/** The redis-server binary, or an error that says how to install it. */
function redisServerBinary() {
  const found = CANDIDATES.find((p) => fs.existsSync(p));
  if (found) return found;
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status === 0 && which.stdout.trim()) return which.stdout.trim();
  throw new Error(
    "redis-server is not installed: on Debian or Ubuntu run 'apt-get install -y redis-server' (as root), then try again",
  );
}

/** Resolves once something accepts connections on the port (or rejects after `ms`). */
function waitForPort(port, ms = 10000) {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() > until) reject(new Error(`redis-server did not listen on 127.0.0.1:${port} within ${ms} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

class RedisServer {
  /**
   * @param {object} [o]
   * @param {string} [o.password]     requirepass (the default user's password)
   * @param {number} [o.port]         default: a free port
   * @param {boolean} [o.appendonly]  default true
   * @param {string} [o.dir]          the data folder (default: a new temporary one, removed by stop())
   */
  static async start({ password, port, appendonly = true, dir } = {}) {
    const r = new RedisServer();
    r.binary = redisServerBinary();
    r.password = password;
    r.appendonly = appendonly;
    r.ownDir = !dir;
    r.dir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'nrstripe-redis-'));
    r.port = port ?? (await steadyPort()); // kept free while a restart has Redis down
    await r.launch();
    return r;
  }

  /** redis://127.0.0.1:port (no credentials in it). */
  get url() {
    return `redis://127.0.0.1:${this.port}`;
  }

  async launch() {
    const args = [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--appendonly',
      this.appendonly ? 'yes' : 'no',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--daemonize',
      'no',
      '--protected-mode',
      'no',
      '--loglevel',
      'warning',
    ];
    if (this.password) args.push('--requirepass', this.password);
    this.log = [];
    this.child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d) => {
      this.log.push(String(d));
      if (this.log.length > 200) this.log.shift();
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    const exited = new Promise((_, reject) =>
      this.child.once('exit', (code) =>
        reject(new Error(`redis-server exited (${code}) before it listened: ${this.log.join('').slice(-500)}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([waitForPort(this.port), exited]);
  }

  /** Stops the server (SIGTERM: it writes its append-only file first); the data folder stays for start(). */
  async stopServer(signal = 'SIGTERM') {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise((resolve) => {
      const t = setTimeout(() => c.kill('SIGKILL'), 5000);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      c.kill(signal);
    });
  }

  /** A Redis restart: stopped, then started again on the same port and data. */
  async restart({ downMs = 0 } = {}) {
    await this.stopServer();
    if (downMs) await new Promise((r) => setTimeout(r, downMs));
    await this.launch();
  }

  /** Stops the server and removes the data folder it made. */
  async stop() {
    await this.stopServer();
    if (this.ownDir) fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

module.exports = { RedisServer, redisServerBinary };
