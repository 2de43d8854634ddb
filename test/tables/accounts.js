'use strict';
// Connected account ids (Stripe-Account): [value, 'ok' or 'bad']. The refusal's code says where the
// value came from: rules.stripeAccountSetting (the stripe-client) or rules.stripeAccountMessage (msg.stripeAccount).
module.exports = [
  ['', 'ok'], // none
  [undefined, 'ok'],
  [null, 'ok'],
  ['acct_1A2b3C', 'ok'],
  ['acct_123', 'ok'],
  ['acct_', 'bad'],
  ['acct_1A2b-3C', 'bad'],
  ['acct_1A2b3C ', 'bad'],
  [' acct_1A2b3C', 'bad'],
  ['ACCT_1A2b3C', 'bad'],
  ['cus_123', 'bad'],
  ['acct_1A2b3C\r\nX-Evil: 1', 'bad'],
  [42, 'bad'],
];
