/**
 * The Stripe sidebar's runtime side: the recorder's buffers (recorder.ts) for every Stripe node of
 * the runtime, the throttled publisher of what changed over Node-RED's comms (retained, so an editor
 * that connects later gets the last of each), and the admin routes (routes.ts).
 *
 * The node files wire it: a stripe-client hands its client (watch), a held publisher its queue
 * (watchHold), the webhook and events nodes their outcomes (webhook, poller). Nothing here is on the
 * path of a message: recording is a few assignments, publishing happens at most every FLUSH_MS.
 *
 * Comms topics (all retained): stripe/sidebar/client/<id> { client, rows (new since the last), series
 * (its last seconds) }, stripe/sidebar/held/<id>, stripe/sidebar/webhook/<id>, stripe/sidebar/poller/<id>;
 * `{ gone: true }` (not retained) when a node goes.
 */
import { StripeClient, HeldMessage, HoldView, toStripeError } from '../../stripe';
import {
  ClientInfo,
  ClientRecord,
  OUTCOMES,
  PollerRecord,
  WebhookOutcome,
  WebhookRecord,
  refusalKind,
} from './recorder';
import { Words, wordsFor } from '../shared/words';
import { SidebarRED, sidebarRoutes } from './routes';

export type { SidebarRED } from './routes';

export { REQUESTS, SERIES_SECONDS, refusalKind } from './recorder';

/** At most this often a topic is published (a few a second, as the core's delay node shows its status). */
export const FLUSH_MS = 250;

/** What the sidebar needs of a held publisher (the HoldSender of src/nodes/operations). */
export interface HeldControl {
  view(): HoldView | undefined;
  list(limit: number): HeldMessage[];
  sendNow(): boolean;
  discard(all: boolean): number;
  onChange: (() => void) | undefined;
}

export interface Comms {
  publish(topic: string, data: unknown, retain?: boolean): void;
}

type Kind = 'client' | 'held' | 'webhook' | 'poller';

export class Sidebar {
  readonly clients = new Map<string, ClientRecord>();
  readonly holds = new Map<string, HeldControl>();
  readonly webhooks = new Map<string, WebhookRecord>();
  readonly pollers = new Map<string, PollerRecord>();
  comms: Comms | undefined;
  words: Words | undefined;
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  /** Records a client's requests; returns what stops it (the node's close). */
  watch(id: string, client: StripeClient, name?: string, fleet?: boolean): () => void {
    const info = (): ClientInfo => {
      const l = client.limiter as { limit: number; currentRate: number; shared?: boolean; fleetInWindow?: number };
      return {
        name,
        mode: client.mode,
        limit: l.limit,
        currentRate: l.currentRate,
        fleet: fleet ? { shared: !!l.shared, inWindow: l.fleetInWindow } : undefined,
      };
    };
    const rec = new ClientRecord(id, info);
    this.clients.set(id, rec);
    const key = `client/${id}`;
    client.onRequest = (r) => {
      rec.add(r);
      this.changedKey(key);
    };
    this.changed('client', id);
    return () => {
      client.onRequest = undefined;
      if (this.clients.get(id) === rec) this.gone('client', id, this.clients);
    };
  }

  /** Shows a held publisher's queue; returns what stops it. */
  watchHold(id: string, hold: HeldControl): () => void {
    this.holds.set(id, hold);
    hold.onChange = () => this.changed('held', id);
    this.changed('held', id);
    return () => {
      hold.onChange = undefined;
      if (this.holds.get(id) === hold) this.gone('held', id, this.holds);
    };
  }

  /** A webhook node's outcome: an event accepted, a repeat, or a refusal with the receiver's code. */
  webhook(id: string, outcome: 'accepted' | 'repeat' | { refused: string }, event?: { id: string; type: string }) {
    let w = this.webhooks.get(id);
    if (!w) this.webhooks.set(id, (w = new WebhookRecord(id)));
    const kind: WebhookOutcome = typeof outcome === 'string' ? outcome : refusalKind(outcome.refused);
    w.count(kind);
    if (event) w.last = { at: Date.now(), id: event.id, type: event.type };
    this.changed('webhook', id);
  }

  /** A poller's place after a poll (or a poll that failed, or a standing by). */
  poller(id: string, update: Omit<PollerRecord, 'id'>): void {
    const p = this.pollers.get(id) ?? { id };
    Object.assign(p, update);
    this.pollers.set(id, p);
    this.changed('poller', id);
  }

  /** Forgets a webhook or poller node (closed). */
  forget(kind: 'webhook' | 'poller', id: string): void {
    if (kind === 'webhook') this.gone(kind, id, this.webhooks);
    else this.gone(kind, id, this.pollers);
  }

  // What the editor gets.

  clientView(rec: ClientRecord, now = Date.now()) {
    return rec.summary(now);
  }

  heldView(id: string, hold: HeldControl) {
    const v = hold.view();
    const err = v?.lastError;
    let lastError: string | undefined;
    if (err !== undefined) {
      const e = toStripeError(err);
      lastError = this.words ? this.words.reason(e) : e.reason;
    }
    return {
      id,
      held: v?.held ?? 0,
      since: v?.since,
      attempts: v?.attempts ?? 0,
      sending: v?.sending ?? false,
      lastError,
    };
  }

  webhookView(w: WebhookRecord, now = Date.now()) {
    return { id: w.id, hour: w.hour(now), last: w.last };
  }

  pollerView(p: PollerRecord, now = Date.now()) {
    const lag = p.cursor ? Math.max(0, Math.round(now / 1000 - p.cursor.created)) : undefined;
    return { ...p, lag };
  }

  /** Everything, for an editor that opens the tab (GET stripe/sidebar/state). */
  state() {
    const now = Date.now();
    return {
      clients: [...this.clients.values()].map((c) => ({
        ...this.clientView(c, now),
        rows: c.list(),
        series: c.series(),
      })),
      held: [...this.holds.entries()].map(([id, h]) => this.heldView(id, h)),
      webhooks: [...this.webhooks.values()].map((w) => this.webhookView(w, now)),
      pollers: [...this.pollers.values()].map((p) => this.pollerView(p, now)),
      outcomes: OUTCOMES,
    };
  }

  // The throttled publisher.

  private changed(kind: Kind, id: string): void {
    this.changedKey(`${kind}/${id}`);
  }

  /** changed(), with its `kind/id` key made once (a client's, for each of its requests). */
  private changedKey(key: string): void {
    this.dirty.add(key);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref?.();
    }
  }

  private gone<T>(kind: Kind, id: string, map: Map<string, T>): void {
    map.delete(id);
    this.dirty.delete(`${kind}/${id}`);
    this.publish(`stripe/sidebar/${kind}/${id}`, { id, gone: true }, false);
  }

  /** Publishes what changed since the last flush, one retained message per node. */
  flush(): void {
    this.timer = undefined;
    const now = Date.now();
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      const slash = key.indexOf('/');
      const kind = key.slice(0, slash) as Kind;
      const id = key.slice(slash + 1);
      const data = this.viewOf(kind, id, now);
      if (data) this.publish(`stripe/sidebar/${key}`, data, true);
    }
  }

  private viewOf(kind: Kind, id: string, now: number): unknown {
    if (kind === 'client') {
      const c = this.clients.get(id);
      if (!c) return undefined;
      const rows = c.fresh;
      c.fresh = [];
      return { ...this.clientView(c, now), rows, series: c.series(Math.floor(now / 1000) - 5) };
    }
    if (kind === 'held') {
      const h = this.holds.get(id);
      return h && this.heldView(id, h);
    }
    if (kind === 'webhook') {
      const w = this.webhooks.get(id);
      return w && this.webhookView(w, now);
    }
    const p = this.pollers.get(id);
    return p && this.pollerView(p, now);
  }

  private publish(topic: string, data: unknown, retain: boolean): void {
    try {
      this.comms?.publish(topic, data, retain);
    } catch {
      /* an editor's connection never breaks the runtime */
    }
  }

  /** Stops the timer (tests, a stopping runtime). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.dirty.clear();
  }
}

/** The process's sidebar: every Stripe node of the runtime records into it. */
export const sidebar = new Sidebar();

/**
 * The admin apps that already have the sidebar's routes (once per admin app, as src/nodes/admin does).
 */
const registered = new WeakSet<object>();

/** Adds the sidebar's routes to Node-RED's admin app (once per app) and points the publisher at its comms. */
export function registerSidebar(RED: SidebarRED): void {
  if (RED.comms) sidebar.comms = RED.comms;
  sidebar.words = wordsFor(RED);
  const app = RED?.httpAdmin;
  if (!app || registered.has(app)) return;
  registered.add(app);
  sidebarRoutes(app, RED.auth.needsPermission('stripe.read'), RED.auth.needsPermission('stripe.write'), sidebar);
}
