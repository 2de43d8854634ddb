// What the operation picker offers for the typed text: a raw `METHOD /path` the catalogue does not
// have, then the search's best matches, and a line under them. No DOM here (picker.ts draws them).
import { catalogue, catalogueError, hasEndpoint, searchCatalogue } from './catalogue';
import { t } from '../shared/i18n';
import { rawOperation } from '../../rules';
import type { Operation } from '../shared/types';

export const MAX_SHOWN = 50;

export interface OperationChoice {
  value: string;
  op: Operation;
}

export interface OperationChoices {
  choices: OperationChoice[];
  /** Text under the list: loading, failed, how many more, or that nothing matches ('' for none). */
  footer: string;
}

export function operationChoices(text: string, methods: readonly string[]): OperationChoices {
  if (!catalogue()) {
    const err = catalogueError();
    return { choices: [], footer: err ? t('picker.loadFailed', { error: err }) : t('picker.loading') };
  }
  const results = searchCatalogue(text, methods);
  const choices: OperationChoice[] = [];
  const raw = rawOperation(text);
  if (raw && methods.includes(raw.method) && !hasEndpoint(raw.method, raw.path))
    choices.push({ value: raw.id, op: raw });
  for (const r of results.slice(0, MAX_SHOWN)) choices.push({ value: r.op.id, op: r.op });
  let footer = '';
  if (results.length > MAX_SHOWN) {
    footer = t('picker.more', { count: results.length - MAX_SHOWN, total: results.length });
  } else if (!choices.length) footer = t('picker.none');
  return { choices, footer };
}
