'use strict';
// The mutations of one area: the hosts a request goes to.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, URLS } = require('./targets');

module.exports = [
  // ---- hosts (urls.ts requestUrl)
  {
    name: 'files-to-base-uri',
    file: URLS,
    find: "const origin = req.server ? (baseUri === DEFAULT_BASE_URI ? req.server.replace(/\\/+$/, '') : filesUri) : baseUri;",
    replace: 'const origin = baseUri;',
    why: 'uploads and quote PDFs go to api.stripe.com instead of files.stripe.com',
    tests: [T.files],
  },
  {
    name: 'files-host-ignores-custom-base',
    file: URLS,
    find: "const origin = req.server ? (baseUri === DEFAULT_BASE_URI ? req.server.replace(/\\/+$/, '') : filesUri) : baseUri;",
    replace: "const origin = req.server ? req.server.replace(/\\/+$/, '') : baseUri;",
    why: 'with a custom base URI (a proxy, a mock) uploads and PDFs still go to files.stripe.com',
    tests: [T.files],
  },
];
