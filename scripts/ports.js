'use strict';
// Ports for servers that go down and come back on the same port (the uplink, a restarted Redis).
// A port from listen(0) lies in the range the system also gives to outgoing connections: while its
// server is down, a connection made meanwhile (or its TIME_WAIT, for a minute) can hold that port as
// its own end, and the server cannot listen on it again (EADDRINUSE). These ports are chosen below
// that range instead.
const fs = require('fs');
const net = require('net');

/**
 * The ports below the range Linux hands out to listen(0) and to outgoing connections
 * (/proc/sys/net/ipv4/ip_local_port_range), as [from, to); undefined where that cannot be read.
 */
function outsideEphemeral() {
  try {
    const [low] = fs.readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    const from = Math.max(10000, low - 16384);
    return low > from + 1000 ? [from, low] : undefined;
  } catch {
    return undefined;
  }
}

/** Listens `server` on 127.0.0.1: on `port`, or (port 0) on one outside the ephemeral range that is free. */
async function listenSteady(server, port = 0) {
  const on = (p) =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.removeListener('error', reject);
        resolve();
      });
    });
  if (port) return on(port);
  const range = outsideEphemeral();
  for (let i = 0; ; i++) {
    const p = range && i < 50 ? range[0] + Math.floor(Math.random() * (range[1] - range[0])) : 0;
    try {
      return await on(p);
    } catch (err) {
      if (err.code !== 'EADDRINUSE' || !p) throw err;
    }
  }
}

/** A port free on 127.0.0.1 now, outside the ephemeral range where the system has one. */
async function steadyPort() {
  const s = net.createServer();
  await listenSteady(s);
  const { port } = s.address();
  await new Promise((resolve) => s.close(resolve));
  return port;
}

module.exports = { listenSteady, steadyPort, outsideEphemeral };
