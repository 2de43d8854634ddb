'use strict';
// The rule tables (test/tables: what the runtime accepts, checked against the runtime by
// test/rules-tables.test.js) run through the editor in Chromium: for every row the dialog gives the
// runtime's answer, with the rule's own message.
const assert = require('assert');
const h = require('./harness');
const T = require('../tables');

const FLOWS = [
  { id: 'tab1', type: 'tab', label: 'Stripe' },
  { id: 'cli1', type: 'stripe-client', name: '', credentials: { apiKey: 'sk_test_x1' } },
  { id: 'cli2', type: 'stripe-client', name: 'no saved key' }, // an empty field then means no key
  { id: 'sub1', type: 'stripe-subscriber', z: 'tab1', x: 220, y: 80, client: 'cli1', path: {}, query: {}, wires: [[]] },
];

describe('editor (browser): the dialogs agree with the rule tables', function () {
  this.timeout(120000);
  let nr;
  let browser;
  let page;

  before(async function () {
    nr = await h.startNodeRed();
    await h.deploy(nr.url, FLOWS);
    browser = await h.launchBrowser();
    ({ page } = await h.openEditor(browser.context, nr.url));
    await page.evaluate(() => NRStripeEditor.loadCatalogue());
  });

  after(async function () {
    if (browser) await browser.close();
    if (nr) await nr.stop();
  });

  /**
   * Each client field's validator over its rows: 'ok' or its message, and 'ok' or the start of the
   * rule's message (up to its first placeholder, which the row's value fills).
   */
  function clientVerdicts(rows) {
    return page.evaluate((list) => {
      const defaults = NRStripeEditor.clientDefaults();
      const text = (code) => RED._(`node-red-contrib-stripe/stripe-client:${code}`).split('__')[0];
      return list.map(([field, value, code]) => {
        const r = defaults[field].validate.call({}, value, {});
        return { got: r === true ? 'ok' : r, want: code === 'ok' ? 'ok' : text(code) };
      });
    }, rows);
  }

  function disagreements(rows, verdicts) {
    return verdicts
      .map((v, i) => {
        const same = v.want === 'ok' ? v.got === 'ok' : v.got !== 'ok' && v.got.startsWith(v.want);
        return same ? null : `${JSON.stringify(rows[i])}: dialog ${v.got}`;
      })
      .filter(Boolean);
  }

  it('base URIs: accepted and refused as the runtime does, with its message', async function () {
    const rows = T.baseUris.map(([v, code]) => ['baseUri', v, code]);
    assert.deepStrictEqual(disagreements(rows, await clientVerdicts(rows)), []);
    const codes = await page.evaluate(
      (vs) => vs.map((v) => NRStripeEditor.baseUriProblem(v)),
      T.baseUris.map((r) => r[0]),
    );
    assert.deepStrictEqual(
      codes,
      T.baseUris.map((r) => r[1]),
    );
  });

  it('timeout, retries and rate limit: the runtime ranges and messages', async function () {
    const rows = T.clientNumbers.map(([field, v, code]) => [field, v, code]);
    assert.deepStrictEqual(disagreements(rows, await clientVerdicts(rows)), []);
  });

  it('connected account ids: the runtime rule and message', async function () {
    const rows = T.accounts.map(([v, ok]) => ['stripeAccount', v, ok === 'ok' ? 'ok' : 'rules.stripeAccountSetting']);
    assert.deepStrictEqual(disagreements(rows, await clientVerdicts(rows)), []);
  });

  it('operations: found as the runtime finds them; the method rule of each role', async function () {
    const found = await page.evaluate(
      (refs) =>
        refs.map((ref) => {
          const op = NRStripeEditor.findOperation(ref);
          return op ? { id: op.id, method: op.method, path: op.path, ...(op.raw ? { raw: true } : {}) } : null;
        }),
      T.operations.map((r) => r[0]),
    );
    assert.deepStrictEqual(
      found,
      T.operations.map((r) => (typeof r[1] === 'string' ? null : r[1])),
    );
    // Empty means msg.operationId in the editor: judged per message at run time, not in the dialog.
    const rows = T.roles.operations.filter((r) => r[2] !== '');
    const verdicts = await page.evaluate(
      (list) =>
        list.map(([role, method, ref]) =>
          NRStripeEditor.operationDefaults(role).operationId.validate.call({ method }, ref, {}),
        ),
      rows,
    );
    const words = {
      ok: /^true$/,
      'rules.subscriberOnlyGet': /only reads \(GET\)/,
      'rules.publisherNoGet': /this node's method is/,
      'rules.publisherWrongMethod': /this node's method is/,
    };
    const wrong = rows
      .filter((r, i) => !words[r[3]].test(String(verdicts[i])))
      .map((r, i) => `${r.join(' ')}: ${verdicts[i]}`);
    assert.deepStrictEqual(wrong, []);
    const methods = await page.evaluate(
      (list) => list.map(([role, m]) => NRStripeEditor.methodFor(role, m)),
      T.roles.methods,
    );
    assert.deepStrictEqual(
      methods,
      T.roles.methods.map((r) => r[2]),
    );
  });

  it('API keys: the badge says what the runtime makes of each typed key', async function () {
    await h.openDialog(page, { config: 'stripe-client', id: 'cli2' }, '#node-config-input-apiKey');
    const badges = [];
    for (const [key] of T.apiKeys) {
      await page.fill('#node-config-input-apiKey', key);
      badges.push(await page.$eval('#stripe-key-mode', (e) => e.className.replace('stripe-key-mode', '').trim()));
    }
    const want = T.apiKeys.map(([, kind, mode]) =>
      mode ? `stripe-key-${mode}` : kind === 'empty' ? 'stripe-key-none' : 'stripe-key-bad',
    );
    assert.deepStrictEqual(badges, want);
    await page.click('#node-config-dialog-cancel');
  });
});
