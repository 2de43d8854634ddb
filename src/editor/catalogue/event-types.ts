// The event nodes' type search (no DOM): words in any order match the parts of a type, so
// "payment succeeded" finds payment_intent.succeeded, and a word may be the start of a part
// ("inv paid" finds invoice.paid). A group (`invoice.*`) is offered for each first part that matches.

/** Every v1 event type of the bundled catalogue (`*` first), then its thin event types (v1.*, v2.*). */
export const EVENT_TYPES: readonly string[] = [
  ...__STRIPE_EVENT_TYPES__,
  ...__STRIPE_THIN_EVENT_TYPES__.filter((type) => !__STRIPE_EVENT_TYPES__.includes(type)),
];

export interface TypeHit {
  type: string;
  /** A `prefix.*` group rather than one type. */
  group: boolean;
}

function parts(type: string): string[] {
  return type.toLowerCase().split(/[._]/);
}

/** How well the words match a type: higher is better, 0 is no match. */
export function typeScore(type: string, words: readonly string[]): number {
  if (!words.length) return 1;
  const p = parts(type);
  let score = 0;
  for (const w of words) {
    if (p.includes(w)) score += 3;
    else if (p.some((x) => x.startsWith(w))) score += 2;
    else if (type.toLowerCase().includes(w)) score += 1;
    else return 0;
  }
  // The object named first ranks first (payment_intent.succeeded before invoice.payment_succeeded
  // for "payment succeeded"), then types with fewer parts the words did not name.
  if (p[0].startsWith(words[0])) score += 2;
  return score * 10 - p.length;
}

/** The words of a query: lower case, split on spaces, dots and underscores. */
export function typeWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[\s._]+/)
    .filter(Boolean);
}

/** The group of a type: everything before its last dot, then `.*` (`invoice.*` for invoice.paid). */
export function groupOf(type: string): string | undefined {
  const at = type.lastIndexOf('.');
  return at > 0 ? `${type.slice(0, at)}.*` : undefined;
}

/** Types (and groups) matching a query, best first, leaving out those already chosen. */
export function searchTypes(query: string, chosen: readonly string[] = [], limit = 50, types = EVENT_TYPES): TypeHit[] {
  const words = typeWords(query);
  const taken = new Set(chosen);
  const scored: { hit: TypeHit; score: number }[] = [];
  const groups = new Map<string, number>();
  for (const type of types) {
    if (type === '*') continue;
    const score = typeScore(type, words);
    if (!score) continue;
    if (!taken.has(type)) scored.push({ hit: { type, group: false }, score });
    const g = groupOf(type);
    if (g && !taken.has(g)) groups.set(g, Math.max(groups.get(g) ?? 0, score - 5));
  }
  if (words.length) for (const [type, score] of groups) scored.push({ hit: { type, group: true }, score });
  if (!taken.has('*') && (!words.length || '*'.includes(query.trim()) || /^all/.test(query.trim().toLowerCase()))) {
    scored.push({ hit: { type: '*', group: true }, score: 1000 });
  }
  scored.sort((a, b) => b.score - a.score || a.hit.type.localeCompare(b.hit.type));
  return scored.slice(0, limit).map((s) => s.hit);
}
