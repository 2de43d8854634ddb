// A suggestion list under a text input: updates as the user types, arrows move, Enter chooses, Escape
// closes (without closing the edit tray), the mouse hovers and clicks. Used by the operation picker
// and by the "add a parameter" fields.
import { el } from './dom';

export interface DropdownItem {
  value: string;
  /** Draws the item's content (called once per update, only for the items shown). */
  render(): JQuery | Text | (JQuery | Text)[];
}

export interface DropdownSource<T extends DropdownItem> {
  items: T[];
  /** A line of text under the items. */
  footer?: string;
}

export interface DropdownOptions<T extends DropdownItem> {
  source(text: string): DropdownSource<T>;
  onChoose?(item: T): void;
  /** Enter with no item active. */
  onEnter?(text: string): void;
  className?: string;
  minWidth?: number;
  /** Highlight the first item when something is typed (default true); a function decides per text. */
  autoActivate?: boolean | ((text: string) => boolean);
}

export class Dropdown<T extends DropdownItem> {
  readonly input: JQuery;
  readonly list: JQuery;
  items: T[] = [];
  active = -1;
  open = false;
  /** How long the last update took, in ms. */
  lastUpdateMs = 0;
  private readonly reposition = (): void => {
    if (this.open) this.position();
  };

  constructor(
    input: JQuery | HTMLElement,
    private readonly opts: DropdownOptions<T>,
  ) {
    this.input = $(input);
    this.list = el('div', 'stripe-dropdown')
      .attr('role', 'listbox')
      .addClass(opts.className ?? '');
    this.list.hide().appendTo(document.body);
    this.input.attr({ autocomplete: 'off', role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false' });
    this.input.on('input.stripe focus.stripe', () => this.update());
    this.input.on('click.stripe', () => {
      if (!this.open) this.update();
    });
    this.input.on('blur.stripe', () => this.close());
    this.input.on('keydown.stripe', (e) => this.onKey(e));
    // mousedown, not click: the input keeps its focus and the blur does not close the list first.
    this.list.on('mousedown', '.stripe-dropdown-item', (e) => {
      e.preventDefault();
      this.choose(Number($(e.currentTarget as HTMLElement).attr('data-index')));
    });
    this.list.on('mousedown', (e) => e.preventDefault());
    this.list.on('mousemove', '.stripe-dropdown-item', (e) => {
      const i = Number($(e.currentTarget as HTMLElement).attr('data-index'));
      if (i !== this.active) this.setActive(i, false);
    });
  }

  private text(): string {
    return String(this.input.val() ?? '');
  }

  private onKey(e: JQuery.KeyDownEvent): void {
    const key = e.key;
    if (key === 'ArrowDown' || key === 'ArrowUp') {
      e.preventDefault();
      e.stopPropagation();
      if (this.open) this.move(key === 'ArrowDown' ? 1 : -1);
      else this.update();
    } else if (key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      if (this.open && this.active >= 0) {
        this.choose(this.active);
      } else {
        this.close();
        this.opts.onEnter?.(this.text());
      }
    } else if (key === 'Escape') {
      if (this.open) {
        e.preventDefault();
        e.stopPropagation();
        this.close();
      }
    } else if (key === 'Tab') {
      this.close();
    }
  }

  update(): void {
    const t0 = performance.now();
    const result = this.opts.source(this.text());
    this.items = result.items;
    // Built natively into one fragment and put in at once: a keystroke redraws up to 50 items.
    const fragment = document.createDocumentFragment();
    this.items.forEach((item, i) => {
      const row = document.createElement('div');
      row.className = 'stripe-dropdown-item';
      row.setAttribute('role', 'option');
      row.setAttribute('data-index', String(i));
      const content = item.render();
      for (const part of Array.isArray(content) ? content : [content]) {
        if (part instanceof Text) row.appendChild(part);
        else for (const node of part.toArray()) row.appendChild(node);
      }
      fragment.appendChild(row);
    });
    if (result.footer) fragment.appendChild(el('div', 'stripe-dropdown-footer', result.footer)[0]);
    // The items hold no jQuery data or handlers (the list's are delegated): no need for .empty().
    this.list[0].textContent = '';
    this.list[0].appendChild(fragment);
    this.active = -1;
    if (this.items.length || result.footer) {
      const auto = this.opts.autoActivate;
      const text = this.text();
      const activate = typeof auto === 'function' ? auto(text) : auto !== false;
      if (activate && this.items.length && text.trim()) this.setActive(0, false);
      this.show();
    } else {
      this.close();
    }
    this.lastUpdateMs = performance.now() - t0;
  }

  show(): void {
    if (!this.open) {
      this.open = true;
      this.list.show();
      this.input.attr('aria-expanded', 'true');
      window.addEventListener('scroll', this.reposition, true);
      window.addEventListener('resize', this.reposition);
    }
    this.position();
  }

  /** Under the input, as wide as it (or minWidth), above the window's bottom edge. */
  position(): void {
    const r = this.input[0].getBoundingClientRect();
    if (!r.width && !r.height) {
      this.close();
      return;
    }
    const width = Math.max(r.width, this.opts.minWidth ?? 0);
    const left = Math.min(r.left, Math.max(0, window.innerWidth - width - 8));
    const below = window.innerHeight - r.bottom - 8;
    const maxHeight = Math.max(160, Math.min(360, below));
    this.list.css({ left: `${left}px`, top: `${r.bottom + 2}px`, width: `${width}px`, maxHeight: `${maxHeight}px` });
  }

  close(): void {
    if (!this.open) return;
    this.open = false;
    this.active = -1;
    this.list.hide();
    this.input.attr('aria-expanded', 'false');
    window.removeEventListener('scroll', this.reposition, true);
    window.removeEventListener('resize', this.reposition);
  }

  setActive(i: number, scroll: boolean): void {
    const els = this.list.children('.stripe-dropdown-item');
    els.removeClass('active').attr('aria-selected', 'false');
    this.active = i;
    if (i < 0) return;
    const item = els.eq(i).addClass('active').attr('aria-selected', 'true')[0];
    if (scroll && item) this.scrollTo(item);
  }

  private scrollTo(item: HTMLElement): void {
    const box = this.list[0];
    const top = item.offsetTop;
    const bottom = top + item.offsetHeight;
    if (top < box.scrollTop) box.scrollTop = top;
    else if (bottom > box.scrollTop + box.clientHeight) box.scrollTop = bottom - box.clientHeight;
  }

  move(delta: number): void {
    if (!this.items.length) return;
    let i = this.active + delta;
    if (i < 0) i = this.items.length - 1;
    if (i >= this.items.length) i = 0;
    this.setActive(i, true);
  }

  choose(i: number): void {
    const item = this.items[i];
    this.close();
    if (item) this.opts.onChoose?.(item);
  }

  destroy(): void {
    this.close();
    this.input.off('.stripe');
    this.list.remove();
  }
}
