'use strict';
// The mutations of one area: pagination and the messages of a run.
// (scripts/mutations.js puts the areas together; its header says what an entry holds.)
const { T, PAGINATE, PAGES } = require('./targets');

module.exports = [
  // ---- pagination (paginate.ts)
  {
    name: 'max-items-ignored',
    file: PAGINATE,
    find: 'const maxItems = opts.maxItems && opts.maxItems > 0 ? Math.floor(opts.maxItems) : DEFAULT_MAX_ITEMS;',
    replace: 'const maxItems = DEFAULT_MAX_ITEMS;',
    why: 'maxItems does not stop a run',
    tests: [T.paginate],
  },
  {
    name: 'ending-before-not-reversed',
    file: PAGINATE,
    find: "const ordered = backwards && kind === 'list' ? all.slice().reverse() : all;",
    replace: 'const ordered = all;',
    why: 'walking backwards (ending_before), objects come in a jumbled order',
    tests: [T.paginate],
  },
  {
    name: 'ending-before-wrong-cursor',
    file: PAGINATE,
    find: 'const cursor = idOf(all[backwards ? 0 : all.length - 1]);',
    replace: 'const cursor = idOf(all[all.length - 1]);',
    why: 'walking backwards, the next page is asked for from the wrong end',
    tests: [T.paginate],
  },
  {
    name: 'next-page-url-reencoded',
    file: PAGINATE,
    find: 'return { path, query: {}, rawQuery };',
    replace: 'return { path, query: Object.fromEntries(new URLSearchParams(rawQuery)), rawQuery: undefined };',
    why: 'a v2 next_page_url is parsed and re-encoded instead of sent as Stripe gave it',
    tests: [T.wireQuery, T.paginate],
  },
  {
    name: 'limit-on-raw-single-read',
    file: PAGINATE,
    find: '    : !!req.pagination || !!req.mayList || req.query.limit !== undefined;',
    replace: '    : true;',
    why: 'a raw GET of one object is sent with limit=100',
    tests: [T.wireQuery],
  },
  {
    name: 'truncated-ignores-has-more',
    file: PAGINATE,
    find: 'const truncated = !next && (hasMore || data.length < all.length);',
    replace: 'const truncated = !next && data.length < all.length;',
    why: 'a run stopped by maxItems at a page boundary is not marked truncated',
    tests: [T.paginate],
  },
  {
    name: 'truncated-ignores-cut-page',
    file: PAGINATE,
    find: 'const truncated = !next && (hasMore || data.length < all.length);',
    replace: 'const truncated = !next && hasMore;',
    why: 'a last page cut by maxItems is not marked truncated',
    tests: [T.paginate],
  },
  {
    name: 'truncated-on-every-page',
    file: PAGINATE,
    find: 'const truncated = !next && (hasMore || data.length < all.length);',
    replace: 'const truncated = hasMore || data.length < all.length;',
    why: 'every page with more after it says truncated',
    tests: [T.paginate],
  },
  {
    name: 'empty-page-has-more',
    file: PAGINATE,
    find: "const hasMore = all.length > 0 && (kind === 'v2' ? !!body.next_page_url : !!body.has_more);",
    replace: "const hasMore = kind === 'v2' ? !!body.next_page_url : !!body.has_more;",
    why: 'an empty page with has_more true does not end the run',
    tests: [T.paginate],
  },

  // ---- the messages of a run (operation-node.ts sendPages)
  {
    name: 'empty-list-page-mode-sends-nothing',
    file: PAGES,
    find: 'if (!page.data.length && (this.held || !page.last)) return false;',
    replace: 'if (!page.data.length) return false;',
    why: "output 'page': an empty list sends no message (a join waits for ever, the flow never hears)",
    tests: [T.paginate],
  },
  {
    name: 'last-message-flags-stale',
    file: PAGES,
    find: '    msg.stripe = stripeMeta(msg.stripe as StripeMeta, { hasMore, truncated });',
    replace: '    msg.stripe = stripeMeta(msg.stripe as StripeMeta);',
    why: "output 'page'/'item': the last message keeps its own page's hasMore when the run ended on an empty page",
    tests: [T.paginate],
  },
  {
    name: 'last-message-truncated-false',
    file: PAGES,
    find: '      this.sendLast(last.hasMore, last.truncated);',
    replace: '      this.sendLast(last.hasMore, false);',
    why: "output 'page'/'item': a run cut by maxItems does not say truncated",
    tests: [T.paginate],
  },
  {
    name: 'all-mode-has-more-false',
    file: PAGES,
    find: '      msg.stripe = this.pageMeta(last);',
    replace: '      msg.stripe = this.pageMeta({ ...last, hasMore: false });',
    why: "output 'all': a run cut by maxItems says Stripe has no more",
    tests: [T.paginate],
  },

  {
    name: 'pages-paced-by-fixed-turns',
    file: PAGES,
    find: 'if (sent && !page.last) await letFlowTake(page.data.length + FLOW_TURNS);',
    replace: 'if (sent && !page.last) await letFlowTake(FLOW_TURNS);',
    why: "output 'item', or 'page' into a split node, into nodes taking one message per turn (switch): the list queues up ahead of the flow",
    tests: [T.backPressure],
  },
];
