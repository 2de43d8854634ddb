'use strict';
// An editor's websocket to Node-RED's /comms, as the editor opens it: the access token in an auth
// packet, then a subscription to the sidebar's topics. It keeps every frame it receives (raw, and
// parsed into { topic, data }) for the tests to read.
const WebSocket = require('ws');

class CommsClient {
  constructor(ws) {
    this.ws = ws;
    this.raw = [];
    this.frames = [];
    this.authed = new Promise((resolve, reject) => {
      this.authResult = { resolve, reject };
    });
    ws.on('message', (data) => {
      const text = String(data);
      this.raw.push(text);
      const parsed = JSON.parse(text);
      for (const f of Array.isArray(parsed) ? parsed : [parsed]) {
        if (f && f.auth === 'ok') this.authResult.resolve();
        else if (f && f.auth === 'fail') this.authResult.reject(new Error('comms auth failed'));
        else if (f && f.topic) this.frames.push(f);
      }
    });
  }

  /** Connects to 127.0.0.1:port/comms (with a token under adminAuth) and subscribes to `topic`. */
  static connect(port, token, topic = 'stripe/sidebar/#') {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/comms`);
      const client = new CommsClient(ws);
      ws.once('error', reject);
      ws.once('open', () => {
        // Under adminAuth the connection counts once Node-RED has checked the token (it answers auth: ok).
        if (!token) {
          ws.send(JSON.stringify({ subscribe: topic }));
          return resolve(client);
        }
        ws.send(JSON.stringify({ auth: token }));
        client.authed.then(() => {
          ws.send(JSON.stringify({ subscribe: topic }));
          resolve(client);
        }, reject);
      });
    });
  }

  close() {
    return new Promise((resolve) => {
      if (this.ws.readyState === WebSocket.CLOSED) return resolve();
      this.ws.once('close', () => resolve());
      this.ws.close();
    });
  }
}

module.exports = { CommsClient };
