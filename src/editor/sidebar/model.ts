// The Stripe sidebar's state in the editor, without DOM: what GET stripe/sidebar/state gave, merged
// with the comms updates (src/nodes/sidebar), the request filters, and the figures the tab shows.
import type { RequestRow } from '../../rules';

export type { RequestRow };

/** A second of a client's series: [second (unix), requests, latency sum ms, 429s, retries, errors]. */
export type Second = [number, number, number, number, number, number];

export interface ClientView {
  id: string;
  name?: string;
  mode: 'test' | 'live';
  limit: number;
  currentRate: number;
  fleet?: { shared: boolean; inWindow?: number };
  lastSecond: number;
  total: number;
  throttled: number;
  retries: number;
  errors: number;
  rows?: RequestRow[];
  series?: Second[];
  gone?: boolean;
}

export interface HeldView {
  id: string;
  held: number;
  since?: number;
  attempts: number;
  sending: boolean;
  lastError?: string;
  gone?: boolean;
}

export const OUTCOMES = ['accepted', 'repeat', 'signature', 'timestamp', 'noSecret', 'body', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface WebhookView {
  id: string;
  hour: Record<Outcome, number>;
  last?: { at: number; id: string; type: string };
  gone?: boolean;
}

export interface PollerView {
  id: string;
  cursor?: { id?: string; created: number };
  lastPoll?: number;
  polling?: boolean;
  instance?: string;
  error?: string;
  lag?: number;
  gone?: boolean;
}

export interface SidebarState {
  clients: ClientView[];
  held: HeldView[];
  webhooks: WebhookView[];
  pollers: PollerView[];
}

/** How many requests the editor keeps per client (the runtime keeps as many). */
export const KEEP = 250;
/** The seconds the charts show. */
export const CHART_SECONDS = 300;

export type StatusFilter = 'all' | '2xx' | '4xx' | '5xx' | 'network';

export interface Filters {
  status: StatusFilter;
  node: string;
  text: string;
}

/** The class of an answer's status: 2xx, 4xx, 5xx, or network (no answer). */
export function statusClass(status: number): Exclude<StatusFilter, 'all'> {
  if (!status) return 'network';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  return '2xx';
}

/** Whether a row passes the filters (the text matched against operation, path, ids and the error). */
export function passes(row: RequestRow & { client?: string }, f: Filters, nodeName?: string): boolean {
  if (f.status !== 'all' && statusClass(row.status) !== f.status) return false;
  if (f.node && row.node !== f.node) return false;
  const q = f.text.trim().toLowerCase();
  if (!q) return true;
  const hay = [
    row.op,
    row.method,
    row.path,
    String(row.status),
    row.requestId,
    row.idempotencyKey,
    row.error?.type,
    row.error?.code,
    row.error?.message,
    nodeName,
  ]
    .filter(Boolean)
    .join(' ')
    .toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}

/** A link to the request in Stripe's Dashboard (its request log), test or live. */
export function dashboardUrl(requestId: string, mode: 'test' | 'live'): string {
  return `https://dashboard.stripe.com/${mode === 'test' ? 'test/' : ''}logs/${encodeURIComponent(requestId)}`;
}

/** A duration for people: 850 ms, 3.2 s, 4 min, 2 h. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  return `${Math.floor(ms / 3_600_000)} h`;
}

/** A time of day, hh:mm:ss. */
export function clock(at: number): string {
  const d = new Date(at);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

/** Requests per second and mean latency (ms) for each of the last `seconds`, oldest first (0 where none). */
export function chartSeries(series: Second[], now: number, seconds = CHART_SECONDS): { rps: number[]; ms: number[] } {
  const end = Math.floor(now / 1000);
  const start = end - seconds + 1;
  const rps = new Array<number>(seconds).fill(0);
  const ms = new Array<number>(seconds).fill(0);
  for (const s of series) {
    const i = s[0] - start;
    if (i < 0 || i >= seconds) continue;
    rps[i] = s[1];
    ms[i] = s[1] ? s[2] / s[1] : 0;
  }
  return { rps, ms };
}

/** The editor's copy of the sidebar's state, merged from the route and the comms updates. */
export class Model {
  readonly clients = new Map<string, ClientView>();
  readonly rows = new Map<string, RequestRow[]>();
  readonly series = new Map<string, Second[]>();
  readonly held = new Map<string, HeldView>();
  readonly webhooks = new Map<string, WebhookView>();
  readonly pollers = new Map<string, PollerView>();
  /** Rows that arrived while the list was paused. */
  arrivedWhilePaused = 0;
  paused = false;

  load(s: SidebarState): void {
    this.clients.clear();
    this.rows.clear();
    this.series.clear();
    for (const c of s.clients) this.client(c);
    this.held.clear();
    for (const h of s.held) this.held.set(h.id, h);
    this.webhooks.clear();
    for (const w of s.webhooks) this.webhooks.set(w.id, w);
    this.pollers.clear();
    for (const p of s.pollers) this.pollers.set(p.id, p);
  }

  /** A comms update: `stripe/sidebar/<kind>/<id>`. Returns the kind that changed. */
  update(topic: string, data: unknown): string | undefined {
    const m = /^stripe\/sidebar\/(client|held|webhook|poller)\/(.+)$/.exec(topic);
    if (!m || !data || typeof data !== 'object') return undefined;
    const [, kind, id] = m;
    const gone = (data as { gone?: boolean }).gone === true;
    if (kind === 'client') {
      if (gone) {
        this.clients.delete(id);
        this.rows.delete(id);
        this.series.delete(id);
      } else this.client(data as ClientView);
    } else {
      const map = kind === 'held' ? this.held : kind === 'webhook' ? this.webhooks : this.pollers;
      if (gone) map.delete(id);
      else (map as Map<string, unknown>).set(id, data);
    }
    return kind;
  }

  private client(c: ClientView): void {
    const { rows, series, ...rest } = c;
    this.clients.set(c.id, rest);
    const kept = this.rows.get(c.id) ?? [];
    const last = kept.length ? kept[kept.length - 1].seq : 0;
    // (A client redeployed is gone first, and starts its numbers again.)
    const fresh = (rows ?? []).filter((r) => r.seq > last);
    for (const r of fresh) kept.push(r);
    if (this.paused) this.arrivedWhilePaused += fresh.length;
    if (kept.length > KEEP) kept.splice(0, kept.length - KEEP);
    this.rows.set(c.id, kept);
    const s = this.series.get(c.id) ?? [];
    for (const sec of series ?? []) {
      const i = s.findIndex((x) => x[0] === sec[0]);
      if (i >= 0) s[i] = sec;
      else s.push(sec);
    }
    s.sort((a, b) => a[0] - b[0]);
    const from = Math.floor(Date.now() / 1000) - CHART_SECONDS;
    while (s.length && s[0][0] < from) s.shift();
    this.series.set(c.id, s);
  }

  /** Every kept request of every client, newest first, with its client's id and mode. */
  allRows(): (RequestRow & { client: string; mode: 'test' | 'live' })[] {
    const out: (RequestRow & { client: string; mode: 'test' | 'live' })[] = [];
    for (const [id, rows] of this.rows) {
      const mode = this.clients.get(id)?.mode ?? 'test';
      for (const r of rows) out.push({ ...r, client: id, mode });
    }
    return out.sort((a, b) => b.at - a.at || b.seq - a.seq);
  }
}
