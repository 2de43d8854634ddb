'use strict';
// The rooms of src/nodes (operations, events, admin, sidebar, shared) and of src/stripe (common, requests, http,
// events, hold, fleet), and the rules between them, as the lint
// configuration holds them: a part imports its own files, ../shared, src/stripe and src/rules, never
// another part; shared imports no part; src/stripe knows nothing of Node-RED or the adapters.
const assert = require('assert');
const path = require('path');
const { ESLint } = require('eslint');

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
];

describe('the rooms of src/nodes and src/stripe, held by the lint configuration', function () {
  this.timeout(60000);
  let eslint;
  before(() => {
    eslint = new ESLint({ cwd: ROOT });
  });

  for (const [file, spec, refused] of CASES) {
    it(`${refused ? 'refuses' : 'allows'} ${spec} in ${file}`, async () => {
      const code = `import * as it from '${spec}';\nexport const used = it;\n`;
      const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
      const restricted = result.messages.filter((m) => m.ruleId === 'no-restricted-imports');
      assert.strictEqual(restricted.length, refused ? 1 : 0, JSON.stringify(result.messages));
    });
  }
});
