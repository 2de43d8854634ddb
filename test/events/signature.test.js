'use strict';
// The webhook signature check against stripe-node's own signer (webhooks.generateTestHeaderString) as
// the independent oracle, through the cases of stripe-node's webhook tests.
const assert = require('assert');
const Stripe = require('stripe');
const { checkSignature, parseSignatureHeader } = require('../../dist/stripe');

const stripe = Stripe('sk_test_signature');
const SECRET = 'whsec_test_secret';
const OLD_SECRET = 'whsec_previous_secret';
const NOW = 1_800_000_000_000; // a fixed clock, in ms
const T = NOW / 1000;
const EVENT = { id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: { id: 'pi_1' } } };
const BODY = JSON.stringify(EVENT);

function header(payload, opts = {}) {
  return stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET, timestamp: T, ...opts });
}
function check(body, h, opts = {}) {
  return checkSignature(Buffer.from(body), h, { secrets: [SECRET], toleranceSeconds: 300, now: NOW, ...opts });
}

describe('webhook signature', function () {
  it('accepts a request signed by stripe-node', function () {
    assert.strictEqual(check(BODY, header(BODY)), undefined);
  });

  it('refuses a tampered body, even one byte', function () {
    const r = check(BODY.replace('pi_1', 'pi_2'), header(BODY));
    assert.strictEqual(r.code, 'mismatch');
  });

  it('refuses a body that was parsed and pretty-printed again', function () {
    assert.strictEqual(check(JSON.stringify(EVENT, null, 2), header(BODY)).code, 'mismatch');
  });

  it('accepts a pretty-printed and a non-ASCII body signed as sent', function () {
    const pretty = JSON.stringify({ ...EVENT, description: 'Grüße, 東京 🚀' }, null, 2) + '\n';
    assert.strictEqual(check(pretty, header(pretty)), undefined);
  });

  it('refuses a stale timestamp and one too far ahead; accepts one inside the tolerance', function () {
    assert.strictEqual(check(BODY, header(BODY, { timestamp: T - 301 })).code, 'stale');
    assert.strictEqual(check(BODY, header(BODY, { timestamp: T + 301 })).code, 'future');
    assert.strictEqual(check(BODY, header(BODY, { timestamp: T - 299 })), undefined);
    assert.strictEqual(check(BODY, header(BODY, { timestamp: T - 20 }), { toleranceSeconds: 10 }).code, 'stale');
  });

  it('accepts any matching v1 when Stripe sends two (a secret being rolled)', function () {
    const good = header(BODY).split(',')[1];
    const other = stripe.webhooks
      .generateTestHeaderString({ payload: BODY, secret: OLD_SECRET, timestamp: T })
      .split(',')[1];
    assert.strictEqual(check(BODY, `t=${T},${other},${good}`), undefined);
    assert.strictEqual(check(BODY, `t=${T},${good},${other}`), undefined);
  });

  it('accepts a request signed with the previous secret while both are set', function () {
    const h = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: OLD_SECRET, timestamp: T });
    assert.strictEqual(check(BODY, h).code, 'mismatch');
    assert.strictEqual(check(BODY, h, { secrets: [SECRET, OLD_SECRET] }), undefined);
  });

  it('refuses a header with only a v0 signature', function () {
    const h = stripe.webhooks.generateTestHeaderString({ payload: BODY, secret: SECRET, timestamp: T, scheme: 'v0' });
    assert.match(h, /v0=/);
    assert.strictEqual(check(BODY, h).code, 'noV1');
  });

  it('refuses a missing, empty or timestamp-less header', function () {
    assert.strictEqual(check(BODY, undefined).code, 'noHeader');
    assert.strictEqual(check(BODY, '').code, 'noHeader');
    assert.strictEqual(check(BODY, ['t=1,v1=a', 't=2,v1=b']).code, 'noHeader');
    assert.strictEqual(check(BODY, 'v1=abc').code, 'badHeader');
    assert.strictEqual(check(BODY, 'i am not a signature').code, 'badHeader');
  });

  it('refuses an empty body', function () {
    assert.strictEqual(check('', header('')).code, 'noBody');
  });

  it('refuses everything when no secret is set (fails closed)', function () {
    assert.strictEqual(check(BODY, header(BODY), { secrets: [] }).code, 'noSecret');
    assert.strictEqual(check(BODY, header(BODY), { secrets: ['', undefined] }).code, 'noSecret');
  });

  it('a secret with whitespace in it does not match (as in stripe-node)', function () {
    assert.strictEqual(check(BODY, header(BODY), { secrets: [` ${SECRET}\n`] }).code, 'mismatch');
  });

  it('refuses a signature of the right length that differs, and one of another length', function () {
    const sig = header(BODY).split('v1=')[1];
    const flipped = (sig[0] === 'a' ? 'b' : 'a') + sig.slice(1);
    assert.strictEqual(check(BODY, `t=${T},v1=${flipped}`).code, 'mismatch');
    assert.strictEqual(check(BODY, `t=${T},v1=${sig.slice(1)}`).code, 'mismatch');
  });

  it('reads the header as stripe-node writes it, ignoring unknown schemes', function () {
    assert.deepStrictEqual(parseSignatureHeader('t=12,v1=ab,v0=cd,v1=ef,x=1'), {
      timestamp: 12,
      signatures: ['ab', 'ef'],
    });
    assert.strictEqual(parseSignatureHeader('v1=ab'), undefined);
  });
});
