// The client dialog's Test connection button: asks the runtime (POST stripe/test-connection) to call
// Stripe with the dialog's settings, and shows the account or the error as text.
import { el, icon, space } from '../shared/dom';
import { t } from '../shared/i18n';

interface TestAnswer {
  ok?: boolean;
  mode?: string;
  error?: string;
  account?: { id: string; name?: string };
}

/** The dialog's settings as the endpoint takes them. */
export interface TestRequest {
  id: string;
  apiKey: string;
  baseUri: unknown;
  apiVersion: unknown;
  stripeAccount: unknown;
}

function okText(r: TestAnswer): string {
  const mode = t(`client.mode.${r.mode}`);
  return r.account
    ? t('client.test.okAccount', { mode, name: r.account.name || r.account.id, id: r.account.id })
    : t('client.test.okNoAccount', { mode });
}

/** Shows a result: a check or a cross, then the text. */
function show($result: JQuery, ok: boolean, text: string): void {
  $result
    .removeClass('stripe-test-busy stripe-test-ok stripe-test-fail')
    .addClass(ok ? 'stripe-test-ok' : 'stripe-test-fail')
    .empty()
    .append(icon(ok ? 'check' : 'times'), space(), el('span', 'stripe-test-text', text));
}

function failure(xhr: JQuery.jqXHR): string {
  const body = xhr.responseJSON as TestAnswer | undefined;
  return body?.error ? body.error : `HTTP ${xhr.status || '?'}`;
}

/** Runs one test; $warning shows when the key turns out to be live. */
export function testConnection($button: JQuery, $result: JQuery, $warning: JQuery, request: TestRequest): void {
  $button.prop('disabled', true);
  $result
    .removeClass('stripe-test-ok stripe-test-fail')
    .addClass('stripe-test-busy')
    .empty()
    .append(icon('spinner', 'fa-spin'), space(), el('span', '', t('client.test.running')));
  $.ajax({
    url: 'stripe/test-connection',
    method: 'POST',
    contentType: 'application/json',
    dataType: 'json',
    data: JSON.stringify(request),
  })
    .done((r: TestAnswer) => {
      if (r && r.ok) {
        show($result, true, okText(r));
        if (r.mode === 'live') $warning.show();
      } else {
        show($result, false, t('client.test.failed', { error: r?.error || '?' }));
      }
    })
    .fail((xhr: JQuery.jqXHR) => show($result, false, t('client.test.failed', { error: failure(xhr) })))
    .always(() => $button.prop('disabled', false));
}
