/**
 * GET stripe/objects/:clientId?kind=customer&q=ann&after=...: the dialog's object chooser. Looks for
 * the account's objects of one kind through the deployed stripe-client's own StripeClient (its key,
 * base URI, account and rate limit): Stripe's search where the kind has one and the query suits it
 * (`email~"ann" OR name~"ann"` for customers, `name~"ann"` for products), else the list, 20 at a
 * time (`starting_after` for more), kept to the objects whose id or label holds the query. Reading
 * only; each object comes back as its id and a human label, never anything else of it, and never the
 * key. A failure is one line in the runtime's language (no client, no key, key refused, Stripe
 * unreachable).
 */
import type { Request, Response } from 'express';
import { redactKeys } from '../../rules';
import { catalogueRequest } from '../../stripe/requests/catalogue';
import { objectSource } from '../../stripe/requests/responses';
import type { StripeClient } from '../../stripe/http/client';
import { StripeError, oneLine } from '../../stripe/common/errors';
import { text } from '../../stripe/common/texts';
import type { Words } from '../shared/words';

/** Objects per page, as the dialog asks for them. */
export const OBJECTS_PAGE = 20;

export interface FoundObject {
  id: string;
  label: string;
}

export interface ObjectsAnswer {
  objects?: FoundObject[];
  /** Give this back as `after` for the next page. */
  more?: string;
  error?: string;
}

/** The search query a kind's search takes for the typed text, when it has one that matches parts of words. */
const SEARCHES: Record<string, (q: string) => string> = {
  customer: (q) => `email~"${q}" OR name~"${q}"`,
  product: (q) => `name~"${q}"`,
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const strOf = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Currencies without a minor unit (Stripe's zero-decimal currencies). */
const ZERO_DECIMAL = new Set('bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf'.split(' '));

function money(amount: unknown, currency: unknown): string {
  if (typeof amount !== 'number' || typeof currency !== 'string' || !currency) return '';
  const c = currency.toLowerCase();
  const value = ZERO_DECIMAL.has(c) ? String(amount) : (amount / 100).toFixed(2);
  return `${value} ${c.toUpperCase()}`;
}

/** A human label of one of Stripe's objects: name, e-mail, nickname, number, amount and currency, status. */
export function objectLabel(o: Obj): string {
  const parts = [strOf(o.name), strOf(o.email), strOf(o.nickname), strOf(o.number), strOf(o.lookup_key)];
  const amount = money(o.unit_amount ?? o.amount ?? o.amount_due ?? o.total, o.currency);
  if (amount) parts.push(amount);
  if (!parts.some(Boolean)) parts.push(strOf(o.description));
  if (['subscription', 'invoice', 'payment_intent', 'charge'].includes(strOf(o.object))) parts.push(strOf(o.status));
  return oneLine(parts.filter(Boolean).join(' · ')).slice(0, 120);
}

/** The client's answer to one question: its objects, or one line saying why not. */
export async function findObjects(
  client: StripeClient,
  kind: string,
  q: string,
  after: string,
): Promise<{ objects: FoundObject[]; more?: string }> {
  const source = objectSource(kind);
  if (!source) throw new StripeError('config', text('errors.objectsKind', { kind: kind.slice(0, 40) }));
  const query = q.replace(/["\\]/g, '').trim().slice(0, 100);
  const search = query && source.search && SEARCHES[kind];
  const params: Obj = { limit: OBJECTS_PAGE };
  if (search) {
    params.query = search(query);
    if (after) params.page = after;
  } else if (after) {
    params.starting_after = after;
  }
  const res = await client.send(catalogueRequest(search ? source.search! : source.list, { query: params }));
  const body = isObj(res.body) ? res.body : {};
  const data = Array.isArray(body.data) ? body.data.filter(isObj) : [];
  const words = query.toLowerCase();
  const objects = data
    .filter((o) => typeof o.id === 'string')
    .map((o) => ({ id: o.id as string, label: objectLabel(o) }))
    .filter((o) => search || !words || o.id.toLowerCase().includes(words) || o.label.toLowerCase().includes(words));
  let more: string | undefined;
  if (body.has_more === true) {
    more = search ? strOf(body.next_page) || undefined : strOf(data[data.length - 1]?.id) || undefined;
  }
  return more ? { objects, more } : { objects };
}

/** A deployed stripe-client's StripeClient (throws its set-up error: no key, a bad base URI). */
type ClientNode = { type?: unknown; getClient?: () => StripeClient };

/** What the route answers for a request, with the status to send. */
export async function objectsAnswer(
  clientId: string,
  query: { kind?: unknown; q?: unknown; after?: unknown },
  getNode: (id: string) => unknown,
  words: Words,
): Promise<{ status: number; body: ObjectsAnswer }> {
  const kind = strOf(query.kind).trim();
  const q = strOf(query.q);
  const after = strOf(query.after).trim().slice(0, 200);
  const node = (clientId ? getNode(clientId) : undefined) as ClientNode | undefined;
  if (!node || node.type !== 'stripe-client' || typeof node.getClient !== 'function') {
    return { status: 404, body: { error: words.text(text('errors.objectsNoClient')) } };
  }
  let client: StripeClient;
  try {
    client = node.getClient();
  } catch (err) {
    return { status: 409, body: { error: said(err, words) } };
  }
  try {
    return { status: 200, body: await findObjects(client, kind, q, after) };
  } catch (err) {
    const status = err instanceof StripeError && err.kind === 'config' ? 400 : 502;
    return { status, body: { error: said(err, words) || words.text(text('status.connectionFailed')) } };
  }
}

/** An error in one line of the runtime's language, without anything shaped like a key. */
function said(err: unknown, words: Words): string {
  const t = err instanceof StripeError ? words.error(err) : err instanceof Error ? err.message : String(err);
  return redactKeys(oneLine(t));
}

/** The route's handler. */
export function objectsHandler(getNode: (id: string) => unknown, words: Words) {
  return (req: Request, res: Response): void => {
    res.set('Cache-Control', 'no-store');
    objectsAnswer(String(req.params.clientId ?? ''), req.query as Obj, getNode, words)
      .then(({ status, body }) => res.status(status).json(body))
      .catch((err: unknown) => res.status(500).json({ error: said(err, words) }));
  };
}
