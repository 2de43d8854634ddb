'use strict';
// The node roles. methods: [role, the node's method setting, the method it runs].
// operations: [role, the node's method setting, operation, 'ok' or the refusal's code].
module.exports = {
  methods: [
    ['subscriber', undefined, 'GET'],
    ['subscriber', 'POST', 'GET'],
    ['subscriber', 'DELETE', 'GET'],
    ['publisher', 'POST', 'POST'],
    ['publisher', 'DELETE', 'DELETE'],
    ['publisher', undefined, 'POST'],
    ['publisher', '', 'POST'],
    ['publisher', 'delete', 'POST'], // the setting is exactly POST or DELETE
    ['publisher', 'GET', 'POST'],
  ],
  operations: [
    ['subscriber', 'GET', 'GetCustomers', 'ok'],
    ['subscriber', 'GET', 'GET /v1/brand_new/{id}', 'ok'],
    ['subscriber', 'GET', 'PostCustomers', 'rules.subscriberOnlyGet'],
    ['subscriber', 'GET', 'DeleteCustomersCustomer', 'rules.subscriberOnlyGet'],
    ['subscriber', 'GET', 'POST /v1/brand_new', 'rules.subscriberOnlyGet'],
    ['publisher', 'POST', 'PostCustomers', 'ok'],
    ['publisher', 'POST', 'POST /v2/core/events', 'ok'],
    ['publisher', 'DELETE', 'DeleteCustomersCustomer', 'ok'],
    ['publisher', 'DELETE', 'delete /v1/brand_new/{id}', 'ok'],
    ['publisher', 'POST', 'GetCustomers', 'rules.publisherNoGet'],
    ['publisher', 'DELETE', 'GET /v1/customers', 'rules.publisherNoGet'],
    ['publisher', 'POST', 'DeleteCustomersCustomer', 'rules.publisherWrongMethod'],
    ['publisher', 'DELETE', 'PostCustomers', 'rules.publisherWrongMethod'],
    ['publisher', 'POST', 'DELETE /v1/brand_new/{id}', 'rules.publisherWrongMethod'],
  ],
};
