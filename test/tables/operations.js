'use strict';
// Operation references, as a node's setting or msg.operationId: [reference, what it names]: the
// operation's { id, method, path } (raw: true for a raw `METHOD /path` the catalogue need not know),
// or the refusal's code.
module.exports = [
  ['GetCustomers', { id: 'GetCustomers', method: 'GET', path: '/v1/customers' }],
  ['  GetCustomers  ', { id: 'GetCustomers', method: 'GET', path: '/v1/customers' }],
  ['getcustomers', { id: 'GetCustomers', method: 'GET', path: '/v1/customers' }],
  ['GETTAXIDSID', { id: 'GetTaxIdsId', method: 'GET', path: '/v1/tax_ids/{id}' }],
  ['GET /v1/customers', { id: 'GET /v1/customers', method: 'GET', path: '/v1/customers', raw: true }],
  ['get /v1/customers', { id: 'GET /v1/customers', method: 'GET', path: '/v1/customers', raw: true }],
  ['Post   /v1/customers', { id: 'POST /v1/customers', method: 'POST', path: '/v1/customers', raw: true }],
  ['GET /v1/tax_ids/{tax}', { id: 'GET /v1/tax_ids/{tax}', method: 'GET', path: '/v1/tax_ids/{tax}', raw: true }],
  [
    'DELETE /v1/brand_new/{id}',
    { id: 'DELETE /v1/brand_new/{id}', method: 'DELETE', path: '/v1/brand_new/{id}', raw: true },
  ],
  ['GET /v2/core/events', { id: 'GET /v2/core/events', method: 'GET', path: '/v2/core/events', raw: true }],
  ['POST /v2/core/events', { id: 'POST /v2/core/events', method: 'POST', path: '/v2/core/events', raw: true }],
  ['GET v1/customers', 'rules.unknownOperation'], // no leading slash
  ['GET /customers', 'rules.unknownOperation'], // no version
  ['GET /v3/customers', 'rules.unknownOperation'],
  ['GET /v1/customers?limit=3', 'rules.unknownOperation'], // a query goes in msg.query
  ['GET /v1/customers#x', 'rules.unknownOperation'],
  ['PATCH /v1/customers', 'rules.unknownOperation'],
  ['PUT /v1/customers', 'rules.unknownOperation'],
  ['GET', 'rules.unknownOperation'],
  ['/v1/customers', 'rules.unknownOperation'],
  ['GetNothing', 'rules.unknownOperation'],
  ['', 'rules.noOperation'],
];
