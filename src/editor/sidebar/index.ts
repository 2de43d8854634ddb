// The Stripe sidebar tab (id `stripe`): registered once by the editor bundle. It loads the state from
// GET stripe/sidebar/state (the user's token goes with it: Node-RED's ajax setup adds it), then follows
// the runtime's comms updates (stripe/sidebar/#, throttled there); actions go to the admin routes.
import { el } from '../shared/dom';
import { t } from '../shared/i18n';
import { Model, SidebarState } from './model';
import { SidebarView } from './view';

export const TAB_ID = 'stripe';
/** The editor redraws at most this often (the runtime publishes at most every 250 ms per node). */
const REDRAW_MS = 250;
/** The charts and ages move on every second. */
const TICK_MS = 1000;

let registered = false;

function ajax<T>(settings: JQuery.AjaxSettings): Promise<T> {
  return new Promise((resolve, reject) => {
    $.ajax({ cache: false, ...settings })
      .done((r: T) => resolve(r))
      .fail((xhr: JQuery.jqXHR) => reject(new Error(String(xhr.status))));
  });
}

const post = (url: string, body: unknown): Promise<unknown> =>
  ajax({ url, method: 'POST', contentType: 'application/json', data: JSON.stringify(body), dataType: 'json' });

function failed(err: unknown): void {
  const status = err instanceof Error ? err.message : '';
  const said =
    status === '403' || status === '401' ? t('sidebar.notAllowed') : t('sidebar.failed', { status: status || '-' });
  RED.notify(said, 'error');
}

/** Adds the tab to the editor's sidebar (once, however many node html files load the bundle). */
export function registerSidebar(): void {
  if (registered || typeof RED === 'undefined' || !RED.sidebar || !RED.comms) return;
  registered = true;
  const model = new Model();
  const view = new SidebarView(model, {
    params: (client, seq) =>
      ajax<{ params: string | null }>({
        url: `stripe/sidebar/requests/${encodeURIComponent(client)}/${seq}`,
        dataType: 'json',
      }).then(
        (r) => r.params,
        () => null,
      ),
    sendNow: (id) => post(`stripe/sidebar/held/${encodeURIComponent(id)}/send-now`, {}).then(() => undefined, failed),
    discard: (id, all) =>
      post(`stripe/sidebar/held/${encodeURIComponent(id)}/discard`, { all }).then(
        (r) => {
          const { discarded, held } = r as { discarded: number; held: { held: number; sending: boolean } };
          // The message being sent at this instant may reach Stripe: it is not discarded, and the user hears why.
          if (!all && discarded === 0 && held.sending) RED.notify(t('sidebar.held.discardBusy'), 'warning');
          if (all && held.sending && held.held > 0)
            RED.notify(t('sidebar.held.discardAllBusy', { n: discarded }), 'warning');
          return discarded;
        },
        (err) => {
          failed(err);
          return 0;
        },
      ),
    download: (id) =>
      ajax<string>({ url: `stripe/sidebar/held/${encodeURIComponent(id)}/download`, dataType: 'text' }).then((text) => {
        const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = `stripe-held-${id}.json`;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      }, failed),
  });

  const content = el('div', 'stripe-sidebar-wrap').append(view.root);
  RED.sidebar.addTab({
    id: TAB_ID,
    label: t('sidebar.label'),
    name: t('sidebar.name'),
    iconClass: 'stripe-sb-tab-icon',
    content: content[0],
    enableOnEdit: true,
  });

  let loaded = false;
  const pending = new Set<string>();
  let redraw: ReturnType<typeof setTimeout> | undefined;
  const schedule = (kind?: string): void => {
    if (kind) pending.add(kind);
    if (redraw) return;
    redraw = setTimeout(() => {
      redraw = undefined;
      const kinds = new Set(pending);
      pending.clear();
      view.render(kinds);
    }, REDRAW_MS);
  };

  const load = (): void => {
    ajax<SidebarState>({ url: 'stripe/sidebar/state', dataType: 'json' }).then(
      (s) => {
        model.load(s);
        loaded = true;
        view.render();
      },
      () => {
        view.root.attr('data-error', 'state');
      },
    );
  };
  RED.comms.subscribe('stripe/sidebar/#', (topic: string, data: unknown) => {
    const kind = model.update(topic, data);
    if (kind && loaded) schedule(kind);
  });
  // Once deployed flows change, what the tab shows is read again.
  RED.events.on('deploy', () => setTimeout(load, 500));
  load();
  view.render();
  setInterval(() => {
    if (loaded && content.is(':visible')) {
      view.renderClients();
      view.renderHeld();
    }
  }, TICK_MS);
}
