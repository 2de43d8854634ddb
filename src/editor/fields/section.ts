// One parameter section of the operation dialog (path, query or body fields): a title, a row per
// name = template, and the "add" field. The model is param-rows.ts; this draws it.
import { addField } from './add-field';
import { el, icon } from '../shared/dom';
import { Dropdown, type DropdownItem } from '../shared/dropdown';
import { valueChoices, valuesText, type FlatParam } from './fields';
import { ValueList, type ValueListHost } from './value-list';
import { t } from '../shared/i18n';
import {
  collect,
  hintFor,
  initialRows,
  offeredParams,
  rowProblems,
  valueText,
  visibility,
  type RowSpec,
} from './param-rows';
import type { Kind, Operation, Role, Values } from '../shared/types';

export interface Row {
  $row: JQuery;
  $name: JQuery;
  $value: JQuery;
  required: boolean;
  name(): string;
  value(): string;
}

/** What a section needs of its dialog (the value lists' offers and client, too). */
export interface SectionHost extends ValueListHost {
  role: Role;
  /** Values typed for an earlier operation, by kind: a removed row is forgotten there too. */
  stash: Partial<Record<Kind, Values>>;
}

export class Section {
  readonly $el: JQuery;
  rows: Row[] = [];
  /** The names the add field offers: the operation's parameters and their nested fields, flattened. */
  known: FlatParam[] = [];
  private $rows: JQuery = $();
  private dropdown: Dropdown<DropdownItem> | null = null;
  /** The value fields' lists (`{{` offers, enum values, the account's objects), one per row. */
  private readonly valueLists = new Map<Row, ValueList>();
  /** The operation drawn (its id parameters' lists). */
  private op: Operation | null = null;

  constructor(
    private readonly host: SectionHost,
    readonly kind: Kind,
    $container: JQuery,
  ) {
    this.$el = el('div', 'stripe-section').attr('data-kind', kind).appendTo($container);
  }

  /**
   * Draws the section for an operation (null: none chosen, or not known yet) with these values;
   * loading: the operation's parameters are on their way (its saved rows show, the add field waits).
   */
  build(op: Operation | null, values: Values, keepUnknown: boolean, loading = false): void {
    this.destroy();
    this.$el.empty();
    this.rows = [];
    this.op = op;
    this.known = offeredParams(op, this.kind);
    const shown = visibility(this.kind, op, this.host.role, values);
    this.$el.toggle(shown !== 'hidden');
    if (shown === 'hidden') return;
    el('div', 'stripe-section-title')
      .append(el('span', '', t(`section.${this.kind}`)))
      .append(el('span', 'stripe-section-source', t(`section.${this.kind}Source`)))
      .appendTo(this.$el);
    this.$rows = el('div', 'stripe-rows').appendTo(this.$el);
    for (const spec of initialRows(this.kind, op, values, keepUnknown)) this.addRow(spec);
    if (loading && this.kind !== 'path') {
      el('div', 'form-tips stripe-params-loading', t('section.loading')).appendTo(this.$el);
    } else if (!(this.kind === 'path' && op)) {
      this.dropdown = addField(this, shown === 'collapsed');
    }
    this.validate();
  }

  find(name: string): Row | null {
    return this.rows.find((r) => r.name() === name) ?? null;
  }

  /** Adds a row: a known parameter's name is shown as text, a free one is an input. */
  addRow(spec: RowSpec): Row {
    const $row = el('div', 'stripe-row').attr('data-name', spec.name).appendTo(this.$rows);
    $row.toggleClass('stripe-required', spec.required);
    const $main = el('div', 'stripe-row-main').appendTo($row);
    const $name = spec.param || spec.fixed ? this.nameLabel(spec) : this.nameInput(spec, $row);
    $name.appendTo($main);
    const hint = hintFor(spec.name || (this.kind === 'path' ? 'id' : 'value'));
    const $value = el('input', 'stripe-row-value')
      .attr({ type: 'text', placeholder: this.kind === 'path' ? t('row.pathPlaceholder', { hint }) : hint })
      .val(valueText(spec.value))
      .on('input', () => this.validate())
      .appendTo($main);
    const row: Row = {
      $row,
      $name,
      $value,
      required: spec.required,
      name: () => ($name.is('input') ? String($name.val()).trim() : spec.name),
      value: () => String($value.val()),
    };
    if (!spec.required) this.removeButton(row).appendTo($main);
    this.valueList(row, spec);
    const description = this.description(spec);
    if (description) el('div', 'stripe-row-desc', description).attr('title', description).appendTo($row);
    this.rows.push(row);
    return row;
  }

  private nameLabel(spec: RowSpec): JQuery {
    const $name = el('span', 'stripe-row-name', spec.name).attr('title', spec.param?.description || spec.name);
    if (spec.required) $name.append(el('span', 'stripe-req', '*').attr('aria-hidden', 'true'));
    return $name;
  }

  private nameInput(spec: RowSpec, $row: JQuery): JQuery {
    const $name = el('input', 'stripe-row-name-input')
      .attr({ type: 'text', placeholder: t('row.namePlaceholder') })
      .val(spec.name);
    return $name.on('input', () => {
      $row.attr('data-name', String($name.val()).trim());
      this.validate();
    });
  }

  /** The row's line under it: required (or required in its object), its type, its values, its description. */
  private description(spec: RowSpec): string {
    const p = spec.param as FlatParam | null;
    const parts: string[] = [];
    if (spec.required) parts.push(t('row.required'));
    else if (p?.required && p.parent) parts.push(t('row.requiredIn', { parent: p.parent }));
    if (p?.type) parts.push(p.type);
    const values = valueChoices(p);
    if (values.length && p?.type !== 'boolean') parts.push(t('row.oneOf', { values: valuesText(values) }));
    if (p?.description) parts.push(p.description);
    return parts.join(' · ');
  }

  /**
   * The value field's list: after `{{` the message's fields; values the parameter names (any text
   * stays allowed); for an id, the account's objects.
   */
  private valueList(row: Row, spec: RowSpec): void {
    const ids = spec.name ? this.op?.ids?.[`${this.kind}.${spec.name}`] : undefined;
    const list = new ValueList(row.$value, this.host, {
      choices: valueChoices(spec.param),
      ids,
      onChange: () => this.validate(),
    });
    this.valueLists.set(row, list);
  }

  private removeButton(row: Row): JQuery {
    return el('button', 'red-ui-button red-ui-button-small stripe-row-remove')
      .attr({ type: 'button', title: t('row.remove') })
      .append(icon('times'))
      .on('click', (e) => {
        e.preventDefault();
        delete this.host.stash[this.kind]?.[row.name()];
        this.valueLists.get(row)?.destroy();
        this.valueLists.delete(row);
        this.rows = this.rows.filter((r) => r !== row);
        row.$row.remove();
        this.validate();
      });
  }

  /** Marks empty required values and bad or repeated names; true when all is well. */
  validate(): boolean {
    const problems = rowProblems(
      this.rows.map((r) => ({
        name: r.name(),
        value: r.value(),
        typedName: r.$name.is('input'),
        required: r.required,
      })),
    );
    this.rows.forEach((r, i) => {
      r.$name.toggleClass('input-error', problems[i].badName);
      r.$value.toggleClass('input-error', problems[i].missing);
    });
    return problems.every((p) => !p.badName && !p.missing);
  }

  /** The rows as the node stores them. */
  collect(): Record<string, string> {
    return collect(this.rows.map((r) => ({ name: r.name(), value: r.value() })));
  }

  destroy(): void {
    this.dropdown?.destroy();
    this.dropdown = null;
    for (const list of this.valueLists.values()) list.destroy();
    this.valueLists.clear();
  }
}
