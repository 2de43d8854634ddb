'use strict';
// The rooms of src/nodes (operations, events, admin, sidebar, shared), of src/stripe (common, requests, http,
// events, hold, fleet) and of src/editor (shared, catalogue, fields, dialogs, sidebar), and the rules between them, as the lint
// configuration holds them: a part imports its own files, ../shared, src/stripe and src/rules, never
// another part; shared imports no part; src/stripe knows nothing of Node-RED or the adapters.
const assert = require('assert');
const fs = require('fs');
const path = require('path');
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');

const ROOT = path.join(__dirname, '..');

// [file the import is written in, the import, refused?]
const CASES = [
  ['src/nodes/operations/message-handler.ts', '../events/event-output', true],
  ['src/nodes/operations/message-handler.ts', '../admin', true],
  ['src/nodes/events/webhook-receiver.ts', '../operations/meta', true],
  ['src/nodes/events/webhook-receiver.ts', '../admin/context-stores', true],
  ['src/nodes/admin/catalogue.ts', '../operations/message-input', true],
  ['src/nodes/admin/catalogue.ts', '../events/webhook-route', true],
  ['src/nodes/sidebar/recorder.ts', '../operations/hold-sender', true],
  ['src/nodes/sidebar/routes.ts', '../admin', true],
  ['src/nodes/operations/hold-sender.ts', '../sidebar', true],
  ['src/nodes/events/webhook-receiver.ts', '../sidebar/recorder', true],
  ['src/nodes/shared/words.ts', '../sidebar', true],
  ['src/nodes/shared/words.ts', '../operations/operation-node', true],
  ['src/nodes/shared/words.ts', '../events', true],
  ['src/nodes/operations/meta.ts', '../../editor/dom', true],
  ['src/stripe/http/urls.ts', '../nodes/shared/types', true],
  ['src/stripe/http/urls.ts', 'node-red', true],
  ['src/rules/keys.ts', '../stripe/common/errors', true],
  // allowed
  ['src/nodes/operations/message-handler.ts', './meta', false],
  ['src/nodes/operations/message-handler.ts', '../shared/words', false],
  ['src/nodes/events/webhook-receiver.ts', '../../stripe', false],
  ['src/nodes/admin/catalogue.ts', '../../rules', false],
  ['src/nodes/shared/words.ts', './types', false],
  ['src/nodes/stripe-webhook.ts', './events/webhook-route', false],
  ['src/nodes/stripe-events.ts', './admin/context-stores', false],
  ['src/nodes/stripe-client.ts', './sidebar', false],
  ['src/nodes/sidebar/index.ts', '../shared/words', false],
  ['src/nodes/sidebar/recorder.ts', '../../stripe', false],
  ['src/stripe/http/client.ts', '../requests/request', false],
  ['src/stripe/http/client.ts', '../common/errors', false],
  ['src/stripe/events/event-poller.ts', '../http/client', false],
  ['src/stripe/fleet/budget.ts', '../http/ratelimit', false],
  ['src/stripe/fleet/claims.ts', '../events/dedupe', false],
  ['src/stripe/hold/hold-queue.ts', '../common/texts', false],
  ['src/stripe/requests/request.ts', '../../rules', false],
  ['src/stripe/index.ts', './fleet/budget', false],
  // src/editor: shared <- catalogue <- fields <- dialogs; sidebar on shared alone; never the runtime
  ['src/editor/shared/dom.ts', '../catalogue/catalogue', true],
  ['src/editor/shared/dom.ts', '../dialogs/operation-dialog', true],
  ['src/editor/catalogue/picker.ts', '../fields/section', true],
  ['src/editor/catalogue/picker.ts', '../dialogs/operation-info', true],
  ['src/editor/fields/section.ts', '../dialogs/operation-dialog', true],
  ['src/editor/fields/section.ts', '../sidebar/panel', true],
  ['src/editor/dialogs/operation-dialog.ts', '../sidebar/panel', true],
  ['src/editor/sidebar/panel.ts', '../catalogue/catalogue', true],
  ['src/editor/sidebar/panel.ts', '../dialogs/operation-node', true],
  ['src/editor/sidebar/panel.ts', '../fields/section', true],
  ['src/editor/dialogs/client-dialog.ts', '../../stripe/common/errors', true],
  ['src/editor/fields/section.ts', '../../nodes/shared/words', true],
  ['src/editor/index.ts', '../stripe', true],
  ['src/editor/index.ts', '../nodes/admin/catalogue', true],
  ['src/editor/shared/dom.ts', 'node-red', true],
  ['src/editor/dialogs/operation-dialog.ts', '../fields/section', false],
  ['src/editor/dialogs/operation-dialog.ts', '../catalogue/catalogue', false],
  ['src/editor/dialogs/operation-dialog.ts', '../shared/dom', false],
  ['src/editor/fields/section.ts', '../catalogue/validation', false],
  ['src/editor/fields/section.ts', '../shared/i18n', false],
  ['src/editor/catalogue/picker.ts', '../shared/dropdown', false],
  ['src/editor/catalogue/validation.ts', '../../rules', false],
  ['src/editor/sidebar/panel.ts', '../shared/dom', false],
  ['src/editor/sidebar/panel.ts', '../shared/i18n', false],
  ['src/editor/sidebar/panel.ts', './held', false],
  ['src/editor/shared/dom.ts', './i18n', false],
  ['src/editor/index.ts', './sidebar/panel', false],
  ['src/editor/index.ts', './dialogs/operation-node', false],
  ['src/editor/index.ts', '../rules', false],
];

describe('the rooms of src/nodes, src/stripe and src/editor, held by the lint configuration', function () {
  this.timeout(60000);
  let eslint;
  let unwritten;
  before(() => {
    eslint = new ESLint({ cwd: ROOT });
    // A room that has no file yet (the sidebar, before it lands): typescript-eslint's project service
    // only knows files on disk, so such a file is linted without type information.
    unwritten = new ESLint({
      cwd: ROOT,
      overrideConfig: { files: ['src/editor/sidebar/**/*.ts'], ...tseslint.configs.disableTypeChecked },
    });
  });

  for (const [file, spec, refused] of CASES) {
    it(`${refused ? 'refuses' : 'allows'} ${spec} in ${file}`, async () => {
      const code = `import * as it from '${spec}';\nexport const used = it;\n`;
      const filePath = path.join(ROOT, file);
      const [result] = await (fs.existsSync(filePath) ? eslint : unwritten).lintText(code, { filePath });
      assert.deepStrictEqual(
        result.messages.filter((m) => m.fatal),
        [],
      );
      const restricted = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      assert.strictEqual(restricted.length, refused ? 1 : 0, JSON.stringify(result.messages));
    });
  }
});
