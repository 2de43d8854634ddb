'use strict';
// The stripe-fleet dialog's checks and label (src/editor/dialogs/fleet-dialog.ts) in Node (the test RED._
// answers with the message key). The dialog in the browser: test/e2e/fleet-dialog.e2e.js.
const assert = require('assert');
require('../helpers/editor-modules');

describe('editor: the stripe-fleet dialog', function () {
  const { fleetDefaults, fleetLabel } = require('../../src/editor/dialogs/fleet-dialog');
  const d = fleetDefaults();
  const verdict = (field, v) => {
    const r = d[field].validate.call({}, v, {});
    return r === true ? 'ok' : r.split(' ')[0];
  };

  it('takes redis://, rediss:// and ${VAR} for the url, and a prefix of letters, digits and _-:.', function () {
    const urls = {
      'redis://127.0.0.1:6379': 'ok',
      'rediss://user:pw@redis.example.com:6380/2': 'ok',
      'redis://[::1]:6379': 'ok',
      '${REDIS_URL}': 'ok',
      '': 'fleet.errors.urlEmpty',
      'redis://': 'fleet.errors.url',
      'http://127.0.0.1:6379': 'fleet.errors.url',
      '127.0.0.1:6379': 'fleet.errors.url',
    };
    assert.deepStrictEqual(Object.fromEntries(Object.keys(urls).map((u) => [u, verdict('url', u)])), urls);
    assert.strictEqual(d.url.value, 'redis://127.0.0.1:6379');
    assert.deepStrictEqual(
      ['stripe', 'shop:eu-1.a_b', '', 'a b', 'a/b'].map((p) => verdict('prefix', p)),
      ['ok', 'ok', 'ok', 'fleet.errors.prefix', 'fleet.errors.prefix'],
    );
  });

  it('labels a fleet by its name, else where its Redis is, never with a password', function () {
    assert.strictEqual(fleetLabel({ name: 'shops' }), 'shops');
    assert.strictEqual(
      fleetLabel({ url: 'redis://:s3cret@10.0.0.5', prefix: 'stripe' }),
      'fleet.label.default 10.0.0.5:6379',
    );
    assert.strictEqual(fleetLabel({ url: '${REDIS_URL}', prefix: 'eu' }), 'fleet.label.default ${REDIS_URL} · eu');
  });
});
