'use strict';
// Loopback servers for the offline demo of `npm start` and the tests: any http.Server on 127.0.0.1,
// and stripe-stateful-mock (a third-party stateful Stripe stand-in) on one.
const http = require('http');

/** Listens on 127.0.0.1 (port 0 = any free port); stop() also closes kept-alive sockets. */
async function listenOnLoopback(server, port = 0) {
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    server,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function startStatefulMock(port = 0) {
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'silent';
  const { createExpressApp } = require('stripe-stateful-mock');
  // The stand-in logs through loglevel, read from LOG_LEVEL only when it is first loaded.
  require('loglevel').setLevel(process.env.LOG_LEVEL);
  return listenOnLoopback(http.createServer(createExpressApp()), port);
}

module.exports = { listenOnLoopback, startStatefulMock };
