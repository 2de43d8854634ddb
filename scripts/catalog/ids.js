'use strict';
/*
 * Stripe's operationIds, by Stripe's own rule: Get|Post|Delete + every path segment after /v1 in
 * PascalCase (snake_case split on "_"), each path parameter by the name Stripe's spec gives it;
 * /v2 paths keep "V2" (`GetV2CoreEventsId`).
 *
 * stripe-node names every v1 path argument `id` (or `customerId`, ...), so a v1 parameter's name is
 * taken from the 2024-04-10 OpenAPI document where the same path or a sibling path names it, else
 * from the official ids of later operations (../shared/data/stripe-operation-ids.txt, copied into
 * scripts/catalog/operation-ids.txt), else from stripe-node's argument name in snake_case.
 */
const fs = require('fs');
const path = require('path');

const OPERATION_IDS_FILE = path.join(__dirname, 'operation-ids.txt');

const pascal = (s) =>
  s
    .split(/[_\-.]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

/** `GET /v1/customers/{customer}/tax_ids` -> `GetCustomersCustomerTaxIds`. */
function operationId(method, pathTemplate) {
  const segs = pathTemplate.split('/').filter(Boolean);
  const version = segs.shift();
  const m = method.toLowerCase();
  return (
    m[0].toUpperCase() +
    m.slice(1) +
    (version === 'v2' ? 'V2' : '') +
    segs.map((s) => pascal(s.replace(/^\{|\}$/g, ''))).join('')
  );
}

/** `customerId` -> `customer_id`. */
const snake = (s) => s.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

const isParam = (seg) => /^\{[^{}]+\}$/.test(seg);
const segments = (p) => p.split('/').filter(Boolean);

/** The official ids file: `METHOD path operationId` a line, `#` comments. */
function readOperationIds(file = OPERATION_IDS_FILE) {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [method, p, id] = l.split(/\s+/);
      return { method, path: p, id };
    });
}

/**
 * A namer of path parameters: `name(template)` turns stripe-node's `/v1/customers/{customerId}/sources/{id}`
 * into `/v1/customers/{customer}/sources/{id}`.
 * @param {string[]} specPaths the 2024-04-10 document's paths
 * @param {{path: string}[]} official the official ids' lines
 */
function pathNamer(specPaths, official) {
  const known = [...specPaths, ...official.map((o) => o.path)].map(segments);
  const specCount = specPaths.length;
  const sameShape = (a, b, upto) => {
    for (let i = 0; i <= upto; i++) {
      if (a[i] === undefined || b[i] === undefined) return false;
      if (isParam(a[i]) !== isParam(b[i])) return false;
      if (!isParam(a[i]) && a[i] !== b[i]) return false;
    }
    return true;
  };
  const common = (a, b) => {
    let n = 0;
    while (n < a.length && n < b.length && sameShape(a, b, n)) n++;
    return n;
  };
  return function name(template) {
    const segs = segments(template);
    if (segs[0] !== 'v1') {
      return '/' + segs.map((s) => (isParam(s) ? `{${snake(s.slice(1, -1))}}` : s)).join('/');
    }
    const out = segs.map((s, i) => {
      if (!isParam(s)) return s;
      // 1. the same path (same shape) in the 2024-04-10 document, 2. in the official ids, 3. a sibling
      // in the document (same shape up to this parameter; the one sharing most segments), 4. one in
      // the official ids, 5. stripe-node's name in snake_case.
      const pick = (from, to) => {
        let best = { score: -1 };
        for (let k = from; k < to; k++) {
          const cand = known[k];
          if (!sameShape(segs, cand, i)) continue;
          const exact = cand.length === segs.length && common(segs, cand) === segs.length;
          const score = (exact ? 1000 : 0) + common(segs, cand);
          if (score > best.score) best = { score, name: cand[i].slice(1, -1), exact };
        }
        return best;
      };
      const spec = pick(0, specCount);
      const off = pick(specCount, known.length);
      const chosen = [spec, off].find((c) => c.exact) || [spec, off].find((c) => c.name);
      return `{${chosen ? chosen.name : snake(s.slice(1, -1))}}`;
    });
    return '/' + out.join('/');
  };
}

module.exports = { operationId, pathNamer, readOperationIds, snake, OPERATION_IDS_FILE };
