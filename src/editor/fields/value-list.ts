// The list under a row's value field: after `{{`, the fields of the message that arrives (with their
// types and descriptions; choosing one writes the mustache text); else the values the parameter
// names; else, for an id, the account's objects through the node's client (type to search).
import { el } from '../shared/dom';
import { Dropdown, type DropdownItem, type DropdownSource } from '../shared/dropdown';
import { t } from '../shared/i18n';
import { applyOffer, matchOffers, openTemplate, type MappingOffer } from './mapping';
import { matchingValues } from './fields';
import { ObjectFinder } from './objects';
import type { IdSource } from '../../rules';

export interface ValueItem extends DropdownItem {
  /** A field of the message: choosing it writes `{{path}}` at the open template. */
  offer?: MappingOffer;
}

/** What a value field's list needs of its dialog. */
export interface ValueListHost {
  /** The message's fields for this node's templates (fetched once per dialog). */
  offers(): Promise<MappingOffer[]>;
  /** The client chosen in the dialog (its field's current value). */
  clientId(): string;
}

export interface ValueListSpec {
  /** The values the parameter names (enum). */
  choices: string[];
  /** The lists that serve the object whose id this is. */
  ids?: IdSource;
  onChange(): void;
}

/** An object's id as Stripe writes it: cus_..., price_..., pi_... */
const ID = /^[a-z]{2,}(_[a-z]+)*_[A-Za-z0-9]{6,}$/;

/** How many offers a list shows. */
const MAX_OFFERS = 40;

export function offerItem(offer: MappingOffer): ValueItem {
  return {
    value: offer.path,
    offer,
    render: () => {
      const head = el('div', 'stripe-offer-head').append(el('code', 'stripe-offer-path', offer.path));
      if (offer.type) head.append(document.createTextNode(' '), el('span', 'stripe-offer-type', offer.type));
      return offer.description ? [head, el('div', 'stripe-item-desc', offer.description)] : head;
    },
  };
}

export class ValueList {
  readonly dropdown: Dropdown<ValueItem>;
  private offers: MappingOffer[] | null = null;
  private offersAsked = false;
  private readonly finder: ObjectFinder | null;

  constructor(
    private readonly $input: JQuery,
    private readonly host: ValueListHost,
    private readonly spec: ValueListSpec,
  ) {
    this.finder = spec.ids ? new ObjectFinder(() => this.again()) : null;
    if (spec.ids)
      $input.addClass('stripe-row-value-objects').attr('title', t('objects.title', { object: spec.ids.object }));
    else if (spec.choices.length) $input.addClass('stripe-row-value-choices').attr('title', t('row.choices'));
    this.dropdown = new Dropdown<ValueItem>($input, {
      className: 'stripe-value-choices',
      minWidth: 360,
      autoActivate: (text) => !!this.openAt(text),
      source: (text) => this.source(text),
      onChoose: (item) => this.choose(item),
    });
  }

  private caret(text: string): number {
    const c = (this.$input[0] as HTMLInputElement).selectionStart;
    return typeof c === 'number' ? c : text.length;
  }

  private openAt(text: string): { start: number; typed: string } | null {
    return text.includes('{{') ? openTemplate(text, this.caret(text)) : null;
  }

  /** Asks the list again when an answer arrives while its field is being typed in. */
  private again(): void {
    if (document.activeElement === this.$input[0]) this.dropdown.update();
  }

  private source(text: string): DropdownSource<ValueItem> {
    const open = this.openAt(text);
    if (open) return this.templateSource(open.typed);
    if (text.includes('{{')) return { items: [] }; // a template is left alone
    if (this.spec.choices.length) {
      return {
        items: matchingValues(this.spec.choices, text).map((value) => ({ value, render: () => el('code', '', value) })),
      };
    }
    // Nothing typed, or an id already there: the account is not asked (a focus alone asks nothing).
    if (this.spec.ids && this.finder && text.trim() && !ID.test(text.trim())) {
      return this.objectSource(this.spec.ids, text);
    }
    return { items: [] };
  }

  private templateSource(typed: string): DropdownSource<ValueItem> {
    if (!this.offers) {
      if (!this.offersAsked) {
        this.offersAsked = true;
        this.host.offers().then(
          (offers) => {
            this.offers = offers;
            this.again();
          },
          () => {
            this.offers = [];
          },
        );
      }
      return { items: [] };
    }
    return { items: matchOffers(this.offers, typed, MAX_OFFERS).map(offerItem) };
  }

  private objectSource(ids: IdSource, text: string): DropdownSource<ValueItem> {
    const state = this.finder!.get(this.host.clientId(), ids.object, text);
    if (state.error) return { items: [], footer: state.error };
    if (state.loading) return { items: [], footer: t('objects.loading') };
    const items = (state.objects ?? []).map((o) => ({
      value: o.id,
      render: () => {
        const parts: (JQuery | Text)[] = [el('code', 'stripe-object-id', o.id)];
        if (o.label) parts.push(document.createTextNode(' '), el('span', 'stripe-object-label', o.label));
        return parts;
      },
    }));
    const footer = !items.length
      ? t('objects.none', { object: ids.object })
      : state.more
        ? t('objects.more')
        : undefined;
    return footer ? { items, footer } : { items };
  }

  private choose(item: ValueItem): void {
    const text = String(this.$input.val() ?? '');
    if (item.offer) {
      const done = applyOffer(text, this.caret(text), item.offer.path);
      this.$input.val(done.text);
      (this.$input[0] as HTMLInputElement).setSelectionRange(done.caret, done.caret);
    } else {
      this.$input.val(item.value);
    }
    this.spec.onChange();
  }

  destroy(): void {
    this.dropdown.destroy();
    this.finder?.destroy();
  }
}
