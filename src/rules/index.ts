/**
 * The rules the runtime and the editor both apply, written once. Imports nothing from Node.js,
 * Node-RED or the rest of src/ (only the global URL), so the editor bundle can include it as it is.
 *
 * A check returns `Checked<T>`: `{ ok: true, value }` (the accepted, normalised value) or
 * `{ ok: false, problem }`, where a `Problem` is `{ code, params, message }`: `code` is the message
 * key relative to locales/<lang>/stripe-client.json (`rules.<name>`), `params` fill its `__name__`
 * placeholders, `message` is the English text (RULE_TEXTS). Nothing here throws.
 *
 * Base URI (base-uri.ts)
 *   checkBaseUri(v): Checked<string>           empty = DEFAULT_BASE_URI; normalised without trailing slash
 *     rules.baseUriNotUrl {uri}, rules.baseUriScheme {scheme}, rules.baseUriPlainHttp {origin},
 *     rules.baseUriUser, rules.baseUriQuery
 *   DEFAULT_BASE_URI, FILES_BASE_URI
 * API keys (keys.ts)
 *   classifyKey(key): KeyClass                 { kind: 'secret'|'restricted', mode: 'test'|'live' }
 *                                              or { kind: 'empty'|'publishable'|'unknown' }
 *   checkApiKey(key): Checked<string>          rules.apiKeyMissing, rules.apiKeyPublishable, rules.apiKeyUnknown
 *   automaticRate(key): number                 TEST_MODE_RATE (25) or LIVE_MODE_RATE (100)
 *   redactKeys(text): string                   anything shaped like a key -> sk_test_*** etc.
 * Client settings (client-settings.ts); empty (undefined, null, '') = the default, else Number(v)
 *   checkTimeout(v), checkMaxRetries(v), checkRateLimit(v): Checked<number>
 *     rules.timeout, rules.maxRetries, rules.rateLimit; NUMBER_SETTINGS[field] = the same by field name
 *   checkApiVersion(v): Checked<string>        rules.apiVersion
 *   checkStripeAccount(v, 'setting'|'message'): Checked<string|undefined>
 *     rules.stripeAccountSetting, rules.stripeAccountMessage
 *   DEFAULT_TIMEOUT_SECONDS, MAX_TIMEOUT_SECONDS, DEFAULT_MAX_RETRIES, MAX_RETRIES, DEFAULT_RATE_LIMIT, MAX_RATE_LIMIT
 * Node roles (roles.ts)
 *   methodFor(role, configuredMethod): HttpMethod   subscriber GET; publisher DELETE or else POST
 *   pickerMethods(role): HttpMethod[]               subscriber [GET]; publisher [POST, DELETE]
 *   checkOperationMethod(role, nodeMethod, op): Checked<op>
 *     rules.subscriberOnlyGet {op, method}, rules.publisherNoGet {op}, rules.publisherWrongMethod {op, method, nodeMethod}
 * Operations (operations.ts); the catalogue is passed in, never read here
 *   indexCatalogue({ apiVersion, operations }): OperationIndex   build once, then look up
 *   rawOperation(ref): Operation | undefined        `GET /v1/customers/{id}` (method in any case, /v1 or /v2)
 *   findOperation(ref, index)                       operationId exact, raw reference, operationId any case
 *   lookUpOperation(configured, msgRef, index): Checked<op>
 *     rules.noOperation, rules.operationNotString {type}, rules.unknownOperation {op, version}
 *   types HttpMethod, Param, Operation, Catalogue, OperationLike, OperationIndex
 * Slim catalogue (slim-catalogue.ts)
 *   slimCatalogue(catalogue): SlimCatalogue        what GET stripe/catalogue serves the editor
 * The sidebar's wire format (sidebar.ts): RequestRow, a request as the editor's Stripe tab gets it
 * Problems and texts (problem.ts, texts.ts, text.ts)
 *   Problem, Checked, problem(code, params), fill(template, params), RULE_TEXTS, RuleCode, oneLine, short
 */
export * from './problem';
export * from './texts';
export * from './text';
export * from './base-uri';
export * from './keys';
export * from './client-settings';
export * from './roles';
export * from './operations';
export * from './slim-catalogue';
export * from './events';
export * from './responses';
export * from './sidebar';
