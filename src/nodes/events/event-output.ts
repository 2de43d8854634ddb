/**
 * What the two receiving nodes (stripe-webhook, stripe-events) share: the message an event becomes,
 * the dedupe over the context store the user chose, and whether that store survives a restart.
 */
import { Dedupe, eventKey, type EventClaims, type EventFacts, type KeyValueStore } from '../../stripe';
import type { Node, NodeMessage } from '../shared/types';

export type EventSource = 'webhook' | 'poll';

/** msg.stripe of a received event (public contract). */
export interface EventMeta {
  eventId: string;
  type: string;
  livemode: boolean;
  account?: string;
  apiVersion?: string;
  source: EventSource;
  replay?: true;
}

/** The message an event leaves as: the event, its type as the topic (for a switch node), and msg.stripe. */
export function eventMessage(
  event: Record<string, unknown>,
  facts: EventFacts,
  source: EventSource,
  replay = false,
): NodeMessage {
  const stripe: EventMeta = { eventId: facts.id, type: facts.type, livemode: facts.livemode, source };
  if (facts.account) stripe.account = facts.account;
  if (facts.apiVersion) stripe.apiVersion = facts.apiVersion;
  if (replay) stripe.replay = true;
  return { payload: event, topic: facts.type, stripe };
}

/** A context of Node-RED (node, flow or global) with the callback form of get/set and a store name. */
export interface Context {
  get(key: string, store: string | undefined, cb: (err: Error | null, value?: unknown) => void): void;
  set(key: string, value: unknown, store: string | undefined, cb: (err?: Error | null) => void): void;
  keys(store: string | undefined, cb: (err: Error | null, keys?: string[]) => void): void;
}

export interface ContextNode extends Node {
  context(): Context & { global: Context; flow: Context };
}

/** A Node-RED context in one store, as the core's KeyValueStore. */
export function contextStore(context: Context, store: string | undefined): KeyValueStore {
  return {
    get: (key) =>
      new Promise((resolve, reject) => context.get(key, store, (err, v) => (err ? reject(err) : resolve(v)))),
    set: (key, value) =>
      new Promise((resolve, reject) => context.set(key, value, store, (err) => (err ? reject(err) : resolve()))),
    keys: () =>
      new Promise((resolve, reject) => context.keys(store, (err, keys) => (err ? reject(err) : resolve(keys ?? [])))),
  };
}

// One Dedupe per global context and store, so that every node of a runtime claims through one queue.
const dedupes = new WeakMap<object, Map<string, Dedupe>>();

/** The dedupe of the runtime's global context in a store ('' = the default store). */
export function dedupeFor(node: ContextNode, store: string): Dedupe {
  const global = node.context().global;
  let byStore = dedupes.get(global);
  if (!byStore) dedupes.set(global, (byStore = new Map<string, Dedupe>()));
  let d = byStore.get(store);
  if (!d) byStore.set(store, (d = new Dedupe(contextStore(global, store || undefined))));
  return d;
}

/** Claims an event; true when it is new and may go on. */
export function claimEvent(claims: EventClaims, facts: EventFacts): Promise<boolean> {
  return claims.claim(eventKey(facts.id, facts.livemode, facts.account));
}

/** Tells the claims that the event went on. */
export function sentEvent(claims: EventClaims, facts: EventFacts): void {
  claims.sent(eventKey(facts.id, facts.livemode, facts.account));
}

/** Forgets the claim of an event that could not go on. */
export function releaseEvent(claims: EventClaims, facts: EventFacts): Promise<void> {
  return claims.release(eventKey(facts.id, facts.livemode, facts.account));
}
