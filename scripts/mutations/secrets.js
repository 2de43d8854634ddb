'use strict';
// The mutations of one area: the API key never leaks.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, WORDS, REDACTION } = require('./targets');

module.exports = [
  // ---- the key never leaks (client.ts)
  {
    name: 'scrub-message-only',
    file: REDACTION,
    find: 'const fields = redactDeep(err.fields, redact) as StripeErrorFields;',
    replace: 'const fields = err.fields;',
    why: "an echoed key stays in msg.stripe.error's fields (only the message is scrubbed)",
    tests: [T.realErrors, T.secrets],
  },
  {
    name: 'scrub-not-params',
    file: REDACTION,
    find: "const clean = (t: Text): Text => text(t.code, redactDeep(t.params, redact) as Text['params']);",
    replace: 'const clean = (t: Text): Text => t;',
    why: 'an echoed key shows in the error as the runtime words it (its parameters are not scrubbed)',
    tests: [T.i18n],
  },
  {
    name: 'rule-refusal-plain-text',
    file: 'src/stripe/common/problems.ts',
    find: 'export const configProblem = (p: Problem): StripeError => configError(problemText(p));',
    replace: 'export const configProblem = (p: Problem): StripeError => configError(p.message);',
    why: "a refusal of the client's settings by the rules stays English in German (it carries no code to word it by)",
    tests: [T.i18n],
  },
  {
    name: 'words-own-namespace',
    file: WORDS,
    find: 'export const CATALOG = `${MODULE}/stripe-client`;',
    replace: 'export const CATALOG = MODULE;',
    why: 'the runtime finds no words in the stripe-client catalog: statuses and the Catch node stay English in German',
    tests: [T.i18n],
  },
  {
    name: 'log-line-not-redacted',
    file: REDACTION,
    find: '  return redact(\n    `${l.method} ${l.logPath}',
    replace: '  return String(\n    `${l.method} ${l.logPath}',
    why: 'a key in a request path or query shows in the request log line',
    tests: [T.logs, T.secrets],
  },
];
