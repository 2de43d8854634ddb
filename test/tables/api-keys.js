'use strict';
// API keys: [key, kind, mode, automatic rate, check]. kind/mode as classifyKey says (mode null when it
// has none), the rate limit 0 (automatic) stands for, and 'ok' or the refusal's code of the key check.
module.exports = [
  ['sk_test_4eC39HqLyjWDarjtT1zdp7dc', 'secret', 'test', 25, 'ok'],
  ['sk_live_51Habc_DEF', 'secret', 'live', 100, 'ok'],
  ['rk_test_abc', 'restricted', 'test', 25, 'ok'],
  ['rk_live_abc', 'restricted', 'live', 100, 'ok'],
  ['  sk_test_abc  ', 'secret', 'test', 25, 'ok'], // pasted with spaces: trimmed
  ['\tsk_live_abc\n', 'secret', 'live', 100, 'ok'],
  ['pk_test_abc', 'publishable', null, 25, 'rules.apiKeyPublishable'],
  ['pk_live_abc', 'publishable', null, 25, 'rules.apiKeyPublishable'],
  ['', 'empty', null, 25, 'rules.apiKeyMissing'],
  ['   ', 'empty', null, 25, 'rules.apiKeyMissing'],
  ['sk_test_', 'unknown', null, 25, 'rules.apiKeyUnknown'],
  ['sk_live_ab-c', 'unknown', null, 25, 'rules.apiKeyUnknown'],
  ['sk_test_a b', 'unknown', null, 25, 'rules.apiKeyUnknown'],
  ['sk_prod_abc', 'unknown', null, 25, 'rules.apiKeyUnknown'],
  ['SK_TEST_abc', 'unknown', null, 25, 'rules.apiKeyUnknown'],
  ['whsec_abc', 'unknown', null, 25, 'rules.apiKeyUnknown'],
  ['Bearer sk_test_abc', 'unknown', null, 25, 'rules.apiKeyUnknown'],
  ['garbage', 'unknown', null, 25, 'rules.apiKeyUnknown'],
];
