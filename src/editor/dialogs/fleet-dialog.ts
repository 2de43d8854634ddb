// The stripe-fleet config dialog: the node's defaults (url, prefix), its label, and the Test button,
// which asks the runtime (POST stripe/fleet/test) to reach Redis with the dialog's settings and shows
// Redis's version, the round trip and how many instances of this fleet are alive, or the error, as text.
import { el, icon, space } from '../shared/dom';
import { t } from '../shared/i18n';
import { validator } from '../shared/validator';

/** A Node-RED environment reference, `${REDIS_URL}`: the runtime puts the variable's value in. */
const ENV_REFERENCE = /^\$\{\S+\}$/;
/**
 * redis://[user:password@]host[:port][/db] or rediss://: read here rather than with URL, which older
 * browsers do not split into host and port for a scheme they do not know.
 */
const REDIS_URL = /^rediss?:\/\/(?:[^@/\s]*@)?(\[[^\]\s]+\]|[^:/@\s]+)(?::(\d{1,5}))?(?:\/\S*)?$/i;
/** What a key prefix may hold. */
export const PREFIX = /^[A-Za-z0-9_\-:.]+$/;

/** Whether the url field's value is one a stripe-fleet takes: redis://, rediss:// or `${VAR}`. */
export function checkFleetUrl(v: unknown): true | string {
  const s = typeof v === 'string' ? v.trim() : '';
  if (!s) return t('fleet.errors.urlEmpty');
  if (ENV_REFERENCE.test(s) || REDIS_URL.test(s)) return true;
  return t('fleet.errors.url');
}

export function checkFleetPrefix(v: unknown): true | string {
  const s = typeof v === 'string' ? v : '';
  return s === '' || PREFIX.test(s) ? true : t('fleet.errors.prefix');
}

/** The node's defaults (the property names are the public contract). */
export function fleetDefaults() {
  return {
    name: { value: '' },
    url: { value: 'redis://127.0.0.1:6379', required: true, validate: validator(checkFleetUrl) },
    prefix: { value: 'stripe', validate: validator(checkFleetPrefix) },
  };
}

/** host:port of a Redis URL (never its user or password), or the env reference as written. */
export function fleetWhere(url: unknown): string {
  const s = typeof url === 'string' ? url.trim() : '';
  if (!s || ENV_REFERENCE.test(s)) return s;
  const m = REDIS_URL.exec(s);
  return m ? `${m[1]}:${m[2] || '6379'}` : '';
}

/** The label on the canvas and in config selects: the name, else where its Redis is (and its prefix). */
export function fleetLabel(node: { name?: string; url?: string; prefix?: string }): string {
  if (node.name) return node.name;
  const where = fleetWhere(node.url);
  const prefix = node.prefix && node.prefix !== 'stripe' ? ` · ${node.prefix}` : '';
  return `${t('fleet.label.default')}${where ? ` ${where}` : ''}${prefix}`;
}

interface FleetAnswer {
  version?: string;
  rttMs?: number;
  instances?: number;
  error?: string;
}

/** The dialog's settings as the route takes them. */
export interface FleetTestRequest {
  id: string;
  url: string;
  prefix: string;
  username: string;
  password: string;
}

/** `1 instance of this fleet alive` / `3 instances ...` */
export function instancesText(n: number): string {
  return n === 1 ? t('fleet.test.oneInstance') : t('fleet.test.instances', { count: n });
}

/** The one line a good answer shows. */
export function okText(r: FleetAnswer): string {
  const rtt = typeof r.rttMs === 'number' ? String(Math.round(r.rttMs * 100) / 100) : '?';
  return t('fleet.test.ok', { version: r.version || '?', rtt, instances: instancesText(Number(r.instances) || 0) });
}

function show($result: JQuery, ok: boolean, text: string): void {
  $result
    .removeClass('stripe-test-busy stripe-test-ok stripe-test-fail')
    .addClass(ok ? 'stripe-test-ok' : 'stripe-test-fail')
    .empty()
    .append(icon(ok ? 'check' : 'times'), space(), el('span', 'stripe-test-text', text));
}

function failure(xhr: JQuery.jqXHR): string {
  const body = xhr.responseJSON as FleetAnswer | undefined;
  return body?.error ? body.error : `HTTP ${xhr.status || '?'}`;
}

/** Runs one test and shows its answer. */
export function testFleet($button: JQuery, $result: JQuery, request: FleetTestRequest): void {
  $button.prop('disabled', true);
  $result
    .removeClass('stripe-test-ok stripe-test-fail')
    .addClass('stripe-test-busy')
    .empty()
    .append(icon('spinner', 'fa-spin'), space(), el('span', '', t('fleet.test.running')));
  $.ajax({
    url: 'stripe/fleet/test',
    method: 'POST',
    contentType: 'application/json',
    dataType: 'json',
    data: JSON.stringify(request),
  })
    .done((r: FleetAnswer) => {
      if (r && typeof r.version === 'string') show($result, true, okText(r));
      else show($result, false, t('fleet.test.failed', { error: r?.error || '?' }));
    })
    .fail((xhr: JQuery.jqXHR) => show($result, false, t('fleet.test.failed', { error: failure(xhr) })))
    .always(() => $button.prop('disabled', false));
}

const SETTINGS =
  '#node-config-input-url, #node-config-input-prefix, #node-config-input-username, #node-config-input-password';

export function prepareFleetDialog(node: { id: string }): void {
  const $result = $('#stripe-fleet-test-result');
  // A result belongs to the settings it was made with: clear it when they change.
  $(SETTINGS).on('input.stripe', () => $result.removeClass('stripe-test-ok stripe-test-fail stripe-test-busy').empty());
  $('#stripe-fleet-test').on('click.stripe', (e) => {
    e.preventDefault();
    testFleet($(e.currentTarget), $result, {
      id: node.id,
      url: String($('#node-config-input-url').val() ?? '').trim(),
      prefix: String($('#node-config-input-prefix').val() ?? '').trim(),
      username: String($('#node-config-input-username').val() ?? ''),
      // Node-RED's placeholder for a saved password (or nothing): the runtime uses the saved one.
      password: String($('#node-config-input-password').val() ?? ''),
    });
  });
}

export function closeFleetDialog(): void {
  $(SETTINGS).off('.stripe');
  $('#stripe-fleet-test').off('.stripe');
}

/**
 * A node with no fleet shows none chosen. Node-RED 3.1 marks "none" only for a value of '' and
 * otherwise lets the browser pick the first fleet, so a node saved before the fleet existed (no
 * `fleet` at all) would join one just by being opened and saved.
 */
export function showNoFleet(node: { fleet?: string }, select: string): void {
  if (!node.fleet) $(select).val('_ADD_');
}

/** The `fleet` setting of stripe-client, stripe-webhook and stripe-events: optional, '' = none. */
export function fleetSetting() {
  return { value: '', type: 'stripe-fleet', required: false };
}
