// Settings and typed values arrive as unknown (a node property, an input's value): only text and
// numbers are text; anything else counts as nothing, never as "[object Object]".
export function asText(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}
