// The account's objects for an id field (GET stripe/objects/:clientId through the node's client):
// asked for as the user types (the last text only, after a short pause), kept per client, kind and
// text for the dialog, each as id and label, or the one line saying why not.
import { t } from '../shared/i18n';

export interface FoundObject {
  id: string;
  label: string;
}

export interface ObjectsState {
  loading?: boolean;
  objects?: FoundObject[];
  /** More than these: type to narrow. */
  more?: boolean;
  error?: string;
}

/** Whether a client id is one the runtime can have (not none, not the "add new" choice). */
export function usableClient(id: string): boolean {
  return !!id && id !== '_ADD_';
}

export class ObjectFinder {
  private readonly answers = new Map<string, ObjectsState>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** arrived: called when an answer comes in (the list then asks again). */
  constructor(private readonly arrived: () => void) {}

  /** What is known for this question; starts asking when nothing is. */
  get(clientId: string, kind: string, q: string): ObjectsState {
    if (!usableClient(clientId)) return { error: t('objects.noClient') };
    const text = q.trim();
    const key = `${clientId}\n${kind}\n${text}`;
    const known = this.answers.get(key);
    if (known) return known;
    const state: ObjectsState = { loading: true };
    this.answers.set(key, state);
    if (this.timer) clearTimeout(this.timer);
    // Pending questions for earlier texts are dropped: only the last one is asked.
    for (const [k, s] of this.answers) if (s.loading && k !== key) this.answers.delete(k);
    this.timer = setTimeout(() => this.ask(key, clientId, kind, text), 250);
    return state;
  }

  private ask(key: string, clientId: string, kind: string, q: string): void {
    this.timer = null;
    $.ajax({
      url: `stripe/objects/${encodeURIComponent(clientId)}`,
      data: { kind, q },
      dataType: 'json',
      cache: false,
    })
      .done((data: { objects?: FoundObject[]; more?: string; error?: string }) => {
        this.settle(key, data.error ? { error: data.error } : { objects: data.objects ?? [], more: !!data.more });
      })
      .fail((xhr: JQuery.jqXHR) => {
        const said = (xhr.responseJSON as { error?: unknown } | undefined)?.error;
        const error =
          typeof said === 'string' && said
            ? said
            : t('objects.failed', { error: xhr.status ? `HTTP ${xhr.status}` : 'network error' });
        // A refusal is kept for the dialog; a failure of the route itself is asked again next time.
        this.settle(key, { error }, !(typeof said === 'string' && said));
      });
  }

  private settle(key: string, state: ObjectsState, forget = false): void {
    if (!this.answers.has(key)) return; // a text typed past meanwhile
    this.answers.set(key, state);
    this.arrived();
    if (forget) this.answers.delete(key);
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.answers.clear();
  }
}
