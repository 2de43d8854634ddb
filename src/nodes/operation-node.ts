/**
 * What the subscriber and the publisher share: read the settings, render the templates against the
 * message, merge the message's own values, call the Stripe core, send, set the status, call done.
 * Every failure goes to done(err) (a Catch node gets the message, with msg.stripe.error), never a crash.
 */
import { randomUUID } from 'crypto';
import {
  Values,
  HttpMethod,
  Operation,
  Page,
  SendOptions,
  StripeError,
  asValues,
  buildRequest,
  configError,
  findOperation,
  getCatalogue,
  idempotencyKeyFor,
  inputError,
  isDate,
  isPlainObject,
  isStripeObject,
  kindOf,
  mergeValues,
  oneLine,
  paginate,
  renderTemplates,
} from '../stripe';
import type { ClientNode, Node, NodeAPI, NodeMessage, NodeStatus } from './types';

export type Role = 'subscriber' | 'publisher';
export type OutputMode = 'all' | 'page' | 'item';

export interface OperationNodeConfig {
  name?: string;
  client?: string;
  operationId?: string;
  path?: unknown;
  query?: unknown;
  payload?: unknown;
  method?: string;
  pagination?: boolean;
  output?: string;
  maxItems?: number | string;
}

type Send = (m: NodeMessage | NodeMessage[]) => void;
type Done = (err?: Error) => void;

/** A status longer than this runs under the neighbouring nodes; the whole text goes to the Catch node. */
const STATUS_CHARS = 32;
const short = (text: string): string => (text.length > STATUS_CHARS ? `${text.slice(0, STATUS_CHARS - 1)}…` : text);

function toStripeError(err: unknown): StripeError {
  if (err instanceof StripeError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new StripeError('input', `Unexpected error: ${oneLine(message)}`);
}

/** Finds the message's operation and checks that this node may call it. */
export function resolveOperation(role: Role, configured: string | undefined, msgRef: unknown, method: HttpMethod): Operation {
  const fromNode = (configured ?? '').trim();
  const ref = fromNode || msgRef;
  if (ref === undefined || ref === null || ref === '') {
    throw inputError('No operation: choose one in the node, or set msg.operationId (e.g. "GetCustomers")', 'operationId', 'no operation');
  }
  if (typeof ref !== 'string') throw inputError(`msg.operationId must be a string, not ${typeof ref}`, 'operationId', 'bad msg.operationId');
  const op = findOperation(ref);
  if (!op) {
    throw inputError(
      `Unknown operation "${short(ref)}": not in the catalogue (Stripe API ${getCatalogue().apiVersion}) and not a raw "METHOD /v1/path"`,
      'operationId',
      'unknown operation',
    );
  }
  if (role === 'subscriber' && op.method !== 'GET') {
    throw inputError(`${op.id} is a ${op.method} operation; the stripe subscriber only reads (GET): use a stripe publisher`, 'operationId', `${op.method} needs a publisher`);
  }
  if (role === 'publisher') {
    if (op.method === 'GET') {
      throw inputError(`${op.id} is a GET operation; the stripe publisher only writes (POST or DELETE): use a stripe subscriber`, 'operationId', 'GET needs a subscriber');
    }
    if (op.method !== method) {
      throw inputError(`${op.id} is a ${op.method} operation, but this stripe publisher is set to ${method}`, 'operationId', `method is ${method}, not ${op.method}`);
    }
  }
  return op;
}

/**
 * What the publisher takes from msg.payload for its body (merged over the node's payload settings):
 * - a plain object of fields (from any realm: a function node's too) is the body;
 * - a Buffer, for a file upload (PostFiles), is the file;
 * - anything else is there for the templates only: a value (an inject node's timestamp, an id), an
 *   array, a Date, and a Stripe object (something read: a subscriber's answer flowing on).
 * What cannot be either (a Map, a class instance, a function) is refused.
 */
export function bodyOf(op: Operation, payload: unknown, filename?: unknown): Values {
  if (isPlainObject(payload)) return isStripeObject(payload) ? {} : payload;
  if (Buffer.isBuffer(payload)) {
    if (op.contentType !== 'multipart/form-data') return {};
    // A file-in node says where the file came from in msg.filename: Stripe shows that name.
    const name = typeof filename === 'string' ? filename.split(/[\\/]/).pop() : '';
    return name ? { file: payload, file_name: name } : { file: payload };
  }
  if (payload === undefined || payload === null || Array.isArray(payload) || isDate(payload)) return {};
  // JSON text (an http request node's default output, a template node without a json node) is a
  // body the user meant to send: refused, rather than quietly sending the node's settings alone.
  if (typeof payload === 'string' && /^\s*[{[]/.test(payload)) {
    throw inputError('msg.payload is JSON text, not an object: put a json node before this node', undefined, 'msg.payload is text');
  }
  if (['string', 'number', 'boolean', 'bigint'].includes(typeof payload)) return {};
  throw inputError(
    `msg.payload must be an object of body fields, or a value for the templates, not a ${kindOf(payload)}`,
    undefined,
    'bad msg.payload',
  );
}

/** Turns of the event loop given to the flow after each page: a few nodes deep of synchronous work. */
const FLOW_TURNS = 3;

async function letFlowTake(): Promise<void> {
  for (let i = 0; i < FLOW_TURNS; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Deeper than this, a message property is not handed back to Node-RED (its cloning is recursive). */
const CLONE_DEPTH = 100;

/** Whether a value nests objects or arrays more than `limit` levels deep (iterative: never overflows itself). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  const seen = new Set<object>();
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object' || seen.has(v)) continue;
    if (depth >= limit) return true;
    seen.add(v);
    if (ArrayBuffer.isView(v)) continue;
    for (const x of Object.values(v)) stack.push([x, depth + 1]);
  }
  return false;
}

/**
 * Whether Stripe may have acted although the request failed: no answer, a stopped flow, an
 * unreadable 2xx, 409, 429 or 5xx. Any other 4xx is a refusal, whatever its body (Stripe's JSON, an
 * HTML page from a proxy, JSON without an error object): nothing was done.
 */
export function outcomeUnknown(err: StripeError): boolean {
  if (err.kind === 'connection' || err.kind === 'aborted') return true;
  if (err.kind !== 'api' && err.kind !== 'response') return false;
  const s = err.fields.statusCode;
  if (!s) return err.kind === 'response';
  return s === 409 || s === 429 || s >= 500 || (s >= 200 && s < 300);
}

export function setupOperationNode(RED: NodeAPI, node: Node, config: OperationNodeConfig, role: Role): void {
  const clientNode = (config.client ? RED.nodes.getNode(config.client) : null) as ClientNode | null;
  const method: HttpMethod = role === 'subscriber' ? 'GET' : config.method === 'DELETE' ? 'DELETE' : 'POST';
  const output: OutputMode = config.output === 'page' || config.output === 'item' ? config.output : 'all';
  const maxItems = Number(config.maxItems) > 0 ? Math.floor(Number(config.maxItems)) : 10000;
  const inflight = new Set<AbortController>();
  let closed = false;

  const status = (s: NodeStatus): void => {
    if (!closed) node.status(s);
  };

  if (!clientNode) {
    status({ fill: 'red', shape: 'ring', text: 'no stripe-client' });
  } else if (clientNode.configError) {
    status({ fill: 'red', shape: 'ring', text: short(clientNode.configError.message) });
  }

  node.on('input', (msg, send, done) => {
    // handle() catches everything itself; the final catch only guards against a bug becoming an unhandled rejection.
    handle(msg, send, done).catch((err) => {
      // Without the message: if done(err) itself threw, handing the message on again would throw again.
      try {
        node.error(toStripeError(err).message);
      } catch {
        /* nothing more can be done; never an unhandled rejection */
      }
    });
  });

  node.on('close', (_removed, done) => {
    closed = true;
    for (const ctrl of inflight) ctrl.abort();
    inflight.clear();
    node.status({});
    done();
  });

  async function handle(msg: NodeMessage, send: Send, done: Done): Promise<void> {
    const ctrl = new AbortController();
    inflight.add(ctrl);
    let info: Record<string, unknown> = {};
    try {
      if (!clientNode) throw configError('No stripe-client: choose one in the node\'s settings');
      const client = clientNode.getClient();
      const op = resolveOperation(role, config.operationId, msg.operationId, method);
      info = { operationId: op.id, method: op.method };
      const path = mergeValues(renderTemplates(config.path, msg, 'path'), asValues(msg.path, 'msg.path'));
      const query = mergeValues(renderTemplates(config.query, msg, 'query'), asValues(msg.query, 'msg.query'));
      const body = role === 'publisher' ? mergeValues(renderTemplates(config.payload, msg, 'payload'), bodyOf(op, msg.payload, msg.filename)) : undefined;
      const req = buildRequest(op, { path, query, body });
      info.path = req.path;
      const idempotencyKey = idempotencyKeyFor(req, msg.idempotencyKey);
      if (idempotencyKey) info.idempotencyKey = idempotencyKey;
      const opts: SendOptions = {
        signal: ctrl.signal,
        idempotencyKey,
        stripeAccount: msg.stripeAccount as string | undefined,
        onRetry: (n, max, reason) => status({ fill: 'yellow', shape: 'ring', text: short(`retrying ${n}/${max} (${reason})`) }),
        onQueued: (waiting) => status({ fill: 'blue', shape: 'ring', text: `queued ${waiting}` }),
        log: (line) => node.log(line),
      };
      status({ fill: 'blue', shape: 'dot', text: short(`${op.method} ${op.id}`) });

      // Pagination applies to operations that paginate, and to raw GETs (their answer tells).
      if (role === 'subscriber' && config.pagination && (op.pagination || op.raw)) {
        await sendPages(msg, send, paginate(client, req, { ...opts, maxItems }), info);
      } else {
        const res = await client.send(req, opts);
        if (closed) return done();
        msg.payload = res.body;
        msg.statusCode = res.statusCode;
        msg.stripe = { ...info, requestId: res.requestId };
        // The key belonged to this request; the next publisher on the path must not reuse it.
        delete msg.idempotencyKey;
        send(msg);
        status({ fill: 'green', shape: 'dot', text: short(`${res.statusCode} ${op.id}`) });
      }
      done();
    } catch (raw) {
      const err = toStripeError(raw);
      if (!closed) {
        msg.stripe = { ...info, error: err.toJSON() };
        // Stripe's HTTP status, as a success carries it; none when there was no answer.
        if (err.fields.statusCode) msg.statusCode = err.fields.statusCode;
        else delete msg.statusCode;
        status({ fill: 'red', shape: 'ring', text: short(err.reason) });
      }
      // When Stripe may have acted (no answer, a 5xx, 409 or 429), the message keeps its key, so
      // sending it again (a Catch node looping back) cannot do the same thing twice. After a
      // definite refusal, it must not: a corrected message would clash with the refused one.
      if (info.idempotencyKey) {
        if (outcomeUnknown(err)) msg.idempotencyKey = info.idempotencyKey;
        else delete msg.idempotencyKey;
      }
      // Node-RED clones the message for the Catch node; a property nested thousands deep (refused
      // above) would overflow the stack there and crash the runtime, so it does not travel on.
      for (const key of ['payload', 'path', 'query'] as const) {
        if (nestedDeeperThan(msg[key], CLONE_DEPTH)) msg[key] = `[removed: nested more than ${CLONE_DEPTH} levels deep]`;
      }
      done(err);
    } finally {
      inflight.delete(ctrl);
    }
  }

  /**
   * Sends a pagination run in the chosen output mode. In `page` and `item` modes one message is held
   * back until the next arrives, so the last one can carry msg.parts.count (as the split node does),
   * which lets a join node in automatic mode complete the sequence.
   */
  async function sendPages(msg: NodeMessage, send: Send, pages: AsyncGenerator<Page>, info: Record<string, unknown>): Promise<void> {
    const { payload: _input, ...base } = msg;
    const partsId = randomUUID();
    const items: unknown[] = [];
    let held: NodeMessage | undefined;
    let index = 0;
    let last: Page | undefined;
    let count = 0;

    const make = (payload: unknown, page: Page, len: number): NodeMessage => {
      const m = RED.util.cloneMessage(base) as NodeMessage;
      m.payload = payload;
      m.statusCode = page.response.statusCode;
      m.stripe = { ...info, requestId: page.response.requestId, page: page.page, hasMore: page.hasMore, truncated: page.truncated };
      const parts: Record<string, unknown> = { id: partsId, index: index++, type: 'array', len };
      if (msg.parts) parts.parts = msg.parts;
      m.parts = parts;
      return m;
    };
    const push = (m: NodeMessage): void => {
      if (held && !closed) send(held);
      held = m;
    };

    try {
      for await (const page of pages) {
        if (closed) return;
        last = page;
        count += page.data.length;
        status({ fill: 'blue', shape: 'dot', text: short(`page ${page.page} · ${count} objects`) });
        if (output === 'all') {
          for (const o of page.data) items.push(o);
        } else if (output === 'page') {
          // len > 1 tells the join node to concatenate the pages' arrays into one.
          if (page.data.length || (!held && page.last)) push(make(page.data, page, Math.max(2, page.limit)));
        } else {
          for (const o of page.data) push(make(o, page, 1));
        }
        // Back-pressure: Node-RED hands messages on in later turns of the event loop. Before the
        // next page is fetched, let the flow take this page's messages, so a long list is never
        // queued ahead of the flow whole (memory stays that of about a page).
        if (output !== 'all' && !page.last) await letFlowTake();
      }
    } catch (err) {
      // A page failed for good: what was fetched still goes out. In `all` mode it is the payload of
      // the message the Catch node gets (a complete-looking list on the output would mislead the
      // flow), with msg.stripe.truncated; in `page` and `item` modes the last message sent closes
      // the sequence (so a join node completes with the partial list), then the error.
      if (output === 'all' && !closed) {
        msg.payload = items;
        Object.assign(info, { page: last?.page ?? 0, hasMore: true, truncated: true });
      }
      if (held && !closed) {
        (held.parts as Record<string, unknown>).count = index;
        Object.assign(held.stripe as Record<string, unknown>, { hasMore: true, truncated: true });
        send(held);
      }
      throw err;
    }
    if (closed || !last) return;
    if (output === 'all') {
      msg.payload = items;
      msg.statusCode = last.response.statusCode;
      msg.stripe = { ...info, requestId: last.response.requestId, page: last.page, hasMore: last.hasMore, truncated: last.truncated };
      send(msg);
    } else if (held) {
      (held.parts as Record<string, unknown>).count = index;
      const s = held.stripe as Record<string, unknown>;
      s.hasMore = last.hasMore;
      s.truncated = last.truncated;
      send(held);
    }
    const pagesText = `${last.page} page${last.page === 1 ? '' : 's'}`;
    status({ fill: 'green', shape: 'dot', text: short(`${pagesText} · ${count} objects${last.truncated ? ' (truncated)' : ''}`) });
  }
}
