// The lines under the operation field: `METHOD /path` with badges, the description, the reference
// link, and what is wrong with the operation for this node.
import { legacyNote, versionWarning, worded } from '../catalogue/api-version';
import { catalogue, catalogueError } from '../catalogue/catalogue';
import { el, icon, methodAndPath, operationBadges, space } from '../shared/dom';
import { t } from '../shared/i18n';
import type { Operation } from '../shared/types';
import type { ResponseShape } from '../../rules';
import { referenceUrl } from '../catalogue/validation';

/** Fills $info for an operation, a reference not known yet (undefined) or none (null). */
export function showOperation($info: JQuery, op: Operation | null | undefined, ref: string): void {
  $info.empty().removeClass('stripe-op-error');
  if (op) {
    el('div', 'stripe-op-head')
      .append(...methodAndPath(op, 'stripe-op-path'), ...operationBadges(op))
      .appendTo($info);
    const note = worded(legacyNote(op, catalogue()?.apiVersion ?? ''));
    if (note) el('div', 'stripe-op-legacy', note).appendTo($info);
    if (op.description) el('div', 'stripe-op-desc', op.description).appendTo($info);
    if (op.raw)
      el('div', 'stripe-op-desc', t('operation.raw', { version: catalogue()?.apiVersion ?? '' })).appendTo($info);
    if (op.response) showResponse($info, op.response);
    const link = el('a', 'stripe-op-ref')
      .attr({ target: '_blank', rel: 'noopener noreferrer', href: referenceUrl(op) })
      .append(icon('external-link'), space(), el('span', '', t('operation.reference')));
    el('div').append(link).appendTo($info);
  } else if (op === undefined && ref) {
    const error = catalogueError();
    $info.text(error ? t('picker.loadFailed', { error }) : t('picker.loading'));
  }
}

/** How many of the object's top fields the block names. */
const TOP_FIELDS = 40;

/** Stripe's reference page of an object: customer -> /api/customers/object, checkout.session -> /api/checkout/sessions/object. */
export function objectReferenceUrl(object: string): string {
  const parts = object.split('.');
  const last = parts.pop() ?? object;
  const plural = /[^aeiou]y$/.test(last)
    ? `${last.slice(0, -1)}ies`
    : /(s|x|ch|sh)$/.test(last)
      ? `${last}es`
      : `${last}s`;
  return `https://docs.stripe.com/api/${[...parts, plural].join('/')}/object`;
}

/** What comes out in msg.payload: the object (or a list of them), its top fields, its reference. */
function showResponse($info: JQuery, response: ResponseShape): void {
  const $out = el('div', 'stripe-op-sends');
  const head = response.list
    ? t('operation.sendsList', { object: response.object })
    : t('operation.sends', { object: response.object });
  el('div', 'stripe-op-sends-head', head).appendTo($out);
  const names = response.fields.map((f) => f.name);
  const $fields = el('div', 'stripe-op-sends-fields');
  names.slice(0, TOP_FIELDS).forEach((name, i) => {
    if (i) $fields.append(document.createTextNode(', '));
    const f = response.fields[i];
    $fields.append(el('code', '', name).attr('title', f.description ?? ''));
  });
  if (names.length > TOP_FIELDS)
    $fields.append(document.createTextNode(t('operation.sendsMore', { count: names.length - TOP_FIELDS })));
  $out.append($fields);
  const link = el('a', 'stripe-op-object-ref')
    .attr({ target: '_blank', rel: 'noopener noreferrer', href: objectReferenceUrl(response.object) })
    .append(
      icon('external-link'),
      space(),
      el('span', '', t('operation.objectReference', { object: response.object })),
    );
  el('div').append(link).appendTo($out);
  $out.appendTo($info);
}

/** Puts the reason an operation does not fit this node at the top of $info. */
export function showProblem($info: JQuery, problem: string): void {
  $info.addClass('stripe-op-error');
  el('div', 'stripe-op-problem')
    .append(icon('exclamation-triangle'), space(), el('span', '', problem))
    .prependTo($info);
}

/** Says (a warning, not a refusal) when the operation does not exist in the client's API version. */
export function showVersionWarning($info: JQuery, op: Operation | null | undefined, clientVersion: unknown): void {
  $info.children('.stripe-op-version').remove();
  const warning = worded(versionWarning(op, clientVersion));
  if (!warning) return;
  el('div', 'stripe-op-version')
    .append(icon('exclamation-circle'), space(), el('span', '', warning))
    .appendTo($info);
}

/** Says that the operation's parameters could not be fetched (names can still be typed). */
export function showDetailsError($info: JQuery, error: string): void {
  el('div', 'stripe-op-problem stripe-op-details-error', t('operation.detailsFailed', { error })).appendTo($info);
}
