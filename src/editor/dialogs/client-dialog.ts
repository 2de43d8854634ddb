// The stripe-client config dialog: which kind of key is set (test or live, with a warning for live),
// the Test connection button, and a tooltip on every field.
import { versionChoices } from '../catalogue/api-version';
import { el } from '../shared/dom';
import { Dropdown, type DropdownItem } from '../shared/dropdown';
import { t } from '../shared/i18n';
import { classifyKey } from '../../rules';
import { testConnection } from './test-connection';
import { showNoFleet } from './fleet-dialog';

type VersionItem = DropdownItem & { label: string };

let versionList: Dropdown<VersionItem> | null = null;

/**
 * The API version field's choices: the catalogue's versions, newest first (the catalogue's own
 * marked), and the account's default (an empty value). Any other text stays allowed (Enter keeps it).
 */
export function apiVersionItems(versions: readonly string[], current: string, typed: string): VersionItem[] {
  const text = typed.trim();
  const all = versionChoices(versions);
  const shown = !text || all.includes(text) ? all : all.filter((v) => v.includes(text));
  const items: VersionItem[] = shown.map((v) => ({
    value: v,
    label: v === current ? t('client.versionCatalogue') : '',
    render: () => [
      el('code', '', v),
      el('span', 'stripe-item-note', v === current ? t('client.versionCatalogue') : ''),
    ],
  }));
  if (!text || all.includes(text))
    items.push({
      value: '',
      label: t('client.versionDefault'),
      render: () => el('span', 'stripe-version-default', t('client.versionDefault')),
    });
  return items;
}

function versionField(versions: readonly string[], current: string): void {
  const $input = $('#node-config-input-apiVersion');
  versionList = new Dropdown<VersionItem>($input, {
    className: 'stripe-version-choices',
    autoActivate: false,
    source: (text) => ({ items: apiVersionItems(versions, current, text) }),
    onChoose: (item) => {
      $input.val(item.value).trigger('change');
      $input.trigger('input');
    },
  });
}

/** The key's state as the badge shows it: a typed key's prefix, or what the runtime says of the saved one. */
type KeyState = { empty: true } | { problem: string } | { mode: string; kind?: string; saved?: true };

/** What the rules say of a typed key, as the badge shows it (the key itself is not kept). */
function typedKeyState(key: string): KeyState {
  const c = classifyKey(key);
  if (c.kind === 'empty') return { empty: true };
  return 'mode' in c ? { mode: c.mode, kind: c.kind } : { problem: c.kind };
}

const TIPS = [
  'name',
  'apiKey',
  'baseUri',
  'apiVersion',
  'stripeAccount',
  'logging',
  'timeout',
  'maxRetries',
  'rateLimit',
];
const SETTINGS =
  '#node-config-input-apiKey, #node-config-input-baseUri, #node-config-input-apiVersion, #node-config-input-stripeAccount';

function showKeyState($badge: JQuery, $warning: JQuery, info: KeyState): void {
  $badge.removeClass('stripe-key-test stripe-key-live stripe-key-bad stripe-key-none');
  $warning.hide();
  if ('empty' in info) {
    $badge.addClass('stripe-key-none').text(t('client.key.none'));
  } else if ('problem' in info) {
    $badge.addClass('stripe-key-bad').text(t(`client.key.${info.problem}`));
  } else {
    const text = t(`client.key.${info.mode}${info.kind === 'restricted' ? 'Restricted' : ''}`);
    $badge.addClass(`stripe-key-${info.mode}`).text(text + ('saved' in info ? ` · ${t('client.key.saved')}` : ''));
    if (info.mode === 'live') $warning.show();
  }
}

function addTips(): void {
  for (const name of TIPS) {
    const $tip = $(`#stripe-tip-${name}`);
    if (!$tip.length) continue;
    const text = t(`client.tips.${name}`);
    $tip.attr('aria-label', text);
    if (RED.popover && RED.popover.tooltip) RED.popover.tooltip($tip, text);
    else $tip.attr('title', text);
  }
}

/** Asks the runtime what the saved (deployed) key is; the key itself never comes back. */
function savedKeyInfo(nodeId: string, then: (info: KeyState) => void): void {
  const notDeployed: KeyState = { saved: true, problem: 'notDeployed' };
  $.ajax({ url: 'stripe/key-info', data: { id: nodeId }, dataType: 'json', cache: false })
    .done((info: { mode?: string; kind?: string } | null) =>
      then(info && info.mode ? { mode: info.mode, kind: info.kind, saved: true } : notDeployed),
    )
    .fail(() => then(notDeployed));
}

export function prepareClientDialog(
  node: { id: string; fleet?: string; credentials?: { has_apiKey?: boolean } },
  apiVersion: string,
  versions: readonly string[] = [apiVersion],
): void {
  showNoFleet(node, '#node-config-input-fleet');
  const $key = $('#node-config-input-apiKey');
  const $badge = $('#stripe-key-mode');
  const $warning = $('#stripe-key-live-warning');
  const $result = $('#stripe-test-result');
  let savedInfo: KeyState | null = null;
  addTips();
  $('#node-config-input-apiVersion').attr('placeholder', t('client.apiVersionPlaceholder'));
  $('#stripe-api-version-hint').text(t('client.apiVersionHint', { version: apiVersion }));
  versionField(versions, apiVersion);
  /** The typed key; Node-RED's placeholder for a saved one counts as none. */
  const typedKey = (): string => {
    const v = String($key.val() ?? '');
    return v === '__PWRD__' ? '' : v;
  };
  const update = (): void => {
    const typed = typedKey();
    showKeyState($badge, $warning, typed ? typedKeyState(typed) : (savedInfo ?? { empty: true }));
  };
  $key.on('input.stripe change.stripe', update);
  update();
  // A result belongs to the settings it was made with: clear it when they change.
  $(SETTINGS).on('input.stripe', () => $result.removeClass('stripe-test-ok stripe-test-fail stripe-test-busy').empty());
  if (node.credentials && node.credentials.has_apiKey) {
    $badge.text(t('client.key.checking'));
    savedKeyInfo(node.id, (info) => {
      savedInfo = info;
      update();
    });
  }
  $('#stripe-test-connection').on('click.stripe', (e) => {
    e.preventDefault();
    testConnection($(e.currentTarget), $result, $warning, {
      id: node.id,
      apiKey: typedKey(),
      baseUri: $('#node-config-input-baseUri').val(),
      apiVersion: $('#node-config-input-apiVersion').val(),
      stripeAccount: $('#node-config-input-stripeAccount').val(),
    });
  });
}

export function closeClientDialog(): void {
  versionList?.destroy();
  versionList = null;
  $(SETTINGS).off('.stripe');
  $('#stripe-test-connection').off('.stripe');
}
