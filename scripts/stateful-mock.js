'use strict';
// stripe-stateful-mock (a third-party stateful Stripe stand-in) on a loopback port: the offline demo of
// `npm start` and the integration tests.
const http = require('http');

async function startStatefulMock(port = 0) {
  process.env.LOG_LEVEL = process.env.LOG_LEVEL || 'silent';
  const { createExpressApp } = require('stripe-stateful-mock');
  const server = http.createServer(createExpressApp());
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    server,
    stop: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(resolve);
      }),
  };
}

module.exports = { startStatefulMock };
