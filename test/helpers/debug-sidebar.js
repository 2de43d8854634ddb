'use strict';
// What the editor's debug sidebar shows, read the way the editor reads it: Node-RED's comms websocket
// (/comms), subscribed to "debug". For tests that run Node-RED as a separate process (npm start).
const path = require('path');

const WebSocket = require(require.resolve('ws', { paths: [path.dirname(require.resolve('node-red/package.json'))] }));

class DebugSidebar {
  /** Connects to the Node-RED at `port` (no adminAuth) and starts collecting debug messages. */
  static async open(port) {
    const s = new DebugSidebar();
    s.messages = [];
    s.socket = new WebSocket(`ws://127.0.0.1:${port}/comms`);
    s.socket.on('message', (data) => {
      for (const m of [].concat(JSON.parse(String(data)))) {
        if (m.topic === 'debug') s.messages.push(m.data);
      }
    });
    await new Promise((resolve, reject) => {
      s.socket.once('open', resolve);
      s.socket.once('error', reject);
    });
    s.socket.send(JSON.stringify({ subscribe: 'debug' }));
    return s;
  }

  /** The debug node's messages so far; `msg` is the text the sidebar shows (JSON for objects). */
  of(debugId) {
    return this.messages.filter((m) => m.id === debugId);
  }

  /** Resolves with the debug node's first message matching `test` (of its shown text); rejects after `ms`. */
  async waitFor(debugId, test = () => true, ms = 20000) {
    const end = Date.now() + ms;
    for (;;) {
      const hit = this.of(debugId).find((m) => test(String(m.msg)));
      if (hit) return hit;
      if (Date.now() > end) {
        throw new Error(
          `debug ${debugId}: nothing matching within ${ms} ms; it showed ${JSON.stringify(this.of(debugId))}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  close() {
    return new Promise((resolve) => {
      this.socket.once('close', resolve);
      this.socket.close();
    });
  }
}

module.exports = { DebugSidebar };
