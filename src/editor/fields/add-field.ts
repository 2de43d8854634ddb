// A section's "add" field: type to find one of the operation's parameters (with its description) or
// give any bracket name; Enter or the button adds the row and moves to its value.
import { el, icon, space } from '../shared/dom';
import { Dropdown, type DropdownItem } from '../shared/dropdown';
import { t } from '../shared/i18n';
import { valueChoices, valuesText, type FlatParam } from './fields';
import { addChoices, type AddChoice } from './param-rows';
import type { Section } from './section';
import type { Param } from '../shared/types';
import { NAME } from '../catalogue/validation';

type AddItem = DropdownItem & AddChoice;

/** How many names the list shows at once: the rest is a line that says to type more (hundreds are offered). */
export const MAX_ADD_SHOWN = 60;

function renderChoice(c: AddChoice): JQuery[] {
  if (c.free)
    return [el('div', 'stripe-item-head').append(el('span', 'stripe-item-id', t('add.free', { name: c.value })))];
  const p = c.param as FlatParam | undefined;
  const head = el('div', 'stripe-item-head').append(el('span', 'stripe-item-id', c.value));
  if (p?.type) head.append(space(), el('span', 'stripe-badge stripe-badge-type', p.type));
  if (p?.required) {
    const text = p.parent ? t('row.requiredIn', { parent: p.parent }) : t('row.requiredShort');
    head.append(space(), el('span', 'stripe-badge stripe-badge-required', text));
  }
  const out = [head];
  const values = valueChoices(p);
  if (values.length && p?.type !== 'boolean')
    out.push(el('div', 'stripe-item-values', t('row.oneOf', { values: valuesText(values) })));
  if (p?.description) out.push(el('div', 'stripe-item-desc', p.description));
  return out;
}

/** Adds the row for a name (or an empty free row for no name) and focuses it; a bad name marks the field. */
function addNamed(section: Section, $input: JQuery, typed: string, param?: Param): void {
  const name = typed.trim();
  if (!name) {
    const row = section.addRow({ name: '', value: '', param: null, fixed: false, required: false });
    row.$name.trigger('focus');
    section.validate();
    return;
  }
  if (!NAME.test(name)) {
    $input.addClass('input-error').attr('title', t('errors.badName', { name }));
    return;
  }
  $input.removeClass('input-error').removeAttr('title').val('');
  const row =
    section.find(name) ?? section.addRow({ name, value: '', param: param ?? null, fixed: false, required: false });
  section.validate();
  row.$value.trigger('focus');
}

/** An operation without query parameters: a link instead of a whole section, in case one is needed. */
function collapse(section: Section, $input: JQuery): void {
  const $section = section.$el.addClass('stripe-section-collapsed');
  $section.children().hide();
  const label = t(`add.expand${section.kind.charAt(0).toUpperCase()}${section.kind.slice(1)}`);
  const $link = el('a', 'stripe-expand', label).attr('href', '#').prepend(icon('plus-square-o'), space());
  $link.appendTo($section).on('click', (e) => {
    e.preventDefault();
    $link.remove();
    $section.removeClass('stripe-section-collapsed').children().show();
    $input.trigger('focus');
  });
}

/** Builds the add field at the end of the section; returns its suggestion list (to destroy with it). */
export function addField(section: Section, collapsed: boolean): Dropdown<AddItem> {
  const $add = el('div', 'stripe-add').appendTo(section.$el);
  const $input = el('input', 'stripe-add-input')
    .attr({ type: 'text', placeholder: t(`add.${section.kind}${section.known.length ? '' : 'Free'}`) })
    .appendTo($add);
  const $button = el('button', 'red-ui-button stripe-add-button')
    .attr('type', 'button')
    .append(icon('plus'), space(), el('span', '', t('add.button')))
    .appendTo($add);
  $input.on('input', () => $input.removeClass('input-error').removeAttr('title'));
  if (collapsed) collapse(section, $input);
  $button.on('click', (e) => {
    e.preventDefault();
    addNamed(section, $input, String($input.val() ?? ''));
  });
  return new Dropdown<AddItem>($input, {
    minWidth: 420,
    source: (text) => {
      const all = addChoices(section.known, (name) => !!section.find(name), text);
      const items = all.slice(0, MAX_ADD_SHOWN).map((c) => ({ ...c, render: () => renderChoice(c) }));
      const typed = text.trim();
      let footer = '';
      if (all.length > items.length) footer = t('add.more', { count: all.length - items.length, total: all.length });
      else if (!items.length && typed) footer = t('errors.badName', { name: typed });
      return { items, footer };
    },
    onChoose: (item) => addNamed(section, $input, item.value, item.param),
    onEnter: (text) => {
      if (text.trim()) addNamed(section, $input, text);
    },
  });
}
