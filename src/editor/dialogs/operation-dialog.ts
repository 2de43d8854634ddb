// The edit dialog of stripe-subscriber and stripe-publisher: the operation picker, what the chosen
// operation needs (path parameters, query parameters, body fields) and the pagination settings.
import { catalogue, findOperation, needsDetails } from '../catalogue/catalogue';
import { loadCatalogue, loadOperationDetails } from '../catalogue/catalogue-load';
import { el } from '../shared/dom';
import { Dropdown } from '../shared/dropdown';
import { t } from '../shared/i18n';
import { showDetailsError, showOperation, showProblem, showVersionWarning } from './operation-info';
import { operationSuggestions, type OperationItem } from '../catalogue/picker';
import { Section, type SectionHost } from '../fields/section';
import { nodeOffers } from '../fields/offers';
import type { MappingOffer } from '../fields/mapping';
import type { HttpMethod } from '../../rules';
import type { Kind, Operation, Role, Values } from '../shared/types';
import { pickerMethods } from '../../rules';
import { checkOperation } from '../catalogue/validation';

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
  /** Whether the sections last drew with the node's saved names kept (the dialog's first drawing). */
  private keptUnknown = false;
  /** Operations whose details could not be fetched, with why (the dialog then offers free names). */
  private readonly detailsFailed = new Map<string, string>();
  /** The operation last confirmed; a saved mismatch is marked, not changed. */
  private confirmedRef: string;
  /** The `{{` offers of this node, once asked for. */
  private offersPromise: Promise<MappingOffer[]> | null = null;

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

  /** What the node's templates can name: the fields of the message that arrives (the saved wiring). */
  offers(): Promise<MappingOffer[]> {
    const id = typeof this.node.id === 'string' ? this.node.id : '';
    this.offersPromise ??= id ? nodeOffers(id) : Promise.resolve([]);
    return this.offersPromise;
  }

  /** The client chosen in the dialog. */
  clientId(): string {
    return String($('#node-input-client').val() ?? '');
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

  /**
   * Draws what the operation in the field needs. initial: the dialog opens (the node's values);
   * force: the same operation again, now that its details are here.
   */
  refresh(initial = false, force = false): void {
    const ref = this.ref();
    const same = ref === this.opRef && this.lastMethod === this.method();
    const unchanged = same && this.hadCatalogue === !!catalogue();
    if (!initial && !force && unchanged) return;
    const values: Partial<Record<Kind, Values>> = {};
    this.eachSection((_s, k) => (values[k] = this.values(k, initial)));
    // The same operation drawn again (the catalogue or its details arrived) keeps what its first drawing kept.
    const keep = initial || (same && this.keptUnknown);
    this.keptUnknown = keep;
    this.opRef = ref;
    this.lastMethod = this.method();
    this.hadCatalogue = !!catalogue();
    const op = findOperation(ref); // op, null (unknown) or undefined (catalogue not here yet)
    const failed = op ? this.detailsFailed.get(op.id) : undefined;
    const loading = needsDetails(op) && failed === undefined;
    if (loading) this.fetchDetails(op);
    this.$hint.text(ref ? '' : t('operation.fromMsg')).toggle(!ref);
    showOperation(this.$info, op, ref);
    if (failed !== undefined) showDetailsError(this.$info, failed);
    const check = checkOperation(this.role, ref, this.method());
    if (check !== true) showProblem(this.$info, check);
    this.$op.toggleClass('input-error', check !== true);
    this.showVersion();
    this.eachSection((s, k) => s.build(op ?? null, values[k] ?? {}, keep, loading));
    this.showPagination(op);
  }

  /** The API version of the client chosen in the dialog ('' for the account's default or none). */
  clientVersion(): string {
    const id = String($('#node-input-client').val() ?? '');
    const client = id && RED.nodes.node(id);
    const version = client ? (client as { apiVersion?: unknown }).apiVersion : undefined;
    return typeof version === 'string' ? version : '';
  }

  /** The warning when the operation does not exist in the client's API version. */
  private showVersion(): void {
    showVersionWarning(this.$info, findOperation(this.ref()), this.clientVersion());
  }

  /** Fetches an operation's details once; the dialog draws them when they come, if it still shows it. */
  private fetchDetails(op: Operation): void {
    const stillShown = (): boolean => this.isCurrent(this) && findOperation(this.ref()) === op;
    loadOperationDetails(op.id).then(
      () => {
        if (stillShown()) this.refresh(false, true);
      },
      (err: Error) => {
        this.detailsFailed.set(op.id, err.message);
        if (stillShown()) this.refresh(false, true);
      },
    );
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
    $('#node-input-client').on('change.stripe', () => this.showVersion());
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
    $('#node-input-client').off('.stripe');
    $('#node-input-pagination').off('.stripe');
  }
}
