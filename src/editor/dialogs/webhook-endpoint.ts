// The stripe-webhook dialog's endpoint section: the public URL Stripe should call, and buttons that
// create (or update) the node's endpoint in Stripe, make it again for a new signing secret, or delete
// it, through the runtime's admin routes (src/nodes/admin-webhook-endpoint.ts). A new secret goes into
// the dialog's Signing secret field; the answer is shown as text.
import { el, icon, space } from '../shared/dom';

export interface EndpointNode {
  id: string;
  name?: string;
  url?: string;
  publicUrl?: string;
  _: (key: string, subs?: Record<string, string>) => string;
}

interface Answer {
  ok?: boolean;
  action?: 'created' | 'updated' | 'recreated' | 'deleted' | 'none';
  endpoint?: { id: string };
  secret?: string;
  error?: string;
}

const tx = (node: EndpointNode, key: string, subs?: Record<string, string>): string =>
  node._(`stripe-webhook.endpoint.${key}`, subs);

function show($result: JQuery, ok: boolean, text: string): void {
  $result
    .empty()
    .removeClass('stripe-test-ok stripe-test-fail stripe-test-busy')
    .addClass(ok ? 'stripe-test-ok' : 'stripe-test-fail')
    .append(icon(ok ? 'check' : 'times'), space(), el('span', '', text));
}

/** The path Stripe's requests arrive at on this Node-RED: httpNodeRoot, then the node's URL. */
function localPath(url: string): string {
  const root = String((RED.settings as unknown as { httpNodeRoot?: string }).httpNodeRoot ?? '/');
  return `${root.replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
}

export function endpointSection($container: JQuery, node: EndpointNode, events: () => string[]): void {
  const $url = el('input')
    .attr({ type: 'text', id: 'node-input-publicUrl', placeholder: node._('stripe-webhook.placeholder.publicUrl') })
    .val(node.publicUrl ?? '')
    .css('width', '70%');
  const $hint = el('div', 'form-tips', tx(node, 'hint', { path: localPath(node.url ?? '/stripe/events') }));
  $('#node-input-url').on('change keyup', () =>
    $hint.text(tx(node, 'hint', { path: localPath(String($('#node-input-url').val() ?? '')) })),
  );
  const $result = el('div', 'stripe-endpoint-result');
  const button = (key: string, iconName: string) =>
    el('button', 'red-ui-button')
      .attr('type', 'button')
      .append(icon(iconName), space(), el('span', '', tx(node, key)));
  const $create = button('create', 'cloud-upload');
  const $recreate = button('recreate', 'key');
  const $delete = button('delete', 'trash');

  const call = (path: string, extra: Record<string, unknown> = {}): void => {
    const client = String($('#node-input-client').val() ?? '');
    if (!client || client === '_ADD_') return show($result, false, tx(node, 'noClient'));
    const url = String($url.val() ?? '').trim();
    if (path.endsWith('endpoint') && !url) return show($result, false, tx(node, 'noUrl'));
    $result.empty().addClass('stripe-test-busy').append(icon('spinner', 'fa-spin'));
    $.ajax({
      url: path,
      method: 'POST',
      contentType: 'application/json',
      dataType: 'json',
      data: JSON.stringify({
        node: node.id,
        client,
        url,
        events: events(),
        name: $('#node-input-name').val(),
        ...extra,
      }),
    })
      .done((a: Answer) => {
        if (a.secret) $('#node-input-secret').val(a.secret);
        show($result, true, tx(node, a.action ?? 'none', { id: a.endpoint?.id ?? '' }));
      })
      .fail((xhr: JQuery.jqXHR) => {
        const a = xhr.responseJSON as Answer | undefined;
        show($result, false, a?.error ?? `HTTP ${xhr.status || '?'}`);
      });
  };
  $create.on('click', () => call('stripe/webhook-endpoint'));
  $recreate.on('click', () => call('stripe/webhook-endpoint', { recreate: true }));
  $delete.on('click', () => call('stripe/webhook-endpoint/delete'));

  $container.append(
    el('div', 'form-row').append(
      el('label')
        .attr('for', 'node-input-publicUrl')
        .append(icon('globe'), space(), el('span', '', node._('stripe-webhook.label.publicUrl'))),
      $url,
    ),
    el('div', 'form-row').append(el('label', '', ''), $create, space(), $recreate, space(), $delete),
    el('div', 'form-row').append(el('label', '', ''), $result),
    $hint,
  );
}
