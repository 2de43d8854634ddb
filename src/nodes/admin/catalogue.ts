/**
 * GET stripe/catalogue: the operation catalogue, slimmed for the editor's picker, gzipped, with an ETag.
 * Built once per process (the catalogue is part of the package and never changes while it runs).
 * GET stripe/catalogue/operations/:id: one operation's details, its catalogue entry with the nested
 * query parameters and body fields of spec/fields.json (read for that operation only), what it answers
 * and the lists that serve its id parameters (spec/responses.json).
 * GET stripe/catalogue/events?types=...: the data.object of event types (spec/responses.json).
 */
import { createHash } from 'crypto';
import { gzipSync } from 'zlib';
import type { Request, Response } from 'express';
import { Catalogue, SlimCatalogue, slimCatalogue } from '../../rules';
import { text } from '../../stripe/common/texts';
import type { Words } from '../shared/words';
import { getCatalogue, findOperation, operationFields, type Operation } from '../../stripe/requests/catalogue';
import { eventObjects, operationIds, operationResponse } from '../../stripe/requests/responses';
import type { EventObject, IdSource, ResponseShape } from '../../rules';

/** An operation's details: nested parameters, what it answers, the lists that serve its id parameters. */
export type OperationDetails = Operation & { response?: ResponseShape; ids?: Record<string, IdSource> };

/** The catalogue as the editor needs it (the rules' slim catalogue) of the bundled catalogue. */
export function editorCatalogue(cat: Catalogue = getCatalogue()): SlimCatalogue {
  return slimCatalogue(cat);
}

export interface CataloguePayload {
  json: Buffer;
  gzip: Buffer;
  etag: string;
}

let payload: CataloguePayload | undefined;

/** The catalogue body, built once per process. */
export function cataloguePayload(): CataloguePayload {
  if (!payload) {
    const json = Buffer.from(JSON.stringify(editorCatalogue()), 'utf8');
    const gzip = gzipSync(json, { level: 9 });
    const etag = `"${createHash('sha1').update(json).digest('base64url').slice(0, 27)}"`;
    payload = { json, gzip, etag };
  }
  return payload;
}

/** The request as these routes read it: its headers only (express's `req.get` is not needed). */
export type HeaderSource = Pick<Request, 'headers'>;

/** One request header as a string ('' when absent; repeated headers joined with commas). */
export function header(req: HeaderSource, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : (v ?? '');
}

/** Answers with the catalogue: 304 when the editor's copy is current, gzipped when it accepts gzip. */
export function sendCatalogue(req: HeaderSource, res: Response): void {
  const p = cataloguePayload();
  res.set('ETag', p.etag);
  res.set('Cache-Control', 'private, no-cache');
  res.set('Vary', 'Accept-Encoding');
  const inm = header(req, 'if-none-match');
  if (inm && inm.split(/\s*,\s*/).some((t) => t === p.etag || t === `W/${p.etag}`)) {
    res.status(304).end();
    return;
  }
  sendJson(req, res, p.json, p.gzip);
}

/** JSON bytes, gzipped when the editor accepts gzip (the gzip made here unless given). */
function sendJson(req: HeaderSource, res: Response, json: Buffer, gzip?: Buffer): void {
  res.set('Content-Type', 'application/json; charset=utf-8');
  if (/\bgzip\b/i.test(header(req, 'accept-encoding'))) {
    res.set('Content-Encoding', 'gzip');
    res.send(gzip ?? gzipSync(json));
  } else {
    res.send(json);
  }
}

/**
 * One operation's details: its catalogue entry, with the nested parameters where spec/fields.json has
 * them, what it answers and which lists serve its id parameters (spec/responses.json).
 */
export function operationDetails(id: string): OperationDetails | undefined {
  const op = getCatalogue().operations.find((o) => o.id === id) ?? findOperation(id);
  if (!op || op.raw) return undefined;
  const nested = operationFields(op.id);
  const details: OperationDetails = nested
    ? { ...op, queryParams: nested.queryParams, bodyFields: nested.bodyFields }
    : { ...op };
  const response = operationResponse(op.id);
  if (response) details.response = response;
  const ids = operationIds(op.id);
  if (Object.keys(ids).length) details.ids = ids;
  return details;
}

/** GET stripe/catalogue/events?types=invoice.paid,invoice.*: the data.object of those event types. */
export function sendEventObjects(types: string, req: HeaderSource, res: Response): void {
  const list = types
    .split(',')
    .map((t) => t.trim())
    .filter((t) => /^[a-z0-9_.*]{1,120}$/.test(t))
    .slice(0, 50);
  const objects: EventObject[] = eventObjects(list);
  res.set('Cache-Control', 'private, max-age=3600');
  res.set('Vary', 'Accept-Encoding');
  sendJson(req, res, Buffer.from(JSON.stringify({ objects }), 'utf8'));
}

/** Answers with one operation's details (404 when the catalogue has no such operation). */
export function sendOperation(id: string, req: HeaderSource, res: Response, words: Pick<Words, 'text'>): void {
  const details = operationDetails(id);
  res.set('Cache-Control', 'private, max-age=3600');
  res.set('Vary', 'Accept-Encoding');
  if (!details) {
    const version = getCatalogue().apiVersion;
    res.status(404).json({ error: words.text(text('rules.unknownOperation', { op: id.slice(0, 80), version })) });
    return;
  }
  sendJson(req, res, Buffer.from(JSON.stringify(details), 'utf8'));
}
