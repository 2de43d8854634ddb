// Small builders for the dialogs' DOM. Text always goes in with .text() or as a text node, so a
// description, a name or an error message from Stripe or the catalogue is never read as markup.
import { t } from './i18n';
import type { Operation } from './types';

/** A new element with classes and, when given, its text. */
export function el(tag: string, className = '', text?: string): JQuery {
  const e = document.createElement(tag);
  if (className) e.className = className.trim();
  if (text !== undefined) e.textContent = text;
  return $(e);
}

/** A Font Awesome icon, e.g. icon('check'). */
export function icon(name: string, extra = ''): JQuery {
  return el('i', `fa fa-${name}${extra ? ` ${extra}` : ''}`);
}

/** A space between inline elements, as the markup had between tags. */
export function space(): Text {
  return document.createTextNode(' ');
}

export function methodBadge(method: string): JQuery {
  return el('span', `stripe-method stripe-method-${method.toLowerCase()}`, method);
}

/** The legacy, deprecated and pagination badges of an operation, each after a space. */
export function operationBadges(op: Operation): (JQuery | Text)[] {
  const out: (JQuery | Text)[] = [];
  if (op.legacy) out.push(space(), el('span', 'stripe-badge stripe-badge-legacy', t('picker.legacy')));
  if (op.deprecated) out.push(space(), el('span', 'stripe-badge stripe-badge-deprecated', t('picker.deprecated')));
  if (op.pagination) out.push(space(), el('span', 'stripe-badge', t(`picker.${op.pagination}`)));
  return out;
}

/** `GET /v1/path` as the picker and the dialog show it: the method badge and the path in code. */
export function methodAndPath(op: Pick<Operation, 'method' | 'path'>, codeClass = ''): (JQuery | Text)[] {
  return [methodBadge(op.method), space(), el('code', codeClass, op.path)];
}
