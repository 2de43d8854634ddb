/**
 * What the stripe-webhook node does with one request: read the raw body, check the signature, parse
 * the event, filter it, claim it in the dedupe, send it on and answer Stripe. Every refusal is
 * answered with a one-line reason and shown on the status and to Catch nodes (never with the body).
 */
import type { Request, Response } from 'express';
import {
  checkSignature,
  eventFacts,
  inEnglish,
  passes,
  text,
  StripeError,
  type EventClaims,
  type EventFacts,
  type EventFilterSettings,
  type Text,
} from '../../stripe';
import { claimEvent, eventMessage, releaseEvent, sentEvent } from './event-output';
import { short } from '../shared/status-text';
import { ThrottledStatus } from '../shared/throttled-status';
import type { NodeMessage, NodeStatus } from '../shared/types';
import { BodyError, readRawBody } from './webhook-route';

/** Refusals reach the log and Catch nodes at most this often (a public URL can be hammered). */
const REPORT_EVERY_MS = 1000;

export interface ReceiverSettings {
  secrets: string[];
  toleranceSeconds: number;
  filter: EventFilterSettings;
}

export interface ReceiverHost {
  /** Each event once: the dedupe over a context store, or a fleet's claims in Redis. */
  dedupe: EventClaims;
  send: (msg: NodeMessage) => void;
  status: (s: NodeStatus) => void;
  error: (text: string, msg: NodeMessage) => void;
  /** A text in the runtime's language. */
  say: (t: Text) => string;
  /** Told of each request's outcome (the Stripe sidebar): accepted, a repeat, or refused with its code. */
  observe?: (outcome: 'accepted' | 'repeat' | { refused: string }, event?: { id: string; type: string }) => void;
}

class Refusal extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly said: Text,
    /** The rest of the request is not read: the connection closes once the answer is out. */
    readonly hangUp = false,
  ) {
    super(inEnglish(said));
  }
}

export class WebhookReceiver {
  private closed = false;
  private lastReport = 0;
  private count = 0;
  private readonly received: ThrottledStatus;

  constructor(
    private readonly host: ReceiverHost,
    private readonly settings: ReceiverSettings,
  ) {
    this.received = new ThrottledStatus(host.status);
  }

  /** The route's handler: never throws, always answers. */
  readonly handler = (req: Request, res: Response): void => {
    this.handle(req, res).catch((err: unknown) => {
      if (err instanceof Refusal) return this.refuse(res, err);
      // A fleet's Redis out of reach: 503, Stripe sends the event again later.
      if (err instanceof StripeError && err.said) return this.refuse(res, new Refusal(503, 'fleet', err.said));
      // The dedupe's store failed: Stripe is asked to send the event again later.
      const error = err instanceof Error ? err.message : String(err);
      this.refuse(res, new Refusal(500, 'store', text('errors.webhookStore', { error })));
    });
  };

  close(): void {
    this.closed = true;
    this.received.cancel();
  }

  private async handle(req: Request, res: Response): Promise<void> {
    const event = await this.verified(req);
    const facts = eventFacts(event);
    if (!facts) throw new Refusal(400, 'notEvent', text('errors.webhookNotEvent'));
    // Filtered out or seen before: Stripe is told it arrived, so it does not send it again.
    if (!passes(facts, this.settings.filter)) {
      this.host.observe?.('accepted', { id: facts.id, type: facts.type });
      return this.answer(res, 200, { received: true });
    }
    // A node that is stopping claims nothing: Stripe's next delivery reaches the node that follows it.
    if (this.closed) throw new Refusal(503, 'closed', text('errors.webhookStopping'));
    if (!(await claimEvent(this.host.dedupe, facts))) {
      this.host.observe?.('repeat');
      return this.answer(res, 200, { received: true, duplicate: true });
    }
    if (this.closed) {
      await releaseEvent(this.host.dedupe, facts);
      throw new Refusal(503, 'closed', text('errors.webhookStopping'));
    }
    this.deliver(event as Record<string, unknown>, facts);
    this.host.observe?.('accepted', { id: facts.id, type: facts.type });
    sentEvent(this.host.dedupe, facts);
    this.answer(res, 200, { received: true });
  }

  /** The parsed event of a request whose signature is Stripe's. */
  private async verified(req: Request): Promise<unknown> {
    let body: Buffer;
    try {
      body = await readRawBody(req);
    } catch (err) {
      const e = err instanceof BodyError ? err : new BodyError(400, text('errors.webhookCutShort'));
      throw new Refusal(e.status, 'body', e.said, e.hangUp);
    }
    const refusal = checkSignature(body, req.headers['stripe-signature'], this.settings);
    if (refusal) throw new Refusal(400, refusal.code, refusal.said);
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new Refusal(400, 'json', text('errors.webhookNotJson'));
    }
  }

  private deliver(event: Record<string, unknown>, facts: EventFacts): void {
    this.host.send(eventMessage(event, facts, 'webhook'));
    this.count++;
    const events = this.count;
    this.received.set(() => ({
      fill: 'green',
      shape: 'dot',
      text: short(this.host.say(text('status.webhookReceived', { events, type: facts.type }))),
    }));
  }

  private answer(res: Response, statusCode: number, body: Record<string, unknown>): void {
    if (!res.headersSent) res.status(statusCode).json(body);
  }

  /** Answers a refusal and tells the status, and the log and Catch nodes (at most once a second). */
  private refuse(res: Response, r: Refusal): void {
    if (r.hangUp) {
      // The rest of the body is not read: the connection is closed once the answer is out.
      res.set('Connection', 'close');
      res.once('finish', () => res.req.destroy());
    }
    this.host.observe?.({ refused: r.code });
    // Stripe's Dashboard shows the answer: it stays in English.
    this.answer(res, r.statusCode, { error: r.message });
    // Shown and reported at most once a second (words cost, and a public URL can be hammered).
    this.received.set(() => ({ fill: 'red', shape: 'ring', text: short(this.host.say(r.said)) }));
    const now = Date.now();
    if (now - this.lastReport < REPORT_EVERY_MS) return;
    this.lastReport = now;
    this.host.error(this.host.say(text('errors.webhookRefused', { reason: this.host.say(r.said) })), {
      statusCode: r.statusCode,
      stripe: {
        source: 'webhook',
        error: { code: r.code, message: r.message, statusCode: r.statusCode, messageCode: r.said.code },
      },
    });
  }
}
