'use strict';
/* One line of plain text from Stripe's descriptions (HTML of the OpenAPI document, markdown of stripe-node's JSDoc). */

const MAX_DESCRIPTION = 160;

const BLOCK_TAGS = new Set([
  'p',
  'br',
  'li',
  'ul',
  'ol',
  'div',
  'table',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
  'dd',
  'dt',
  'dl',
]);

const NAMED_ENTITIES = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  trade: '™',
  times: '×',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  middot: '·',
  bull: '•',
  rarr: '→',
  larr: '←',
};

function decodeEntities(s) {
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/g, (m, e) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      try {
        return String.fromCodePoint(code);
      } catch (_) {
        return m;
      }
    }
    const v = NAMED_ENTITIES[e.toLowerCase()];
    return v !== undefined ? v : m;
  });
}

// Abbreviations whose trailing period does not end a sentence.
const ABBREVIATIONS = /(?:^|[\s(])(?:e\.g|i\.e|etc|vs|approx|incl|No|Inc|Ltd|Mr|Mrs|Ms|Dr|St)\.$/i;

function firstSentence(s) {
  const re = /[.!?](?=\s)/g;
  let m;
  while ((m = re.exec(s)) !== null) {
    const head = s.slice(0, m.index + 1);
    if (ABBREVIATIONS.test(head)) continue;
    return head;
  }
  return s;
}

function cap(s, max) {
  if (s.length <= max) return s;
  let cut = s.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  if (space > max * 0.6) cut = cut.slice(0, space);
  return cut.replace(/[\s,;:.\-–—(]+$/, '') + '…';
}

/** One line of plain text: no tags, entities decoded, markdown links unwrapped, first sentence, capped. */
function oneLine(text) {
  if (typeof text !== 'string' || !text) return '';
  let s = text.replace(/<\/?([a-zA-Z][a-zA-Z0-9-]*)\b[^<>]*>/g, (m, tag) =>
    BLOCK_TAGS.has(tag.toLowerCase()) ? ' ' : '',
  );
  s = s.replace(/<!--[\s\S]*?-->/g, ' ');
  s = decodeEntities(s);
  s = s.replace(/!?\[([^\]]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+"[^"]*")?\)/g, '$1');
  s = s.replace(/\s+/g, ' ').trim();
  s = firstSentence(s);
  return cap(s, MAX_DESCRIPTION);
}

module.exports = { oneLine, MAX_DESCRIPTION };
