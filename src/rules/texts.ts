/**
 * The English text of every refusal, by code (the key under "rules" in
 * locales/en-US/stripe-client.json, which must hold exactly these texts; a test compares them).
 * The wording is what users and their flows already see: change it only together with the locales.
 */
export const RULE_TEXTS = {
  baseUriNotUrl: 'Base URI "__uri__" is not a URL (expected e.g. https://api.stripe.com)',
  baseUriScheme: 'Base URI must use https (or http to this machine), not __scheme__',
  baseUriPlainHttp: 'Base URI __origin__ uses plain http; only https is allowed except to localhost/127.0.0.1',
  baseUriUser: 'Base URI must not contain a user name or password',
  baseUriQuery: 'Base URI must not contain a query or fragment',
  apiKeyMissing: 'No API key: set a secret key (sk_...) or restricted key (rk_...) in the stripe-client node',
  apiKeyPublishable: 'The API key is a publishable key (pk_...): use a secret key (sk_...) or restricted key (rk_...)',
  apiKeyUnknown: 'The API key is not a Stripe secret (sk_test_/sk_live_) or restricted (rk_test_/rk_live_) key',
  apiVersion: 'API version must look like 2024-04-10 (letters, digits, dots and dashes)',
  stripeAccountSetting:
    'Connected account must be a connected account id like acct_1A2b3C (letters and digits after acct_)',
  stripeAccountMessage:
    'msg.stripeAccount must be a connected account id like acct_1A2b3C (letters and digits after acct_)',
  timeout: 'Timeout must be a number of seconds, more than 0 and at most 3600',
  maxRetries: 'Retries must be a whole number from 0 to 10',
  rateLimit: 'Rate limit must be a number of requests per second, 0 for automatic',
  noOperation: 'No operation: choose one in the node, or set msg.operationId (e.g. "GetCustomers")',
  operationNotString: 'msg.operationId must be a string, not __type__',
  unknownOperation:
    'Unknown operation "__op__": not in the catalogue (Stripe API __version__) and not a raw "METHOD /v1/path"',
  subscriberOnlyGet: '__op__ is a __method__ operation; the stripe subscriber only reads (GET): use a stripe publisher',
  publisherNoGet:
    '__op__ is a GET operation; the stripe publisher only writes (POST or DELETE): use a stripe subscriber',
  publisherWrongMethod: '__op__ is a __method__ operation, but this stripe publisher is set to __nodeMethod__',
} as const;

export type RuleCode = keyof typeof RULE_TEXTS;
