'use strict';
// A loopback HTTP server that records what a flow's http request node posts to it: how tests read what
// a Node-RED child process sent (the flow ends in a function node that picks msg fields and an http
// request node that posts them here).
const http = require('http');
const { listenOnLoopback } = require('../../scripts/loopback');

/** Whether order a ([ms, n]) comes before order b. */
function before(a, b) {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
}

class Collector {
  constructor() {
    this.received = [];
    this.waiters = [];
    this.server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const m = JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null');
        // The http request node posts messages concurrently, so they may arrive out of order: the
        // function node numbered them in the order they left the node under test.
        const at = this.received.findIndex((r) => before(m.order, r.order));
        if (at < 0) this.received.push(m);
        else this.received.splice(at, 0, m);
        res.end('{}');
        for (const w of this.waiters.slice()) w();
      });
    });
  }

  async start() {
    this.handle = await listenOnLoopback(this.server);
    this.url = this.handle.url;
    return this;
  }

  stop() {
    return this.handle.stop();
  }

  /** Resolves once `n` messages have arrived in all; rejects after `ms`. */
  until(n, ms = 10000) {
    if (this.received.length >= n) return Promise.resolve(this.received);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(new Error(`${this.received.length} of ${n} messages arrived within ${ms} ms`));
      }, ms);
      const check = () => {
        if (this.received.length < n) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(this.received);
      };
      this.waiters.push(check);
    });
  }

  /**
   * The two nodes to wire after a node under test: a function node that keeps `fields` of the message
   * (as a JSON object) with its order (the time and a count), and an http request node that posts it
   * to this collector.
   */
  nodes(id, fields = ['topic', 'payload', 'stripe']) {
    const pick = fields.map((f) => `${JSON.stringify(f)}: msg[${JSON.stringify(f)}]`).join(', ');
    return [
      {
        id: `${id}-fn`,
        type: 'function',
        z: 'tab',
        func:
          `const n = (context.get('n') || 0) + 1;\ncontext.set('n', n);\n` +
          `msg.payload = { ${pick}, order: [Date.now(), n] };\nmsg.headers = { 'content-type': 'application/json' };\nreturn msg;`,
        outputs: 1,
        wires: [[`${id}-post`]],
      },
      {
        id: `${id}-post`,
        type: 'http request',
        z: 'tab',
        method: 'POST',
        ret: 'txt',
        url: `${this.url}/collect`,
        wires: [[]],
      },
    ];
  }
}

module.exports = { Collector };
