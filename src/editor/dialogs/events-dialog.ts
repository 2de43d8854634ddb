// The dialogs of the event nodes (stripe-webhook, stripe-events): the type chooser, the context store
// choice with a warning for a store kept in memory, and for the webhook the endpoint section. The
// node's defaults check each setting with the runtime's own rules (src/rules/events.ts).
import {
  checkEventAccount,
  checkEventTypes,
  checkInterval,
  checkReplayHours,
  checkTolerance,
  checkWebhookPath,
  type Checked,
} from '../../rules';
import { el } from '../shared/dom';
import { fleetSetting, showNoFleet } from './fleet-dialog';
import { ruleText } from '../shared/i18n';
import { TypeChooser } from './event-type-chooser';
import { validator } from '../shared/validator';
import { endpointSection, type EndpointNode } from './webhook-endpoint';

export type EventsKind = 'webhook' | 'events';

interface EventsNode extends EndpointNode {
  events?: unknown;
  store?: string;
  fleet?: string;
}

const verdict = (checked: Checked<unknown>): true | string => (checked.ok ? true : ruleText(checked.problem));
const rule = (check: (v: unknown) => Checked<unknown>) => validator((v) => verdict(check(v)));

/** The node's defaults (property names are the public contract), each checked by the rules. */
export function eventsDefaults(kind: EventsKind) {
  const shared = {
    name: { value: '' },
    events: { value: ['*'], validate: rule(checkEventTypes) },
    livemode: { value: 'any' },
    account: { value: '', validate: rule(checkEventAccount) },
    store: { value: '' },
    fleet: fleetSetting(),
  };
  if (kind === 'webhook') {
    return {
      ...shared,
      client: { value: '', type: 'stripe-client', required: false },
      url: { value: '/stripe/events', required: true, validate: rule(checkWebhookPath) },
      tolerance: { value: 300, validate: rule(checkTolerance) },
      publicUrl: { value: '' },
    };
  }
  return {
    ...shared,
    client: { value: '', type: 'stripe-client', required: true },
    interval: { value: 30, validate: rule(checkInterval) },
    start: { value: 'now' },
    replayHours: { value: 24, validate: rule(checkReplayHours) },
  };
}

let chooser: TypeChooser | undefined;

/** Fills the store choice with this Node-RED's stores, and warns when the chosen one is in memory. */
function storeChoice(node: EventsNode, ns: string): void {
  const $select = $('#node-input-store');
  const $tip = el('div', 'form-tips stripe-store-memory').hide();
  $select.closest('.form-row').after($tip);
  const context = (RED.settings as unknown as { context?: { stores?: string[] } }).context;
  $select.empty().append(el('option', '', node._(`${ns}.store.default`)).attr('value', ''));
  for (const name of context?.stores ?? []) {
    if (name !== 'default') $select.append(el('option', '', name).attr('value', name));
  }
  $select.val(node.store ?? '');
  let memory = new Map<string, boolean>();
  const update = (): void => {
    if (memory.get(String($select.val() ?? ''))) $tip.text(node._(`${ns}.store.memory`)).show();
    else $tip.hide();
  };
  $select.on('change', update);
  $.getJSON('stripe/context-stores').done((r: { stores?: { name: string; memory: boolean }[] }) => {
    memory = new Map((r.stores ?? []).map((s) => [s.name, s.memory]));
    update();
  });
}

export function prepareEventsDialog(node: EventsNode, kind: EventsKind): void {
  showNoFleet(node, '#node-input-fleet');
  const ns = kind === 'webhook' ? 'stripe-webhook' : 'stripe-events';
  chooser = new TypeChooser($('.stripe-event-types'), node.events, {
    all: node._(`${ns}.types.all`),
    group: (prefix) => node._(`${ns}.types.group`, { prefix }),
    none: node._(`${ns}.types.none`),
    search: node._(`${ns}.placeholder.search`),
    remove: node._(`${ns}.types.remove`),
  });
  storeChoice(node, ns);
  if (kind === 'webhook') endpointSection($('.stripe-endpoint'), node, () => chooser?.value() ?? ['*']);
}

export function saveEventsDialog(node: EventsNode): void {
  if (chooser) node.events = chooser.value();
  chooser?.close();
  chooser = undefined;
}
