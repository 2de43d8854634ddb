// The edit dialog of stripe-subscriber and stripe-publisher: the operation picker, what the chosen
// operation needs (path parameters, query parameters, body fields) and the pagination settings.
import { catalogue, findOperation } from './catalogue';
import { loadCatalogue } from './catalogue-load';
import { el } from './dom';
import { Dropdown } from './dropdown';
import { t } from './i18n';
import { showOperation, showProblem } from './operation-info';
import { operationSuggestions, type OperationItem } from './picker';
import { Section, type SectionHost } from './section';
import type { HttpMethod } from '../rules';
import type { Kind, Operation, Role, Values } from './types';
import { pickerMethods } from '../rules';
import { checkOperation } from './validation';

/** The node as the dialog reads and writes it (Node-RED's node object in the editor). */
export interface OperationNode {
  operationId?: string;
  method?: string;
  path?: unknown;
  query?: unknown;
  payload?: unknown;
  [key: string]: unknown;
}

function plainObject(v: unknown): Values {
  return v && typeof v === 'object' && !Array.isArray(v) ? ($.extend(true, {}, v) as Values) : {};
}

export class OperationDialog implements SectionHost {
  readonly sections: Partial<Record<Kind, Section>>;
  stash: Partial<Record<Kind, Values>> = {};
  private readonly $op = $('#node-input-operationId');
  private readonly $form: JQuery;
  private readonly $hint: JQuery;
  private readonly $info: JQuery;
  private readonly $pagination: JQuery;
  private picker: Dropdown<OperationItem> | null = null;
  private opRef: string | null = null;
  private lastMethod = '';
  private hadCatalogue = false;
  /** The operation last confirmed; a saved mismatch is marked, not changed. */
  private confirmedRef: string;

  constructor(
    readonly node: OperationNode,
    readonly role: Role,
    private readonly isCurrent: (d: OperationDialog) => boolean,
  ) {
    const $closest = this.$op.closest('form');
    this.$form = $closest.length ? $closest : $('#dialog-form');
    const $details = this.$form.find('.stripe-op-details').empty();
    this.$hint = el('div', 'form-tips stripe-op-hint').appendTo($details);
    this.$info = el('div', 'stripe-op-info').appendTo($details);
    this.sections = { path: new Section(this, 'path', $details), query: new Section(this, 'query', $details) };
    if (role === 'publisher') this.sections.payload = new Section(this, 'payload', $details);
    el('div', 'form-tips stripe-values-note', t('section.valuesNote')).appendTo($details);
    this.$pagination = this.$form.find('.stripe-pagination');
    this.confirmedRef = String(node.operationId ?? '').trim();
  }

  private eachSection(fn: (s: Section, kind: Kind) => void): void {
    for (const [kind, s] of Object.entries(this.sections) as [Kind, Section][]) fn(s, kind);
  }

  private ref(): string {
    return String(this.$op.val() ?? '').trim();
  }

  /** The method the node runs as the dialog stands: GET, or the publisher's method select. */
  method(): HttpMethod {
    return this.role === 'subscriber' ? 'GET' : $('#node-input-method').val() === 'DELETE' ? 'DELETE' : 'POST';
  }

  /** The publisher's method follows a POST or DELETE operation: the method select is set to its method. */
  private followOperation(op: Operation | null | undefined): void {
    if (this.role !== 'publisher' || !op || (op.method !== 'POST' && op.method !== 'DELETE')) return;
    const $method = $('#node-input-method');
    if ($method.val() !== op.method) $method.val(op.method).trigger('change');
  }

  /**
   * The operation in the field is confirmed (chosen, Enter, change, blur, Done). One that differs from
   * the last confirmed sets the method; a method changed by hand afterwards stays the user's (and is
   * marked when it does not fit). Until the catalogue is here an operationId cannot be judged: later.
   */
  confirm(): void {
    const ref = this.ref();
    if (ref === this.confirmedRef) return;
    const op = findOperation(ref);
    if (op === undefined) return;
    this.confirmedRef = ref;
    this.followOperation(op);
  }

  /** A section's values: the node's when the dialog opens; later what was typed, for any operation. */
  private values(kind: Kind, fromNode: boolean): Values {
    if (fromNode || this.opRef === null) return plainObject(this.node[kind]);
    // What was typed for an earlier operation comes back when a later one knows the name.
    const now = this.sections[kind]?.collect() ?? {};
    const stash = (this.stash[kind] = $.extend(this.stash[kind] ?? {}, now) as Values);
    return $.extend({}, stash, now);
  }

  refresh(initial = false): void {
    const ref = this.ref();
    const unchanged = ref === this.opRef && this.lastMethod === this.method() && this.hadCatalogue === !!catalogue();
    if (!initial && unchanged) return;
    const values: Partial<Record<Kind, Values>> = {};
    this.eachSection((_s, k) => (values[k] = this.values(k, initial)));
    this.opRef = ref;
    this.lastMethod = this.method();
    this.hadCatalogue = !!catalogue();
    const op = findOperation(ref); // op, null (unknown) or undefined (catalogue not here yet)
    this.$hint.text(ref ? '' : t('operation.fromMsg')).toggle(!ref);
    showOperation(this.$info, op, ref);
    const check = checkOperation(this.role, ref, this.method());
    if (check !== true) showProblem(this.$info, check);
    this.$op.toggleClass('input-error', check !== true);
    this.eachSection((s, k) => s.build(op ?? null, values[k] ?? {}, initial));
    this.showPagination(op);
  }

  /** Pagination only for operations that paginate; unknown ones (msg.operationId, raw) may. */
  private showPagination(op: Operation | null | undefined): void {
    if (!this.$pagination.length) return;
    this.$pagination.toggle(!op || !!op.pagination || (!!op.raw && op.method === 'GET'));
    const kind = op && op.pagination ? op.pagination : 'unknown';
    this.$pagination.find('.stripe-pagination-kind').text(t(`pagination.kind.${kind}`));
  }

  private updatePaginationOptions(): void {
    this.$form.find('.stripe-pagination-options').toggle($('#node-input-pagination').is(':checked'));
  }

  start(): void {
    this.picker = new Dropdown<OperationItem>(this.$op, {
      className: 'stripe-picker',
      minWidth: 480,
      source: (text) => operationSuggestions(text, pickerMethods(this.role)),
      onChoose: (item) => {
        this.$op.val(item.value);
        this.confirmedRef = item.value.trim();
        this.followOperation(item.op); // chosen again after a change by hand, too
        this.refresh();
        this.$op.trigger('change');
      },
      onEnter: () => this.confirmAndRefresh(),
    });
    this.$op.attr('placeholder', t('operation.placeholder'));
    this.$op.on('change.stripe blur.stripe', () => this.confirmAndRefresh());
    $('#node-input-method').on('change.stripe', () => this.refresh());
    $('#node-input-pagination').on('change.stripe', () => this.updatePaginationOptions());
    this.refresh(true);
    this.updatePaginationOptions();
    loadCatalogue().then(
      () => {
        if (!this.isCurrent(this)) return;
        if (document.activeElement !== this.$op[0]) this.confirm(); // typed or pasted while it loaded
        this.refresh();
      },
      () => {
        if (this.isCurrent(this)) this.refresh();
      },
    );
  }

  private confirmAndRefresh(): void {
    this.confirm();
    this.refresh();
  }

  save(): void {
    this.confirm(); // Done without leaving the field: the method still follows a new operation
    let ref = this.ref();
    const op = findOperation(ref);
    if (op && !op.raw && op.id !== ref) ref = op.id; // the operationId as Stripe spells it
    this.$op.val(ref);
    // A catalogued operation that does not paginate saves pagination off, even if the (hidden) box was
    // ticked for an earlier one. Node-RED reads the inputs after oneditsave, so untick the box itself.
    // Empty, msg.operationId and raw references keep the user's choice: they may paginate.
    if (this.$pagination.length && op && !op.raw && !op.pagination) $('#node-input-pagination').prop('checked', false);
    this.eachSection((s, k) => (this.node[k] = s.collect()));
    this.destroy();
  }

  destroy(): void {
    this.picker?.destroy();
    this.picker = null;
    this.eachSection((s) => s.destroy());
    $('#node-input-method').off('.stripe');
    $('#node-input-pagination').off('.stripe');
  }
}
