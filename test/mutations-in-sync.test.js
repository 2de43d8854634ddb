'use strict';
// scripts/mutate.js breaks the code on purpose, one listed change at a time, by finding a text in a
// source file. When the code moves on, a text that is no longer there would make the check silently
// weaker; this keeps the list honest on every `npm test`.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const MUTATIONS = require('../scripts/mutations.js');

const root = path.resolve(__dirname, '..');

describe('mutation list (scripts/mutations.js)', function () {
  it('finds each mutation text exactly once in its source file', function () {
    const stale = [];
    for (const m of MUTATIONS) {
      const text = fs.readFileSync(path.join(root, m.file), 'utf8');
      const n = text.split(m.find).length - 1;
      if (n !== 1) stale.push(`${m.name}: found ${n} times in ${m.file}`);
    }
    assert.deepStrictEqual(stale, []);
  });

  it('names each test file that should catch a mutation, and each exists', function () {
    for (const m of MUTATIONS) {
      assert.ok(m.tests.length > 0, m.name);
      for (const t of m.tests) assert.ok(fs.existsSync(path.join(root, t)), `${m.name}: ${t}`);
    }
  });
});
