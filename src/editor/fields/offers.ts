// The `{{` offers of a dialog's node from the editor's flow (mapping.ts decides what they are): the
// saved wiring as RED.nodes holds it, the upstream operations' answers and the event types' objects
// fetched on demand (once per editor session), msg.topic, msg.path and msg.stripe.
import { loadCatalogue, loadEventObjects, loadOperationDetails } from '../catalogue/catalogue-load';
import {
  commonOffers,
  eventOffers,
  messageSources,
  operationOffers,
  type FlowGraph,
  type FlowNode,
  type MappingOffer,
  type MessageSource,
} from './mapping';

/** What the walk needs of RED.nodes (typed loosely: Node-RED's versions differ in what they declare). */
interface EditorNodes {
  node(id: string): FlowNode | null | undefined;
  junction?(id: string): FlowNode | null | undefined;
  filterLinks(filter: { target: object }): { source: FlowNode }[];
}

/** The flow as it is saved in the editor (a node being edited keeps its saved wiring). */
export function editorGraph(): FlowGraph {
  const nodes = RED.nodes as unknown as EditorNodes;
  const seen = new Map<string, FlowNode>();
  const node = (id: string): FlowNode | undefined => {
    const n = seen.get(id) ?? nodes.node(id) ?? nodes.junction?.(id) ?? undefined;
    if (n) seen.set(id, n);
    return n;
  };
  return {
    node,
    sources(id) {
      const target = node(id);
      if (!target) return [];
      const found = nodes.filterLinks({ target }).map((l) => l.source);
      for (const s of found) seen.set(s.id, s);
      return found;
    },
  };
}

/** The offers of one source: its operation's answer or its event types' objects (none when unknown). */
async function sourceOffers(source: MessageSource): Promise<MappingOffer[]> {
  if (source.kind === 'operation') {
    const op = await loadOperationDetails(source.operationId);
    return op.response ? operationOffers(op.response, source.output) : [];
  }
  return eventOffers(await loadEventObjects(source.types));
}

/**
 * Everything a template of node `id` can name, each path once: the fields of every Stripe node whose
 * message arrives, then msg.topic, msg.path and msg.stripe. None when no Stripe node's message
 * arrives unchanged (a change node that sets msg.payload, a function node, nothing wired).
 */
export async function nodeOffers(id: string, graph: FlowGraph = editorGraph()): Promise<MappingOffer[]> {
  const sources = messageSources(id, graph);
  if (!sources.length) return [];
  await loadCatalogue();
  const lists = await Promise.all(sources.map((s) => sourceOffers(s).catch(() => [] as MappingOffer[])));
  const out: MappingOffer[] = [];
  const paths = new Set<string>();
  for (const offer of [...lists.flat(), ...commonOffers(sources[0])]) {
    if (paths.has(offer.path)) continue;
    paths.add(offer.path);
    out.push(offer);
  }
  return out;
}
