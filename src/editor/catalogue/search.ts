// The picker's word search over the catalogue: words match the operationId, the path and the
// description in any order; verbs ("delete", "create") say which method and which kind of path.
import { asText } from '../shared/as-text';
import type { Operation } from '../shared/types';

export interface IndexEntry {
  op: Operation;
  id: string;
  path: string;
  /** Space-delimited words, so a word can be matched whole (" id ") or as a prefix (" id"). */
  idWords: string;
  /** The id's words after its method word (GetTaxIdsId -> tax, ids, id), to prefer ids with nothing extra. */
  parts: string[];
  pathWords: string;
  desc: string;
  method: string;
  /** Acts on one object: the path ends in a parameter. */
  one: boolean;
}

export interface SearchResult {
  op: Operation;
  score: number;
  /** Every word is in the id or path, or is a verb of the operation's method. */
  strong: boolean;
}

function camelWords(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
}

export function indexEntry(op: Operation): IndexEntry {
  const path = op.path.toLowerCase();
  return {
    op,
    id: op.id.toLowerCase(),
    path,
    idWords: ` ${camelWords(op.id)} `,
    parts: camelWords(op.id).split(' ').slice(1),
    pathWords: ` ${path.replace(/[/{}_\-.]+/g, ' ').trim()} `,
    desc: op.description.toLowerCase(),
    method: op.method,
    one: op.path.endsWith('}'),
  };
}

// Words that say what an operation does: its method(s), and whether it acts on one object (a path
// that ends in a parameter) or on the collection, or lists.
type Reach = 'one' | 'many' | undefined;
const VERBS: Record<string, [string, Reach?]> = {
  get: ['GET'],
  retrieve: ['GET', 'one'],
  read: ['GET'],
  fetch: ['GET'],
  find: ['GET'],
  show: ['GET'],
  list: ['GET', 'many'],
  search: ['GET', 'many'],
  all: ['GET', 'many'],
  post: ['POST'],
  create: ['POST', 'many'],
  add: ['POST', 'many'],
  new: ['POST', 'many'],
  make: ['POST', 'many'],
  update: ['POST', 'one'],
  change: ['POST', 'one'],
  modify: ['POST', 'one'],
  edit: ['POST', 'one'],
  cancel: ['POST DELETE'],
  confirm: ['POST'],
  capture: ['POST'],
  pay: ['POST'],
  send: ['POST'],
  finalize: ['POST'],
  void: ['POST'],
  delete: ['DELETE', 'one'],
  remove: ['DELETE', 'one'],
};
const STOP = new Set(['a', 'an', 'the', 'of', 'for', 'to', 'by', 'on', 'in', 'and', 'with', 'i', 'want', 'my', 'from']);

function verb(word: string): [string, Reach?] | null {
  return Object.prototype.hasOwnProperty.call(VERBS, word) ? VERBS[word] : null;
}

/** The query's words, lower case, without filler words ("refund a charge" -> refund, charge). */
export function queryWords(query: unknown): string[] {
  return asText(query)
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w && !STOP.has(w));
}

function hasWord(e: IndexEntry, text: string): boolean {
  return e.idWords.includes(text) || e.pathWords.includes(text);
}

function wordScore(e: IndexEntry, w: string): { score: number; strong: boolean } | null {
  if (e.id.includes(w) || e.path.includes(w)) {
    let s = 10;
    if (hasWord(e, ` ${w} `))
      s += 5.5; // the word itself
    else if (hasWord(e, ` ${w}s `))
      s += 5; // its plural
    else if (hasWord(e, ` ${w}`)) s += 2; // a word's start
    return { score: s, strong: true };
  }
  const v = verb(w);
  if (v && v[0].includes(e.method)) {
    let s = 6;
    if (v[1] === 'one' && e.one) s += 3;
    if (v[1] === 'many' && (e.op.pagination || (!e.one && e.method !== 'GET'))) s += 3;
    if (e.desc.includes(w)) s += 2;
    return { score: s, strong: true };
  }
  const at = e.desc.indexOf(w);
  if (at >= 0) return { score: at === 0 || e.desc.charAt(at - 1) === ' ' ? 2 : 1, strong: false };
  return null;
}

/**
 * The one method the query's verbs ask for ("delete customer" -> DELETE, "create price" -> POST), or
 * null when they name none, or several ("cancel" is POST or DELETE; "create ... delete" both).
 */
export function verbMethod(words: string[]): string | null {
  let found: string | null = null;
  for (const w of words) {
    const v = verb(w);
    if (!v || v[0].includes(' ')) continue;
    if (found && found !== v[0]) return null;
    found = v[0];
  }
  return found;
}

/** The score of an entry for all the words, or null when a word matches nothing of it. */
function entryScore(e: IndexEntry, words: string[]): SearchResult | null {
  let score = 0;
  let strong = true;
  for (const w of words) {
    const r = wordScore(e, w);
    if (!r) return null;
    score += r.score;
    if (!r.strong) strong = false;
  }
  if (strong && words.length) {
    score += 100;
    // Fewer words in the id that the query did not ask for: PostCustomers before PostCustomerSessions.
    for (const part of e.parts) if (!words.some((w) => part.includes(w))) score -= 1;
  }
  if (e.op.deprecated) score -= 3;
  return { op: e.op, score, strong: strong && words.length > 0 };
}

/**
 * Operations whose id, path or description contain every word, best first: an operationId or path
 * holding all the words beats a description match; legacy operations come after all current ones; then, when the words' verbs ask for one method
 * ("delete", "remove"), that method's operations; then higher scores; then shorter ids.
 * methods: the allowed methods, or null for all.
 */
export function search(index: IndexEntry[], query: unknown, methods: readonly string[] | null): SearchResult[] {
  const words = queryWords(query);
  const prefer = verbMethod(words);
  const out: SearchResult[] = [];
  for (const e of index) {
    if (methods && !methods.includes(e.method)) continue;
    const r = entryScore(e, words);
    if (r) out.push(r);
  }
  return out.sort((a, b) => {
    // Operations of the current API first; legacy ones (kept for saved flows) after all of them.
    const legacy = Number(!!a.op.legacy) - Number(!!b.op.legacy);
    if (legacy) return legacy;
    if (prefer) {
      // Among the matches of the id or path, the asked-for method first (DeleteCustomersCustomer for
      // "delete customer" in a publisher that offers POST too); description matches stay below.
      const tier =
        Number(b.strong) - Number(a.strong) || Number(b.op.method === prefer) - Number(a.op.method === prefer);
      if (tier) return tier;
    }
    return b.score - a.score || a.op.id.length - b.op.id.length || (a.op.id < b.op.id ? -1 : 1);
  });
}
