// API versions in the editor (no DOM): the client dialog's choices, the note of a legacy operation,
// and the warning when the operation chosen in a node does not exist in its client's version.
// A warning, never a refusal: Stripe is the judge of what a version accepts.
import { t } from '../shared/i18n';
import type { Operation } from '../shared/types';

/** A version's date (2025-03-31 of 2025-03-31.basil), or null for text that is not a version. */
export function versionDate(version: unknown): string | null {
  const m = typeof version === 'string' ? /^\s*(\d{4}-\d{2}-\d{2})/.exec(version) : null;
  return m ? m[1] : null;
}

/** Compares two versions by their dates (<0, 0, >0), or null when one is not a version. */
export function compareVersions(a: unknown, b: unknown): number | null {
  const da = versionDate(a);
  const db = versionDate(b);
  if (!da || !db) return null;
  return da < db ? -1 : da > db ? 1 : 0;
}

/** The client dialog's versions: the catalogue's, newest first (it lists them oldest first). */
export function versionChoices(versions: readonly string[] | undefined): string[] {
  return [...(versions ?? [])].sort((a, b) => compareVersions(b, a) ?? 0);
}

/** A text of the editor's catalog: its key under `editor.` and its placeholders. */
export interface TextRef {
  key: string;
  subs: Record<string, string>;
}

/** What the picker and the dialog say of a legacy operation: removed in which version, use what. */
export function legacyNote(op: Pick<Operation, 'legacy'>, current: string): TextRef | null {
  const l = op.legacy;
  if (!l) return null;
  const subs: Record<string, string> = { version: l.removedIn ?? '', replacement: l.replacement ?? '', current };
  if (l.removedIn && l.replacement) return { key: 'legacy.removedUse', subs };
  if (l.removedIn) return { key: 'legacy.removed', subs };
  if (l.replacement) return { key: 'legacy.use', subs };
  return { key: 'legacy.notCurrent', subs };
}

/**
 * The warning for an operation on a client pinned to a version, or null: a legacy operation removed
 * in that version or before ("removed in …, use …"); one added after that version ("not in …: added
 * later"). An empty version (the account's default) or text that is not a version says nothing.
 */
export function versionWarning(op: Operation | null | undefined, clientVersion: unknown): TextRef | null {
  if (!op || op.raw || !versionDate(clientVersion)) return null;
  const version = String(clientVersion).trim();
  const l = op.legacy;
  if (l?.removedIn && (compareVersions(l.removedIn, version) ?? 1) <= 0) {
    const subs = { op: op.id, version, removedIn: l.removedIn, replacement: l.replacement ?? '' };
    return { key: l.replacement ? 'version.removedUse' : 'version.removed', subs };
  }
  if (op.addedAfter && (compareVersions(op.addedAfter, version) ?? -1) >= 0) {
    return { key: 'version.addedLater', subs: { op: op.id, version } };
  }
  return null;
}

/** A note or warning in the user's language (each key written out, so the catalog test sees it used). */
export function worded(ref: TextRef | null): string | null {
  if (!ref) return null;
  const s = ref.subs;
  switch (ref.key) {
    case 'legacy.removedUse':
      return t('legacy.removedUse', s);
    case 'legacy.removed':
      return t('legacy.removed', s);
    case 'legacy.use':
      return t('legacy.use', s);
    case 'legacy.notCurrent':
      return t('legacy.notCurrent', s);
    case 'version.removedUse':
      return t('version.removedUse', s);
    case 'version.removed':
      return t('version.removed', s);
    case 'version.addedLater':
      return t('version.addedLater', s);
    default:
      return null;
  }
}
