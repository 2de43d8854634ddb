// The operation picker's items: each operation as id, badges, `METHOD /path` and its description.
import { legacyNote, worded } from './api-version';
import { catalogue } from './catalogue';
import { el, methodAndPath, operationBadges } from '../shared/dom';
import type { DropdownItem, DropdownSource } from '../shared/dropdown';
import { t } from '../shared/i18n';
import { operationChoices, type OperationChoice } from './suggestions';
import type { Operation } from '../shared/types';

export type OperationItem = DropdownItem & OperationChoice;

function renderOperation(op: Operation): JQuery[] {
  const head = el('div', 'stripe-item-head').append(el('span', 'stripe-item-id', op.id), ...operationBadges(op));
  const path = el('div', 'stripe-item-path').append(...methodAndPath(op));
  const out = [head, path];
  const note = worded(legacyNote(op, catalogue()?.apiVersion ?? ''));
  if (note) out.push(el('div', 'stripe-item-legacy', note));
  if (op.description) out.push(el('div', 'stripe-item-desc', op.description));
  return out;
}

/** A raw reference: "use this endpoint" and its `METHOD /path`. */
function renderRaw(op: Operation): JQuery[] {
  return [
    el('div', 'stripe-item-head').append(el('span', 'stripe-item-id', t('picker.useRaw'))),
    el('div', 'stripe-item-path').append(...methodAndPath(op)),
  ];
}

/** The picker's suggestions for what is typed, of the given methods (also measured by the browser tests). */
export function operationSuggestions(text: string, methods: readonly string[]): DropdownSource<OperationItem> {
  const { choices, footer } = operationChoices(text, methods);
  const items = choices.map((c) => ({ ...c, render: () => (c.op.raw ? renderRaw(c.op) : renderOperation(c.op)) }));
  return { items, footer };
}
