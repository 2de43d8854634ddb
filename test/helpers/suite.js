'use strict';
// The mocha configuration of the whole suite: `npm test` runs `mocha --config test/helpers/suite.js`,
// and so does every target of scripts/test-matrix.js. It is .mocharc.json (timeout, ignore, the
// no-leaks check) plus the one glob that names the suite's files.
//
// The glob lives here and not in .mocharc.json, because mocha adds a config file's `spec` to the files
// given on the command line: with it there, `npx mocha test/x.test.js` would run the whole suite.
const path = require('path');

const SPEC = ['test/**/*.test.js'];

module.exports = { ...require(path.join(__dirname, '..', '..', '.mocharc.json')), spec: SPEC };
