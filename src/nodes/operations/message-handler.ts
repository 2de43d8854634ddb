/**
 * One message through the subscriber or the publisher: the operation, the request, the call (one
 * answer, or a pagination run handed to the page sender), then send and done. Every failure goes to
 * done(err) (a Catch node gets the message, with msg.stripe.error), never a crash.
 */
import {
  HttpMethod,
  PreparedRequest,
  SendOptions,
  StripeError,
  configError,
  idempotencyKeyFor,
  paginate,
  text,
  toStripeError,
} from '../../stripe';
import { StripeMeta, answeredMeta, stripeMeta } from './meta';
import type { Operation } from '../../rules';
import { OperationNodeConfig, Role, requestFor, resolveOperation } from './message-input';
import { OutputMode, PageSender } from './page-sender';
import { short } from '../shared/status-text';
import type { ClientNode, Node, NodeMessage, NodeStatus } from '../shared/types';
import type { Words } from '../shared/words';

export type Send = (m: NodeMessage | NodeMessage[]) => void;
export type Done = (err?: Error) => void;

/** What the handler needs of its node: settings fixed at deploy, and the node's live state. */
export interface HandlerContext {
  node: Node;
  clientNode: ClientNode | null;
  config: OperationNodeConfig;
  role: Role;
  method: HttpMethod;
  output: OutputMode;
  maxItems: number;
  /** RED.util.cloneMessage. */
  clone: <T>(msg: T) => T;
  /** Aborted when the node closes: it stops every request of the node in flight. */
  signal: AbortSignal;
  isClosed: () => boolean;
  /** Sets the node's status, unless the node was closed. */
  status: (s: NodeStatus) => void;
  /** The runtime's language, for errors and statuses. */
  words: Words;
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

/**
 * The operation and the request a message asks for, with the node's settings. `meta` is filled in as
 * far as it gets (operation, method, path), so that an error names what it was about.
 */
export function prepareRequest(
  ctx: HandlerContext,
  msg: NodeMessage,
  meta: StripeMeta,
): { op: Operation; req: PreparedRequest } {
  const op = resolveOperation(ctx.role, ctx.config.operationId, msg.operationId, ctx.method);
  meta.operationId = op.id;
  meta.method = op.method;
  const req = requestFor(ctx.role, ctx.config, op, msg);
  meta.path = req.path;
  return { op, req };
}

/** The status while the client retries: "retrying 1/2 · <reason>". */
export function retryingStatus(ctx: HandlerContext): NonNullable<SendOptions['onRetry']> {
  return (n, max, _reason, err) =>
    ctx.status({
      fill: 'yellow',
      shape: 'ring',
      text: short(ctx.words.text(text('status.retrying', { n, max, reason: ctx.words.reason(err) }))),
    });
}

/** What a node's requests tell it (the same for each of its messages): made once per node, not per message. */
type NodeCallbacks = Pick<SendOptions, 'onRetry' | 'onQueued' | 'log'>;
const callbacks = new WeakMap<HandlerContext, NodeCallbacks>();

/** How many "queued N" texts a node keeps worded (N up to this; above, each is worded when shown). */
const QUEUED_TEXTS = 64;

function callbacksOf(ctx: HandlerContext): NodeCallbacks {
  let c = callbacks.get(ctx);
  if (!c) {
    // A client at its rate limit queues most requests: "queued N" is worded once per N (the runtime's
    // language is set when it starts), not through RED._ for every message that waits.
    const queued: string[] = [];
    const queuedText = (n: number): string => short(ctx.words.text(text('status.queued', { n })));
    c = {
      onRetry: retryingStatus(ctx),
      onQueued: (n) =>
        ctx.status({
          fill: 'blue',
          shape: 'ring',
          text: n >= 0 && n < QUEUED_TEXTS && Number.isInteger(n) ? (queued[n] ??= queuedText(n)) : queuedText(n),
        }),
      log: (line) => ctx.node.log(line),
    };
    callbacks.set(ctx, c);
  }
  return c;
}

/** Handles one input message; catches everything itself, ending in done() or done(err). */
export async function handleMessage(ctx: HandlerContext, msg: NodeMessage, send: Send, done: Done): Promise<void> {
  const meta: StripeMeta = {};
  let pages: PageSender | undefined;
  try {
    if (!ctx.clientNode) throw configError(text('errors.noClient'));
    const client = ctx.clientNode.getClient();
    const { op, req } = prepareRequest(ctx, msg, meta);
    // The one place the key is decided: the message's own (checked), else a new one for a request that takes one.
    const idempotencyKey = idempotencyKeyFor(req, msg.idempotencyKey);
    if (idempotencyKey) meta.idempotencyKey = idempotencyKey;
    const node = callbacksOf(ctx);
    const opts: SendOptions = {
      signal: ctx.signal,
      idempotencyKey,
      stripeAccount: msg.stripeAccount as string | undefined,
      source: ctx.node.id,
      operation: op.id,
      onRetry: node.onRetry,
      onQueued: node.onQueued,
      log: node.log,
    };
    ctx.status({ fill: 'blue', shape: 'dot', text: short(`${op.method} ${op.id}`) });

    // Pagination applies to operations that paginate, and to raw GETs (their answer tells).
    if (ctx.role === 'subscriber' && ctx.config.pagination && (op.pagination || op.raw)) {
      pages = new PageSender({
        send,
        status: ctx.status,
        words: ctx.words,
        isClosed: ctx.isClosed,
        clone: ctx.clone,
        output: ctx.output,
        msg,
        meta,
      });
      await pages.run(paginate(client, req, { ...opts, maxItems: ctx.maxItems }));
    } else {
      const res = await client.send(req, opts);
      if (ctx.isClosed()) return done();
      msg.payload = res.body;
      msg.statusCode = res.statusCode;
      msg.stripe = answeredMeta(meta, res.requestId);
      // The key belonged to this request; the next publisher on the path must not reuse it.
      delete msg.idempotencyKey;
      send(msg);
      ctx.status({ fill: 'green', shape: 'dot', text: short(`${res.statusCode} ${op.id}`) });
    }
    done();
  } catch (raw) {
    fail(ctx, msg, stripeMeta(meta, pages?.partial), toStripeError(raw), done);
  }
}

/** Hands the failed message to done(err): msg.stripe.error, msg.statusCode, and the key kept only when Stripe may have acted. */
export function fail(ctx: HandlerContext, msg: NodeMessage, meta: StripeMeta, err: StripeError, done: Done): void {
  if (!ctx.isClosed()) {
    msg.stripe = stripeMeta(meta, { error: err.toJSON() });
    // Stripe's HTTP status, as a success carries it; none when there was no answer.
    if (err.fields.statusCode) msg.statusCode = err.fields.statusCode;
    else delete msg.statusCode;
    ctx.status({ fill: 'red', shape: 'ring', text: short(ctx.words.reason(err)) });
  }
  // When Stripe may have acted (no answer, a 5xx, 409 or 429), the message keeps its key, so
  // sending it again (a Catch node looping back) cannot do the same thing twice. After a
  // definite refusal, it must not: a corrected message would clash with the refused one.
  if (meta.idempotencyKey) {
    if (outcomeUnknown(err)) msg.idempotencyKey = meta.idempotencyKey;
    else delete msg.idempotencyKey;
  }
  // Node-RED clones the message for the Catch node; a property nested thousands deep (refused
  // above) would overflow the stack there and crash the runtime, so it does not travel on.
  for (const key of ['payload', 'path', 'query'] as const) {
    if (nestedDeeperThan(msg[key], CLONE_DEPTH)) msg[key] = `[removed: nested more than ${CLONE_DEPTH} levels deep]`;
  }
  // The Catch node shows err.toString(): the message in the runtime's language.
  const worded = ctx.words.error(err);
  done(worded === err.message ? err : err.shownAs(worded));
}
