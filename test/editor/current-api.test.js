'use strict';
// The current API in the editor, from the real catalogue (as GET stripe/catalogue serves it): legacy
// operations after current ones with their note, the search finds the examples, the version
// warning's rules, the client dialog's version choices and the event types. In Node: no DOM.
const assert = require('assert');
const { editorCatalogue } = require('../helpers/editor-modules');
const { setCatalogue, searchCatalogue, findOperation, catalogue } = require('../../src/editor/catalogue/catalogue');
const {
  legacyNote,
  versionWarning,
  versionChoices,
  compareVersions,
  worded,
} = require('../../src/editor/catalogue/api-version');
const { operationChoices } = require('../../src/editor/catalogue/suggestions');
const { apiVersionItems } = require('../../src/editor/dialogs/client-dialog');
const { searchTypes, EVENT_TYPES } = require('../../src/editor/catalogue/event-types');
const { pickerMethods } = require('../../src/rules');

const ids = (q, methods) => searchCatalogue(q, methods).map((r) => r.op.id);

describe('editor: the current API', function () {
  let cat;
  before(function () {
    cat = editorCatalogue();
    setCatalogue(cat);
  });

  it("the search finds the issue's examples", function () {
    assert.strictEqual(ids('credit grant', pickerMethods('publisher'))[0], 'PostBillingCreditGrants');
    assert.ok(ids('credit grant', null).slice(0, 3).includes('PostBillingCreditGrants'));
    assert.strictEqual(ids('update checkout session', pickerMethods('publisher'))[0], 'PostCheckoutSessionsSession');
    assert.strictEqual(ids('update checkout session', null)[0], 'PostCheckoutSessionsSession');
    assert.ok(ids('meter event', pickerMethods('publisher')).includes('PostBillingMeterEvents'));
  });

  it('lists legacy operations after every current one, marked, with their note', function () {
    const legacy = cat.operations.filter((o) => o.legacy);
    assert.ok(legacy.length > 10, `legacy operations: ${legacy.length}`);
    for (const q of ['invoice', 'upcoming invoice', 'usage record', 'customer card', '']) {
      const r = searchCatalogue(q, null);
      const firstLegacy = r.findIndex((x) => x.op.legacy);
      const lastCurrent = r.map((x) => !x.op.legacy).lastIndexOf(true);
      assert.ok(firstLegacy === -1 || lastCurrent < firstLegacy, `${q}: a current operation after a legacy one`);
    }
    const upcoming = searchCatalogue('upcoming invoice', null).map((x) => x.op);
    assert.ok(upcoming.some((o) => o.id === 'GetInvoicesUpcoming' && o.legacy));
    assert.deepStrictEqual(legacyNote(findOperation('GetInvoicesUpcoming'), catalogue().apiVersion), {
      key: 'legacy.removedUse',
      subs: { version: '2025-03-31.basil', replacement: 'PostInvoicesCreatePreview', current: cat.apiVersion },
    });
    assert.strictEqual(legacyNote(findOperation('GetCustomers'), cat.apiVersion), null);
    // The picker's choices for the typed text follow the same order.
    const { choices } = operationChoices('invoices upcoming', pickerMethods('subscriber'));
    const at = choices.findIndex((c) => c.op.id === 'GetInvoicesUpcoming');
    assert.ok(at >= 0 && choices.slice(at).every((c) => c.op.legacy));
  });

  it("the version warning: legacy removed in or before the client's version; added after it", function () {
    const upcoming = findOperation('GetInvoicesUpcoming');
    assert.deepStrictEqual(versionWarning(upcoming, cat.apiVersion), {
      key: 'version.removedUse',
      subs: {
        op: 'GetInvoicesUpcoming',
        version: cat.apiVersion,
        removedIn: '2025-03-31.basil',
        replacement: 'PostInvoicesCreatePreview',
      },
    });
    // Worded with the catalog's text of that key (RED._ gives the key and its placeholders here).
    assert.match(
      worded(versionWarning(upcoming, cat.apiVersion)),
      /^version\.removedUse \{.*"replacement":"PostInvoicesCreatePreview"/,
    );
    assert.strictEqual(versionWarning(upcoming, '2025-03-31.basil').key, 'version.removedUse');
    assert.strictEqual(versionWarning(upcoming, '2024-06-20'), null, 'still there in acacia');
    assert.strictEqual(versionWarning(upcoming, ''), null, "the account's default: unknown");
    assert.strictEqual(versionWarning(upcoming, 'not a version'), null);
    const grants = findOperation('PostBillingCreditGrants');
    assert.ok(grants.addedAfter, 'PostBillingCreditGrants came after 2024-04-10');
    assert.deepStrictEqual(versionWarning(grants, '2024-04-10'), {
      key: 'version.addedLater',
      subs: { op: 'PostBillingCreditGrants', version: '2024-04-10' },
    });
    assert.strictEqual(versionWarning(grants, cat.apiVersion), null);
    assert.strictEqual(versionWarning(findOperation('GetCustomers'), '2024-04-10'), null);
    assert.strictEqual(versionWarning(findOperation('GET /v1/new_things'), '2024-04-10'), null, 'raw');
  });

  it("the client dialog offers the catalogue's versions newest first and the account's default", function () {
    assert.strictEqual(cat.apiVersion, '2026-10-28.endive');
    const versions = versionChoices(cat.versions);
    assert.strictEqual(versions[0], cat.apiVersion);
    assert.ok(versions.includes('2024-04-10') && versions.includes('2025-03-31.basil'));
    for (let i = 1; i < versions.length; i++) assert.ok(compareVersions(versions[i - 1], versions[i]) > 0);
    const items = apiVersionItems(cat.versions, cat.apiVersion, '');
    assert.deepStrictEqual(
      items.map((i) => i.value),
      [...versions, ''],
    );
    assert.strictEqual(apiVersionItems(cat.versions, cat.apiVersion, cat.apiVersion).length, items.length);
    assert.deepStrictEqual(
      apiVersionItems(cat.versions, cat.apiVersion, '2025').map((i) => i.value),
      versions.filter((v) => v.startsWith('2025')),
    );
    assert.deepStrictEqual(apiVersionItems(cat.versions, cat.apiVersion, '2023-10-16'), [], 'free text stays');
  });

  it('the event type chooser holds every v1 and thin event type; "meter" finds billing.meter.created', function () {
    assert.ok(cat.eventTypes.length > 270 && cat.thinEventTypes.length > 100);
    for (const t of [...cat.eventTypes, ...cat.thinEventTypes]) assert.ok(EVENT_TYPES.includes(t), t);
    assert.strictEqual(EVENT_TYPES[0], '*');
    const meter = searchTypes('meter').map((h) => h.type);
    assert.ok(meter.slice(0, 10).includes('billing.meter.created'), meter.join());
    assert.ok(searchTypes('meter error report').some((h) => h.type.startsWith('v1.billing.meter.')));
    assert.ok(searchTypes('credit grant').some((h) => h.type === 'billing.credit_grant.created'));
  });
});
