// The Stripe sidebar's DOM: four sections (requests, clients, held, events), built with jQuery and text
// nodes (never HTML strings), redrawn from the model at most every few hundred milliseconds.
import { el, icon, space } from '../shared/dom';
import { t } from '../shared/i18n';
import { chart } from './chart';
import {
  ClientView,
  Filters,
  HeldView,
  Model,
  OUTCOMES,
  Outcome,
  PollerView,
  RequestRow,
  StatusFilter,
  WebhookView,
  chartSeries,
  clock,
  dashboardUrl,
  duration,
  passes,
  statusClass,
} from './model';

/** What the view asks of the tab (index.ts): the routes. */
export interface Actions {
  params(client: string, seq: number): Promise<string | null>;
  sendNow(id: string): Promise<void>;
  discard(id: string, all: boolean): Promise<number>;
  download(id: string): Promise<void>;
}

/** The most rows drawn at once (the runtime keeps a few hundred per client). */
const DRAWN = 200;

/** A node's label on the canvas (its name, else its type's label), or its id when it is not in the flows. */
export function nodeLabel(id: string | undefined): string {
  if (!id) return '';
  const n = RED.nodes.node(id) as { name?: string; type?: string } | null;
  if (!n) return id;
  try {
    return RED.utils.getNodeLabel(n as Parameters<typeof RED.utils.getNodeLabel>[0], n.type) || id;
  } catch {
    return n.name || n.type || id;
  }
}

function nodeLink(id: string | undefined): JQuery {
  const a = el('a', 'stripe-sb-node', nodeLabel(id)).attr('href', '#');
  a.on('click', (e) => {
    e.preventDefault();
    e.stopPropagation();
    if (id) RED.view.reveal(id);
  });
  return a;
}

function section(name: string, title: string): { root: JQuery; body: JQuery; count: JQuery } {
  const root = el('div', `stripe-sb-section stripe-sb-section-${name}`).attr('data-section', name);
  const count = el('span', 'stripe-sb-count');
  const header = el('div', 'stripe-sb-header').append(
    icon('angle-down'),
    space(),
    el('span', '', title),
    space(),
    count,
  );
  const body = el('div', 'stripe-sb-body');
  header.on('click', () => {
    root.toggleClass('stripe-sb-collapsed');
  });
  root.append(header, body);
  return { root, body, count };
}

const OUTCOME_TEXT: Record<Outcome, () => string> = {
  accepted: () => t('sidebar.events.accepted'),
  repeat: () => t('sidebar.events.repeat'),
  signature: () => t('sidebar.events.signature'),
  timestamp: () => t('sidebar.events.timestamp'),
  noSecret: () => t('sidebar.events.noSecret'),
  body: () => t('sidebar.events.body'),
  other: () => t('sidebar.events.other'),
};

export class SidebarView {
  readonly root: JQuery;
  readonly filters: Filters = { status: 'all', node: '', text: '' };
  private readonly requests = section('requests', t('sidebar.requests.title'));
  private readonly clients = section('clients', t('sidebar.clients.title'));
  private readonly held = section('held', t('sidebar.held.title'));
  private readonly events = section('events', t('sidebar.events.title'));
  private readonly list = el('div', 'stripe-sb-list');
  private readonly nodeSelect = el('select', 'stripe-sb-filter-node');
  private readonly pauseButton = el('button', 'red-ui-button red-ui-button-small stripe-sb-pause');
  /** The held publisher whose discard waits for the user's yes: `id:head` or `id:all`. */
  private confirming: string | undefined;
  /** Parameters opened, by `client:seq`. */
  private readonly opened = new Map<string, string | null>();

  constructor(
    private readonly model: Model,
    private readonly actions: Actions,
  ) {
    this.root = el('div', 'stripe-sidebar');
    this.root.append(this.requests.root, this.clients.root, this.held.root, this.events.root);
    this.requests.body.append(this.toolbar(), this.list);
  }

  private toolbar(): JQuery {
    const status = el('select', 'stripe-sb-filter-status');
    const choices: [StatusFilter, string][] = [
      ['all', t('sidebar.requests.all')],
      ['2xx', '2xx'],
      ['4xx', '4xx'],
      ['5xx', '5xx'],
      ['network', t('sidebar.requests.network')],
    ];
    for (const [v, label] of choices) status.append(el('option', '', label).val(v));
    status.on('change', () => {
      this.filters.status = String(status.val()) as StatusFilter;
      this.renderRequests();
    });
    this.nodeSelect.on('change', () => {
      this.filters.node = String(this.nodeSelect.val() ?? '');
      this.renderRequests();
    });
    const text = el('input', 'stripe-sb-filter-text')
      .attr({ type: 'text', placeholder: t('sidebar.requests.search') })
      .on('input', () => {
        this.filters.text = String(text.val() ?? '');
        this.renderRequests();
      });
    this.pauseButton.on('click', () => {
      this.model.paused = !this.model.paused;
      this.model.arrivedWhilePaused = 0;
      this.renderRequests(true);
    });
    return el('div', 'stripe-sb-toolbar').append(status, this.nodeSelect, text, this.pauseButton);
  }

  /** Redraws everything (or the sections named). */
  render(kinds?: Set<string>): void {
    if (!kinds || kinds.has('client')) {
      this.renderRequests();
      this.renderClients();
    }
    if (!kinds || kinds.has('held')) this.renderHeld();
    if (!kinds || kinds.has('webhook') || kinds.has('poller')) this.renderEvents();
  }

  /** The request list; while paused only the button's count moves (unless `force`). */
  renderRequests(force = false): void {
    const m = this.model;
    this.pauseButton
      .empty()
      .append(
        icon(m.paused ? 'play' : 'pause'),
        space(),
        el(
          'span',
          '',
          m.paused ? t('sidebar.requests.paused', { n: m.arrivedWhilePaused }) : t('sidebar.requests.live'),
        ),
      );
    if (m.paused && !force) return;
    const rows = m.allRows();
    this.requests.count.text(String(rows.length));
    this.nodeChoices(rows);
    const shown = rows.filter((r) => passes(r, this.filters, nodeLabel(r.node))).slice(0, DRAWN);
    this.list.empty();
    if (!shown.length) this.list.append(el('div', 'stripe-sb-empty', t('sidebar.requests.none')));
    for (const r of shown) this.list.append(this.row(r));
  }

  private nodeChoices(rows: RequestRow[]): void {
    const ids = [...new Set(rows.map((r) => r.node).filter((x): x is string => !!x))];
    const now = this.nodeSelect.children().length - 1;
    if (now === ids.length) return;
    this.nodeSelect.empty().append(el('option', '', t('sidebar.requests.allNodes')).val(''));
    for (const id of ids) this.nodeSelect.append(el('option', '', nodeLabel(id)).val(id));
    this.nodeSelect.val(this.filters.node);
  }

  private row(r: RequestRow & { client: string; mode: 'test' | 'live' }): JQuery {
    const cls = statusClass(r.status);
    const row = el('div', `stripe-sb-req stripe-sb-${cls}`).attr({ 'data-seq': r.seq, 'data-node': r.node ?? '' });
    const status = el(
      'span',
      `stripe-sb-status stripe-sb-status-${cls}`,
      r.status ? String(r.status) : t('sidebar.requests.network'),
    );
    const line1 = el('div', 'stripe-sb-line').append(
      el('span', 'stripe-sb-time', clock(r.at)),
      space(),
      status,
      space(),
      el('span', 'stripe-sb-op', r.op ?? ''),
      space(),
      nodeLink(r.node),
      space(),
      el('span', 'stripe-sb-ms', duration(r.ms)),
    );
    if (r.retries)
      line1.append(space(), el('span', 'stripe-sb-retries', t('sidebar.requests.retries', { n: r.retries })));
    const line2 = el('div', 'stripe-sb-line stripe-sb-path').append(
      el('span', `stripe-method stripe-method-${r.method.toLowerCase()}`, r.method),
      space(),
      el('code', '', r.path),
    );
    row.append(line1, line2);
    if (r.requestId || r.idempotencyKey) {
      const ids = el('div', 'stripe-sb-line stripe-sb-ids');
      if (r.requestId) {
        ids.append(
          el('a', 'stripe-sb-request-id', r.requestId).attr({
            href: dashboardUrl(r.requestId, r.mode),
            target: '_blank',
            rel: 'noopener noreferrer',
            title: t('sidebar.requests.dashboard'),
          }),
        );
      }
      if (r.idempotencyKey) {
        ids.append(space(), el('span', 'stripe-sb-key', r.idempotencyKey).attr('title', t('sidebar.requests.key')));
      }
      row.append(ids);
    }
    if (r.error) {
      const tags = [r.error.type, r.error.code].filter(Boolean).join(' · ');
      row.append(
        el('div', 'stripe-sb-line stripe-sb-error').append(
          tags ? el('span', 'stripe-sb-error-code', tags) : $(),
          tags ? space() : $(),
          el('span', 'stripe-sb-error-message', r.error.message),
        ),
      );
    }
    if (r.params) {
      const k = `${r.client}:${r.seq}`;
      const open = this.opened.get(k);
      const link = el('a', 'stripe-sb-params-link', t('sidebar.requests.params')).attr('href', '#');
      link.on('click', (e) => {
        e.preventDefault();
        if (this.opened.has(k)) this.opened.delete(k);
        else {
          void this.actions.params(r.client, r.seq).then((p) => {
            this.opened.set(k, p);
            this.renderRequests(true);
          });
        }
        this.renderRequests(true);
      });
      row.append(el('div', 'stripe-sb-line').append(link));
      if (open !== undefined) row.append(el('pre', 'stripe-sb-params', open ?? t('sidebar.requests.paramsGone')));
    }
    return row;
  }

  renderClients(): void {
    const body = this.clients.body.empty();
    const list = [...this.model.clients.values()];
    this.clients.count.text(String(list.length));
    if (!list.length) body.append(el('div', 'stripe-sb-empty', t('sidebar.clients.none')));
    for (const c of list) body.append(this.client(c));
  }

  private client(c: ClientView): JQuery {
    const box = el('div', 'stripe-sb-client').attr('data-id', c.id);
    const limit = Math.round(c.currentRate * 10) / 10;
    box.append(
      el('div', 'stripe-sb-line').append(
        nodeLink(c.id),
        space(),
        el(
          'span',
          `stripe-sb-mode stripe-sb-mode-${c.mode}`,
          c.mode === 'live' ? t('sidebar.clients.live') : t('sidebar.clients.test'),
        ),
      ),
      el('div', 'stripe-sb-line stripe-sb-budget').append(
        el('span', 'stripe-sb-rate', t('sidebar.clients.rate', { n: c.lastSecond, limit })),
        c.fleet
          ? el(
              'span',
              'stripe-sb-fleet',
              !c.fleet.shared
                ? t('sidebar.clients.fleetShare')
                : c.fleet.inWindow === undefined
                  ? t('sidebar.clients.fleetShared')
                  : t('sidebar.clients.fleetWindow', { n: c.fleet.inWindow }),
            )
          : $(),
      ),
      el(
        'div',
        'stripe-sb-line stripe-sb-totals',
        t('sidebar.clients.totals', { total: c.total, throttled: c.throttled, retries: c.retries, errors: c.errors }),
      ),
    );
    const { rps, ms } = chartSeries(this.model.series.get(c.id) ?? [], Date.now());
    box.append(
      $(chart(rps, ms, t('sidebar.clients.chart'))),
      el('div', 'stripe-sb-legend').append(
        el('span', 'stripe-sb-legend-rps', t('sidebar.clients.legendRps', { n: Math.max(0, ...rps) })),
        space(),
        el('span', 'stripe-sb-legend-ms', t('sidebar.clients.legendMs', { n: Math.round(Math.max(0, ...ms)) })),
      ),
    );
    return box;
  }

  renderHeld(): void {
    const body = this.held.body.empty();
    const list = [...this.model.held.values()];
    this.held.count.text(String(list.reduce((n, h) => n + h.held, 0)));
    if (!list.length) body.append(el('div', 'stripe-sb-empty', t('sidebar.held.none')));
    for (const h of list) body.append(this.heldBox(h));
  }

  private heldBox(h: HeldView): JQuery {
    const box = el('div', 'stripe-sb-held').attr('data-id', h.id);
    box.append(
      el('div', 'stripe-sb-line').append(
        nodeLink(h.id),
        space(),
        el('span', 'stripe-sb-held-count', t('sidebar.held.count', { n: h.held })),
      ),
    );
    if (h.held) {
      const facts: string[] = [];
      if (h.since) facts.push(t('sidebar.held.oldest', { age: duration(Date.now() - h.since) }));
      facts.push(t('sidebar.held.attempts', { n: h.attempts }));
      if (h.sending) facts.push(t('sidebar.held.sending'));
      box.append(el('div', 'stripe-sb-line stripe-sb-held-facts', facts.join(' · ')));
      if (h.lastError) box.append(el('div', 'stripe-sb-line stripe-sb-error', h.lastError));
    }
    const button = (cls: string, label: string, ic: string, fn: () => void): JQuery =>
      el('button', `red-ui-button red-ui-button-small ${cls}`)
        .append(icon(ic), space(), el('span', '', label))
        .on('click', (e) => {
          e.preventDefault();
          fn();
        });
    const key = this.confirming;
    if (key === `${h.id}:head` || key === `${h.id}:all`) {
      const all = key.endsWith(':all');
      box.append(
        el('div', 'stripe-sb-confirm').append(
          el('span', '', all ? t('sidebar.held.confirmAll', { n: h.held }) : t('sidebar.held.confirmHead')),
          space(),
          button('stripe-sb-confirm-yes', t('sidebar.held.discard'), 'trash', () => {
            this.confirming = undefined;
            void this.actions.discard(h.id, all);
          }),
          space(),
          button('stripe-sb-confirm-no', t('sidebar.held.cancel'), 'times', () => {
            this.confirming = undefined;
            this.renderHeld();
          }),
        ),
      );
    } else if (h.held) {
      box.append(
        el('div', 'stripe-sb-actions').append(
          button('stripe-sb-send-now', t('sidebar.held.sendNow'), 'paper-plane', () => void this.actions.sendNow(h.id)),
          space(),
          button('stripe-sb-discard-head', t('sidebar.held.discardHead'), 'trash-o', () => {
            this.confirming = `${h.id}:head`;
            this.renderHeld();
          }),
          space(),
          button('stripe-sb-discard-all', t('sidebar.held.discardAll'), 'trash', () => {
            this.confirming = `${h.id}:all`;
            this.renderHeld();
          }),
          space(),
          button('stripe-sb-download', t('sidebar.held.download'), 'download', () => void this.actions.download(h.id)),
        ),
      );
    }
    return box;
  }

  renderEvents(): void {
    const body = this.events.body.empty();
    const hooks = [...this.model.webhooks.values()];
    const pollers = [...this.model.pollers.values()];
    this.events.count.text(String(hooks.length + pollers.length));
    if (!hooks.length && !pollers.length) body.append(el('div', 'stripe-sb-empty', t('sidebar.events.none')));
    for (const w of hooks) body.append(this.webhook(w));
    for (const p of pollers) body.append(this.poller(p));
  }

  private webhook(w: WebhookView): JQuery {
    const box = el('div', 'stripe-sb-webhook').attr('data-id', w.id);
    box.append(
      el('div', 'stripe-sb-line').append(
        nodeLink(w.id),
        space(),
        el('span', 'stripe-sb-dim', t('sidebar.events.lastHour')),
      ),
    );
    const counts = el('div', 'stripe-sb-line stripe-sb-outcomes');
    for (const k of OUTCOMES) {
      const n = w.hour[k] ?? 0;
      if (!n && k !== 'accepted' && k !== 'repeat') continue;
      counts.append(el('span', `stripe-sb-outcome stripe-sb-outcome-${k}`, `${OUTCOME_TEXT[k]()} ${n}`), space());
    }
    box.append(counts);
    if (w.last) {
      box.append(
        el('div', 'stripe-sb-line stripe-sb-dim').append(
          el('span', '', t('sidebar.events.last', { time: clock(w.last.at) })),
          space(),
          el('code', '', w.last.type),
          space(),
          el('span', '', w.last.id),
        ),
      );
    }
    return box;
  }

  private poller(p: PollerView): JQuery {
    const box = el('div', 'stripe-sb-poller').attr('data-id', p.id);
    const role =
      p.polling === undefined ? '' : p.polling ? t('sidebar.events.polling') : t('sidebar.events.standingBy');
    box.append(
      el('div', 'stripe-sb-line').append(nodeLink(p.id), space(), role ? el('span', 'stripe-sb-role', role) : $()),
    );
    const facts: string[] = [];
    if (p.lastPoll) facts.push(t('sidebar.events.lastPoll', { time: clock(p.lastPoll) }));
    if (p.lag !== undefined) facts.push(t('sidebar.events.lag', { lag: duration(p.lag * 1000) }));
    if (p.instance) facts.push(t('sidebar.events.instance', { instance: p.instance }));
    if (facts.length) box.append(el('div', 'stripe-sb-line stripe-sb-dim', facts.join(' · ')));
    if (p.cursor?.id)
      box.append(
        el('div', 'stripe-sb-line').append(
          el('span', 'stripe-sb-dim', t('sidebar.events.cursor')),
          space(),
          el('code', '', p.cursor.id),
        ),
      );
    if (p.error) box.append(el('div', 'stripe-sb-line stripe-sb-error', p.error));
    return box;
  }
}
