/**
 * Sends a pagination run in the chosen output mode: `all` (one message with every object), `page`
 * (one message per page) or `item` (one message per object). In `page` and `item` modes one message
 * is held back until the next arrives, so the last one can carry msg.parts.count (as the split node
 * does), which lets a join node in automatic mode complete the sequence.
 */
import { randomUUID } from 'crypto';
import { Page, text } from '../../stripe';
import { StripeMeta, stripeMeta } from './meta';
import { short } from '../shared/status-text';
import type { NodeMessage, NodeStatus } from '../shared/types';
import type { Words } from '../shared/words';

export type OutputMode = 'all' | 'page' | 'item';

/** What the page sender needs of its node and of the message it answers. */
export interface PageContext {
  send: (m: NodeMessage) => void;
  status: (s: NodeStatus) => void;
  /** The runtime's language, for the statuses. */
  words: Words;
  /** Whether the node was closed (redeployed, stopped): nothing is sent after that. */
  isClosed: () => boolean;
  /** RED.util.cloneMessage. */
  clone: <T>(msg: T) => T;
  output: OutputMode;
  /** The input message: the base of every message sent, and in `all` mode the one sent. */
  msg: NodeMessage;
  /** What msg.stripe says of the request (operationId, method, path). */
  meta: StripeMeta;
}

/** Turns of the event loop given to the flow after a page, beyond one per message: a few nodes deep. */
const FLOW_TURNS = 3;

/** Waits `turns` turns of the event loop (each a setImmediate, as Node-RED delivers a message). */
async function letFlowTake(turns: number): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class PageSender {
  /** After a page failed in `all` mode: what msg.stripe adds on the message the Catch node gets. */
  partial?: Pick<StripeMeta, 'page' | 'hasMore' | 'truncated'>;

  private readonly base: NodeMessage;
  private readonly partsId = randomUUID();
  private readonly items: unknown[] = [];
  private held?: NodeMessage;
  private index = 0;
  private count = 0;
  private last?: Page;

  constructor(private readonly ctx: PageContext) {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the input payload is left out of every output
    const { payload: _input, ...base } = ctx.msg;
    this.base = base;
  }

  /** Sends every page; when a page fails for good, sends what was fetched (see fail) and rethrows. */
  async run(pages: AsyncGenerator<Page>): Promise<void> {
    try {
      let next = pages.next();
      for (;;) {
        const step = await next;
        if (step.done) break;
        const page = step.value;
        if (this.ctx.isClosed()) return;
        // The next page is fetched while this one goes out; its failure is read when it is awaited.
        next = pages.next();
        next.catch(() => undefined);
        const sent = this.take(page);
        // Back-pressure: Node-RED hands each message on in a later turn of the event loop, and some
        // nodes (switch, trigger) take one message per turn. Before the page after next is asked
        // for, the flow gets a turn per object sent and a few more (in `page` mode too, whose page
        // a split node turns into one message per object), so a long list is never queued ahead of
        // the flow: at most this page's objects wait, and one page is fetched ahead.
        if (sent && !page.last) await letFlowTake(page.data.length + FLOW_TURNS);
      }
    } catch (err) {
      this.fail();
      throw err;
    }
    this.finish();
  }

  /** One page in: kept (`all`) or turned into messages (`page`, `item`); returns whether messages went out. */
  private take(page: Page): boolean {
    this.last = page;
    this.count += page.data.length;
    const said = text('status.page', { page: page.page, objects: this.count });
    this.ctx.status({ fill: 'blue', shape: 'dot', text: short(this.ctx.words.text(said)) });
    if (this.ctx.output === 'all') {
      for (const o of page.data) this.items.push(o);
      return false;
    }
    if (this.ctx.output === 'page') {
      // len > 1 tells the join node to concatenate the pages' arrays into one.
      if (!page.data.length && (this.held || !page.last)) return false;
      this.push(this.make(page.data, page, Math.max(2, page.limit)));
      return true;
    }
    for (const o of page.data) this.push(this.make(o, page, 1));
    return page.data.length > 0;
  }

  /** One message of the sequence, with its msg.parts. */
  private make(payload: unknown, page: Page, len: number): NodeMessage {
    const msg: NodeMessage = this.ctx.clone(this.base);
    msg.payload = payload;
    msg.statusCode = page.response.statusCode;
    msg.stripe = this.pageMeta(page);
    const parts: Record<string, unknown> = { id: this.partsId, index: this.index++, type: 'array', len };
    if (this.ctx.msg.parts) parts.parts = this.ctx.msg.parts;
    msg.parts = parts;
    return msg;
  }

  /** msg.stripe for a message of this page. */
  private pageMeta(page: Page): StripeMeta {
    return stripeMeta(this.ctx.meta, {
      requestId: page.response.requestId,
      page: page.page,
      hasMore: page.hasMore,
      truncated: page.truncated,
    });
  }

  /** Sends the message held back, and holds this one. */
  private push(next: NodeMessage): void {
    if (this.held && !this.ctx.isClosed()) this.ctx.send(this.held);
    this.held = next;
  }

  /** Sends the held message as the sequence's last: msg.parts.count, and msg.stripe's final hasMore and truncated. */
  private sendLast(hasMore: boolean, truncated: boolean): void {
    if (!this.held) return;
    const msg = this.held;
    (msg.parts as Record<string, unknown>).count = this.index;
    msg.stripe = stripeMeta(msg.stripe as StripeMeta, { hasMore, truncated });
    this.ctx.send(msg);
  }

  /**
   * A page failed for good: what was fetched still goes out. In `all` mode it is the payload of the
   * message the Catch node gets (a complete-looking list on the output would mislead the flow), with
   * msg.stripe.truncated; in `page` and `item` modes the last message sent closes the sequence (so a
   * join node completes with the partial list), then the error.
   */
  private fail(): void {
    if (this.ctx.isClosed()) return;
    if (this.ctx.output === 'all') {
      this.ctx.msg.payload = this.items;
      this.partial = { page: this.last?.page ?? 0, hasMore: true, truncated: true };
    }
    this.sendLast(true, true);
  }

  /** The run is complete: the one message (`all`), or the held message closing the sequence. */
  private finish(): void {
    const last = this.last;
    if (this.ctx.isClosed() || !last) return;
    if (this.ctx.output === 'all') {
      const { msg } = this.ctx;
      msg.payload = this.items;
      msg.statusCode = last.response.statusCode;
      msg.stripe = this.pageMeta(last);
      this.ctx.send(msg);
    } else {
      this.sendLast(last.hasMore, last.truncated);
    }
    const { words } = this.ctx;
    const pages =
      last.page === 1
        ? text('status.onePage', { objects: this.count })
        : text('status.pages', { pages: last.page, objects: this.count });
    const truncated = last.truncated ? words.text(text('status.truncated')) : '';
    this.ctx.status({ fill: 'green', shape: 'dot', text: short(words.text(pages) + truncated) });
  }
}
