'use strict';
/* What changed between the committed catalogue and the one just generated, in lines to print. */

const SHOW = 12;

function list(title, items) {
  if (!items.length) return [];
  const shown = items.slice(0, SHOW).join(', ');
  return [`  ${title} (${items.length}): ${shown}${items.length > SHOW ? `, … ${items.length - SHOW} more` : ''}`];
}

/** An operation's parameter names (query or body: a DELETE's moving from body to query is no change). */
const paramNames = (op) => [...op.queryParams, ...op.bodyFields].map((p) => p.name);

/** { lines, counts } describing old -> new (either may lack fields; `old` may be undefined). */
function catalogueDiff(old, fresh) {
  if (!old) return { lines: ['diff: no committed catalogue to compare with'], counts: {} };
  const before = new Map(old.operations.map((o) => [o.id, o]));
  const after = new Map(fresh.operations.map((o) => [o.id, o]));
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const legacy = [...after.values()].filter((o) => o.legacy && !(before.get(o.id) || {}).legacy).map((o) => o.id);
  const paramsAdded = [];
  const paramsRemoved = [];
  for (const [id, op] of after) {
    const was = before.get(id);
    if (!was) continue;
    const a = new Set(paramNames(was));
    const b = new Set(paramNames(op));
    for (const n of b) if (!a.has(n)) paramsAdded.push(`${id} ${n}`);
    for (const n of a) if (!b.has(n)) paramsRemoved.push(`${id} ${n}`);
  }
  const types = (c) => new Set([...(c.eventTypes || []), ...(c.thinEventTypes || [])]);
  const ta = types(old);
  const tb = types(fresh);
  const eventsAdded = [...tb].filter((t) => !ta.has(t));
  const eventsRemoved = [...ta].filter((t) => !tb.has(t));
  const head =
    old.apiVersion === fresh.apiVersion
      ? `diff against the committed catalogue (API ${fresh.apiVersion}):`
      : `diff against the committed catalogue (API ${old.apiVersion} -> ${fresh.apiVersion}):`;
  const lines = [
    head,
    ...list('operations added', added),
    ...list('operations removed', removed),
    ...list('operations marked legacy', legacy),
    ...list('parameters added', paramsAdded),
    ...list('parameters removed', paramsRemoved),
    ...list('event types added', eventsAdded),
    ...list('event types removed', eventsRemoved),
  ];
  if (lines.length === 1) lines.push('  no change');
  return {
    lines,
    counts: {
      added: added.length,
      removed: removed.length,
      legacy: legacy.length,
      paramsAdded: paramsAdded.length,
      paramsRemoved: paramsRemoved.length,
      eventsAdded: eventsAdded.length,
      eventsRemoved: eventsRemoved.length,
    },
  };
}

module.exports = { catalogueDiff };
