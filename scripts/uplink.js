'use strict';
// An uplink that can be cut: a TCP proxy on 127.0.0.1 in front of a server (stripe-stateful-mock in
// `npm start`'s offline demo and in the tests). Modes:
//
//   up    connections are passed through
//   down  nothing listens on the port: a connection is refused (ECONNREFUSED), as when the line is gone
//   lose  a connection is passed through until the server answers; then it is cut: the server has
//         acted, the answer is lost
//
// Switching mode cuts the connections that are open. `handler()` serves GET/POST `/uplink` and
// `/uplink/<mode>` for a flow's http request node (the demo's switch): it answers { mode, lost }.
const net = require('net');
const { listenSteady } = require('./ports');

const MODES = ['up', 'down', 'lose'];

/**
 * The ports of this process's uplinks, down ones included: a down uplink listens again on its port, so
 * nothing else started here may take it meanwhile (bench/lib/nodered.js's freePort() skips them).
 */
const uplinkPorts = new Set();

class Uplink {
  /** @param {string} target  the server's base URL (http://127.0.0.1:port) */
  constructor(target) {
    const u = new URL(target);
    this.target = { host: u.hostname, port: Number(u.port) };
    this.mode = 'up';
    this.lost = 0;
    this.sockets = new Set();
    this.server = undefined;
    this.port = 0;
  }

  static async start(target, port = 0) {
    const up = new Uplink(target);
    up.port = port;
    await up.listen();
    return up;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen() {
    if (this.server) return;
    const server = net.createServer((client) => this.connect(client));
    this.server = server;
    // A port outside the range the system hands out, so that it stays free while the uplink is down.
    await listenSteady(server, this.port);
    this.port = server.address().port;
    uplinkPorts.add(this.port);
  }

  connect(client) {
    const upstream = net.connect(this.target.port, this.target.host);
    const pair = [client, upstream];
    for (const s of pair) {
      this.sockets.add(s);
      s.on('error', () => {});
      s.on('close', () => {
        this.sockets.delete(s);
        for (const o of pair) o.destroy();
      });
    }
    const lose = this.mode === 'lose';
    client.on('data', (d) => upstream.write(d));
    upstream.on('data', (d) => {
      if (lose) {
        // The server answered: it has acted. The answer never arrives.
        this.lost++;
        client.destroy();
        upstream.destroy();
      } else client.write(d);
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  }

  /** Switches the mode; open connections are cut. */
  async set(mode) {
    if (!MODES.includes(mode)) throw new Error(`unknown uplink mode: ${mode}`);
    this.mode = mode;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (mode === 'down') await this.closeServer();
    else await this.listen();
  }

  closeServer() {
    const s = this.server;
    this.server = undefined;
    return s ? new Promise((resolve) => s.close(() => resolve())) : Promise.resolve();
  }

  /** An http handler for the switch: `/uplink` says the mode, `/uplink/<mode>` sets it. Returns false for other paths. */
  handler() {
    return (req, res) => {
      const m = /^\/uplink(?:\/(\w+))?\/?$/.exec(String(req.url).split('?')[0]);
      if (!m) return false;
      const done = (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (!m[1]) done(200, { mode: this.mode, lost: this.lost });
      else
        this.set(m[1]).then(
          () => done(200, { mode: this.mode, lost: this.lost }),
          (err) => done(400, { error: err.message }),
        );
      return true;
    };
  }

  async stop() {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    await this.closeServer();
    uplinkPorts.delete(this.port);
  }
}

module.exports = { Uplink, MODES, uplinkPorts };
