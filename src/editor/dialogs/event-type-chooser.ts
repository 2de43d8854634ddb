// The event nodes' type chooser: the chosen types as removable chips, and a search field whose list
// offers the matching types and groups (event-types.ts). Texts go in as text only.
import { Dropdown, type DropdownItem } from '../shared/dropdown';
import { el, icon } from '../shared/dom';
import { isEventType } from '../../rules';
import { searchTypes, type TypeHit } from '../catalogue/event-types';

type TypeItem = DropdownItem & TypeHit;

export interface TypeChooserTexts {
  all: string;
  group: (prefix: string) => string;
  none: string;
  search: string;
  remove: string;
}

export class TypeChooser {
  private chosen: string[];
  private readonly $chips: JQuery;
  private readonly dropdown: Dropdown<TypeItem>;

  constructor(
    $container: JQuery,
    initial: unknown,
    private readonly texts: TypeChooserTexts,
  ) {
    const list = Array.isArray(initial) ? initial : typeof initial === 'string' ? initial.split(/[\s,]+/) : [];
    this.chosen = [...new Set(list.map((t) => String(t).trim()).filter(Boolean))];
    if (!this.chosen.length) this.chosen = ['*'];
    const $input = el('input', 'stripe-event-search')
      .attr({ type: 'text', placeholder: texts.search })
      .css('width', '100%')
      .appendTo($container);
    this.$chips = el('div', 'stripe-event-chips').appendTo($container);
    this.dropdown = new Dropdown<TypeItem>($input, {
      source: (text) => this.source(text),
      onChoose: (item) => this.add(item.type),
      onEnter: (text) => {
        const typed = text.trim();
        if (isEventType(typed)) this.add(typed);
      },
      className: 'stripe-event-dropdown',
    });
    this.render();
  }

  /** The chosen types, as the node saves them. */
  value(): string[] {
    return [...this.chosen];
  }

  close(): void {
    this.dropdown.close();
  }

  private source(text: string): { items: TypeItem[]; footer?: string } {
    const items = searchTypes(text, this.chosen).map((hit) => ({
      ...hit,
      value: hit.type,
      render: () => this.itemContent(hit),
    }));
    return items.length ? { items } : { items, footer: this.texts.none };
  }

  private itemContent(hit: TypeHit): (JQuery | Text)[] {
    if (hit.type === '*') return [el('code', '', '*'), document.createTextNode(` ${this.texts.all}`)];
    if (hit.group)
      return [el('code', '', hit.type), document.createTextNode(` ${this.texts.group(hit.type.slice(0, -2))}`)];
    return [el('code', '', hit.type)];
  }

  private add(type: string): void {
    // `*` stands for everything: it replaces the list, and a type added after it replaces it.
    this.chosen = type === '*' ? ['*'] : [...this.chosen.filter((t) => t !== '*' && t !== type), type];
    this.dropdown.input.val('');
    this.render();
  }

  private remove(type: string): void {
    this.chosen = this.chosen.filter((t) => t !== type);
    if (!this.chosen.length) this.chosen = ['*'];
    this.render();
  }

  private render(): void {
    this.$chips.empty();
    for (const type of this.chosen) {
      const $remove = el('a', 'stripe-event-chip-remove')
        .attr({ href: '#', title: this.texts.remove })
        .append(icon('times'));
      $remove.on('click', (e) => {
        e.preventDefault();
        this.remove(type);
      });
      el('span', 'stripe-event-chip')
        .append(el('code', '', type), document.createTextNode(' '), $remove)
        .appendTo(this.$chips);
    }
  }
}
