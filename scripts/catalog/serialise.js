'use strict';
/*
 * The two generated files, one operation a line so that git diffs stay readable, deterministic (sorted,
 * fixed key order, no timestamps). The header comes first in catalogue.json, so the runtime can read
 * it without parsing the operations (src/stripe/requests/catalogue.ts).
 */

function serialiseCatalogue(header, operations) {
  const lines = ['{'];
  lines.push(`  "apiVersion": ${JSON.stringify(header.apiVersion)},`);
  lines.push(`  "source": ${JSON.stringify(header.source)},`);
  lines.push(`  "count": ${JSON.stringify(header.count)},`);
  lines.push(`  "versions": ${JSON.stringify(header.versions || [])},`);
  lines.push(`  "eventTypes": ${JSON.stringify(header.eventTypes || [])},`);
  lines.push(`  "thinEventTypes": ${JSON.stringify(header.thinEventTypes || [])},`);
  lines.push('  "operations": [');
  operations.forEach((op, i) => lines.push('    ' + JSON.stringify(op) + (i < operations.length - 1 ? ',' : '')));
  lines.push('  ]');
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** spec/fields.json: `{"id":"...","queryParams":[...],"bodyFields":[...]}` a line, nested `fields`. */
function serialiseFields(header, fields) {
  const lines = ['{'];
  lines.push(`  "apiVersion": ${JSON.stringify(header.apiVersion)},`);
  lines.push('  "operations": [');
  fields.forEach((f, i) => lines.push(JSON.stringify(f) + (i < fields.length - 1 ? ',' : '')));
  lines.push('  ]');
  lines.push('}');
  return lines.join('\n') + '\n';
}

/**
 * spec/responses.json: `{"key":"object:customer","list":"GetCustomers","fields":[...]}`,
 * `{"key":"op:GetCustomersCustomer","object":"customer","ids":{...}}`,
 * `{"key":"event:invoice.paid","object":"invoice"}`, one a line (the runtime reads one line at a time).
 */
function serialiseResponses(header, lines) {
  const out = ['{'];
  out.push(`  "apiVersion": ${JSON.stringify(header.apiVersion)},`);
  out.push('  "lines": [');
  lines.forEach((l, i) => out.push(JSON.stringify(l) + (i < lines.length - 1 ? ',' : '')));
  out.push('  ]');
  out.push('}');
  return out.join('\n') + '\n';
}

module.exports = { serialiseCatalogue, serialiseFields, serialiseResponses };
