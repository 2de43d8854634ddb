// What a template field offers after `{{`: the fields of the message that arrives (no DOM). The
// message's sources are found by walking the flow backwards from the node's input through nodes that
// pass msg.payload on unchanged (a change node on other properties, switch, delay, link, junction) to
// a Stripe subscriber or publisher (its operation's response: one object, or with pagination and
// output `all` the array, `item` one object) or a stripe-webhook / stripe-events node (the event,
// with payload.data.object of the types it listens to). msg.topic, msg.path.* and msg.stripe.* are
// always there.
import type { EventObject, ResponseField, ResponseShape } from '../../rules';
import { t } from '../shared/i18n';

/** One thing a template can name: `payload.email`, with its type and a line of description. */
export interface MappingOffer {
  path: string;
  type: string;
  description: string;
}

/** A node of the flow as the walk sees it (RED.nodes.node's, cut down). */
export interface FlowNode {
  id: string;
  type: string;
  operationId?: string;
  pagination?: boolean;
  output?: string;
  events?: unknown;
  links?: string[];
  rules?: { t?: string; p?: string; pt?: string; to?: string; tot?: string }[];
}

/** Where the message comes from: a Stripe operation or an event node. */
export type MessageSource =
  | { kind: 'operation'; node: FlowNode; operationId: string; output: 'one' | 'all' | 'item' }
  | { kind: 'events'; node: FlowNode; types: string[] };

/** The flow as the walk needs it: a node by id, the nodes wired into a node's input. */
export interface FlowGraph {
  node(id: string): FlowNode | undefined;
  sources(id: string): FlowNode[];
}

const PASS = new Set(['switch', 'delay', 'junction', 'link in', 'link out', 'rbe', 'trigger']);

/** Whether a change node leaves msg.payload alone (it sets, changes, moves or deletes other properties). */
export function changeKeepsPayload(node: FlowNode): boolean {
  const touches = (p?: string, pt?: string) => (pt ?? 'msg') === 'msg' && !!p && /^payload(\.|\[|$)/.test(p);
  return !(node.rules ?? []).some((r) => touches(r.p, r.pt) || (r.t === 'move' && touches(r.to, r.tot)));
}

/** The Stripe nodes whose message reaches node `id`, through pass-through nodes (at most 50 nodes walked). */
export function messageSources(id: string, graph: FlowGraph): MessageSource[] {
  const out: MessageSource[] = [];
  const seen = new Set<string>([id]);
  const queue: FlowNode[] = [...graph.sources(id)];
  while (queue.length && seen.size < 50) {
    const n = queue.shift()!;
    if (seen.has(n.id)) continue;
    seen.add(n.id);
    if (n.type === 'stripe-subscriber' || n.type === 'stripe-publisher') {
      const opId = String(n.operationId ?? '').trim();
      if (!opId) continue;
      // With pagination, `all` and `page` send an array of objects, `item` one object.
      const paged = n.type === 'stripe-subscriber' && n.pagination;
      const output = paged ? (n.output === 'item' ? 'item' : 'all') : 'one';
      out.push({ kind: 'operation', node: n, operationId: opId, output });
    } else if (n.type === 'stripe-webhook' || n.type === 'stripe-events') {
      const types = Array.isArray(n.events)
        ? n.events.map(String)
        : (typeof n.events === 'string' ? n.events : '').split(/[\s,]+/);
      out.push({ kind: 'events', node: n, types: types.filter(Boolean) });
    } else if (n.type === 'link in') {
      for (const l of n.links ?? []) {
        const from = graph.node(l);
        if (from) queue.push(from);
      }
    } else if (PASS.has(n.type) || (n.type === 'change' && changeKeepsPayload(n))) {
      queue.push(...graph.sources(n.id));
    }
  }
  return out;
}

/** The fields under `prefix`, nested, each with its type and description (depth-limited). */
export function fieldOffers(
  prefix: string,
  fields: ResponseField[],
  out: MappingOffer[] = [],
  depth = 4,
): MappingOffer[] {
  for (const f of fields) {
    const path = `${prefix}.${f.name}`;
    const type =
      f.type === 'array' ? `${f.object ?? f.of ?? 'object'}[]` : f.object && !f.expandable ? f.object : (f.type ?? '');
    out.push({ path, type, description: f.description ?? '' });
    if (f.fields && depth > 0) fieldOffers(path, f.fields, out, depth - 1);
  }
  return out;
}

/** msg.stripe's fields after an event node, with their types and descriptions. */
function eventStripe(): MappingOffer[] {
  return [
    { path: 'stripe.eventId', type: 'string', description: t('mapping.eventId') },
    { path: 'stripe.type', type: 'string', description: t('mapping.eventType') },
    { path: 'stripe.livemode', type: 'boolean', description: t('mapping.livemode') },
    { path: 'stripe.account', type: 'string', description: t('mapping.account') },
    { path: 'stripe.apiVersion', type: 'string', description: t('mapping.apiVersion') },
    { path: 'stripe.source', type: 'string', description: t('mapping.source') },
  ];
}

/** msg.stripe's fields after an operation node, with their types and descriptions. */
function operationStripe(): MappingOffer[] {
  return [
    { path: 'stripe.operationId', type: 'string', description: t('mapping.operationId') },
    { path: 'stripe.method', type: 'string', description: t('mapping.method') },
    { path: 'stripe.path', type: 'string', description: t('mapping.requestPath') },
    { path: 'stripe.requestId', type: 'string', description: t('mapping.requestId') },
    { path: 'stripe.idempotencyKey', type: 'string', description: t('mapping.idempotencyKey') },
    { path: 'stripe.page', type: 'number', description: t('mapping.pageNumber') },
    { path: 'stripe.hasMore', type: 'boolean', description: t('mapping.hasMore') },
    { path: 'stripe.truncated', type: 'boolean', description: t('mapping.truncated') },
  ];
}

/** msg.topic, msg.path.*, msg.stripe.*: always there after a Stripe node. */
export function commonOffers(source?: MessageSource): MappingOffer[] {
  const events = source?.kind === 'events';
  return [
    { path: 'topic', type: 'string', description: events ? t('mapping.eventType') : t('mapping.topic') },
    { path: 'path', type: 'object', description: t('mapping.path') },
    { path: 'stripe', type: 'object', description: t('mapping.stripe') },
    ...(events ? eventStripe() : operationStripe()),
  ];
}

/** The offers of an operation's answer as the node sends it on. */
export function operationOffers(response: ResponseShape, output: 'one' | 'all' | 'item'): MappingOffer[] {
  const top = `${response.object}`;
  if (response.list && output === 'all') {
    return [
      { path: 'payload', type: `${top}[]`, description: t('mapping.all', { object: top }) },
      ...fieldOffers('payload.0', response.fields, [], 2),
    ];
  }
  if (response.list && output === 'one') {
    return [
      { path: 'payload', type: 'list', description: t('mapping.list', { object: top }) },
      { path: 'payload.data', type: `${top}[]`, description: t('mapping.page', { object: top }) },
      { path: 'payload.has_more', type: 'boolean', description: t('mapping.hasMore') },
      ...fieldOffers('payload.data.0', response.fields, [], 2),
    ];
  }
  return [
    { path: 'payload', type: top, description: t('mapping.one', { object: top }) },
    ...fieldOffers('payload', response.fields),
  ];
}

/** The offers of an event node's message: the event, and data.object of its types. */
export function eventOffers(objects: EventObject[]): MappingOffer[] {
  const out: MappingOffer[] = [
    { path: 'payload', type: 'event', description: t('mapping.event') },
    { path: 'payload.id', type: 'string', description: t('mapping.eventId') },
    { path: 'payload.type', type: 'string', description: t('mapping.eventType') },
    { path: 'payload.created', type: 'number', description: t('mapping.created') },
    {
      path: 'payload.data.object',
      type: objects.map((o) => o.object).join(' | ') || 'object',
      description: t('mapping.dataObject'),
    },
    { path: 'payload.data.previous_attributes', type: 'object', description: t('mapping.previous') },
  ];
  const seen = new Set(out.map((o) => o.path));
  for (const o of objects) {
    for (const f of fieldOffers('payload.data.object', o.fields)) {
      if (!seen.has(f.path)) {
        seen.add(f.path);
        out.push(f);
      }
    }
  }
  return out;
}

/** The open template at the caret: what follows `{{` (without `}}` since), or null. */
export function openTemplate(text: string, caret: number): { start: number; typed: string } | null {
  const before = text.slice(0, caret);
  const open = before.lastIndexOf('{{');
  if (open < 0 || before.indexOf('}}', open) >= 0) return null;
  const typed = before.slice(open + 2).replace(/^\s+/, '');
  if (/\s/.test(typed)) return null;
  return { start: open, typed };
}

/** The offers matching what was typed: those under it, nearest first, at most `max`. */
export function matchOffers(offers: MappingOffer[], typed: string, max = 40): MappingOffer[] {
  const typedPath = typed.replace(/^msg\./, '').toLowerCase();
  // By depth, each kept in the offers' order (a stable sort by depth, without sorting them all).
  const byDepth: MappingOffer[][] = [];
  for (const o of offers) {
    if (!o.path.toLowerCase().startsWith(typedPath)) continue;
    let depth = 0;
    for (let i = o.path.indexOf('.'); i >= 0; i = o.path.indexOf('.', i + 1)) depth++;
    (byDepth[depth] ??= []).push(o);
  }
  const out: MappingOffer[] = [];
  for (const level of byDepth) {
    if (!level) continue;
    for (const o of level) {
      if (out.length >= max) return out;
      out.push(o);
    }
  }
  return out;
}

/** The text with the open template replaced by `{{path}}`, and where the caret goes. */
export function applyOffer(text: string, caret: number, path: string): { text: string; caret: number } {
  const open = openTemplate(text, caret);
  if (!open) return { text, caret };
  const rest = text.slice(caret).replace(/^[^\s{}]*\}\}/, '');
  const inserted = `{{${path}}}`;
  return { text: text.slice(0, open.start) + inserted + rest, caret: open.start + inserted.length };
}
