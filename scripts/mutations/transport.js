'use strict';
// The mutations of one area: the HTTP transport.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, TRANSPORT } = require('./targets');

module.exports = [
  // ---- transport (transport.ts)
  {
    name: 'transport-ignores-proxy',
    file: TRANSPORT,
    find: 'return origin.proxied ? this.throughProxy(r) : this.direct(origin, path, r);',
    replace: 'return this.direct(origin, path, r);',
    why: 'HTTP_PROXY is ignored: an install that can only reach Stripe through a proxy cannot reach it',
    tests: [T.transport],
  },
  {
    name: 'transport-no-size-cap',
    file: TRANSPORT,
    find: 'if (size > this.maxBytes)\n',
    replace: 'if (size < 0)\n',
    why: 'an endless answer is kept in memory until the process runs out of it',
    tests: [T.transport],
  },
  {
    name: 'transport-unasked-gzip-not-decoded',
    file: TRANSPORT,
    find: "data: decode(raw, res.headers['content-encoding'], this.maxBytes)",
    replace: 'data: decode(raw, undefined, this.maxBytes)',
    why: 'a proxy that compresses answers makes every answer unreadable',
    tests: [T.transport],
  },
];
