/**
 * The runtime side of the editor: httpAdmin endpoints the dialogs call.
 *
 * - GET  stripe/catalogue        the operation catalogue, slimmed for the editor, gzipped, with an ETag (admin-catalogue)
 * - GET  stripe/catalogue/operations/:id  one operation, with its nested parameters (spec/fields.json), what
 *                                its answer holds and which lists serve its id parameters (spec/responses.json)
 * - GET  stripe/catalogue/events?types=a,b  the data.object of those event types (spec/responses.json)
 * - GET  stripe/objects/:clientId?kind=customer&q=ann&after=...  the account's objects of a kind, as id and
 *                                label, through the deployed client (objects)
 * - GET  stripe/key-info?id=...  whether a config node has a saved key and its mode (test/live), never the key
 * - POST stripe/test-connection  calls Stripe with the typed or saved key (admin-test-connection)
 * - POST stripe/fleet/test       reaches a stripe-fleet's Redis: version, round trip, instances alive (fleet-test)
 *
 * Every route is guarded with RED.auth.needsPermission; the editor calls them with relative URLs so its
 * access token is sent.
 */
import type { NodeAPI } from 'node-red';
import type { Request, Response } from 'express';
import { oneLine } from '../../stripe/common/errors';
import { classifyKey, redactKeys } from '../../rules';
import { sendCatalogue, sendEventObjects, sendOperation } from './catalogue';
import { probeFleet } from '../../stripe';
import { wordsFor } from '../shared/words';
import { deployedFleetWhere, fleetTestHandler, GetFleetCredentials } from './fleet-test';
import { deployedBaseUri, testConnectionHandler, str, GetCredentials } from './test-connection';
import { objectsHandler } from './objects';

export {
  editorCatalogue,
  cataloguePayload,
  sendCatalogue,
  operationDetails,
  sendOperation,
  sendEventObjects,
} from './catalogue';
export { PASSWORD_PLACEHOLDER, TEST_TIMEOUT_SECONDS, testConnection, deployedBaseUri, isJson } from './test-connection';
export type { TestBody, TestResult } from './test-connection';
export { FLEET_TEST_TIMEOUT_MS, deployedFleetWhere, testFleet } from './fleet-test';
export type { FleetTestBody, FleetTestAnswer } from './fleet-test';
export { OBJECTS_PAGE, findObjects, objectLabel, objectsAnswer } from './objects';
export type { FoundObject, ObjectsAnswer } from './objects';

/** The parts of Node-RED's runtime API (RED) the admin routes use. */
export interface AdminRED {
  httpAdmin: Pick<NodeAPI['httpAdmin'], 'get' | 'post'>;
  auth: Pick<NodeAPI['auth'], 'needsPermission'>;
  nodes: Pick<NodeAPI['nodes'], 'getCredentials'> & { getNode?: (id: string) => unknown };
  /** Node-RED's i18n: the test connection's refusals in the runtime's language. */
  _?: (key: string, subs?: Record<string, unknown>) => string;
}

/** test or live, secret or restricted, for a key the client accepts (the rules' classifyKey); undefined for anything else. */
export function keyInfo(key: unknown): { mode: 'test' | 'live'; kind: 'secret' | 'restricted' } | undefined {
  const c = classifyKey(key);
  return 'mode' in c ? { mode: c.mode, kind: c.kind } : undefined;
}

/** GET stripe/key-info?id=...: `{ saved, mode, kind }` for a config node's saved key, never the key. */
export function sendKeyInfo(req: Pick<Request, 'query'>, res: Response, getCredentials: GetCredentials): void {
  const id = str(req.query.id);
  const apiKey = id ? getCredentials(id)?.apiKey : undefined;
  const info = keyInfo(apiKey);
  res.set('Cache-Control', 'no-store');
  res.json({ saved: !!str(apiKey), mode: info?.mode ?? null, kind: info?.kind ?? null });
}

/**
 * The admin apps that already have the routes. Node-RED has one admin app per runtime; keyed on it
 * (not on RED, which Node-RED makes once per node file), each runtime gets the routes exactly once,
 * and a new runtime in the same process (the test helper starts several) gets them again.
 */
const registered = new WeakSet<object>();

/** Adds the editor's endpoints to Node-RED's admin app, once per admin app. */
export function registerAdmin(RED: AdminRED): void {
  const app = RED?.httpAdmin;
  if (!app || registered.has(app)) return;
  registered.add(app);
  const read = RED.auth.needsPermission('stripe-client.read');
  const write = RED.auth.needsPermission('stripe-client.write');
  const creds: GetCredentials = (id) => RED.nodes.getCredentials(id);
  const deployed = (id: string): string | undefined => deployedBaseUri(RED.nodes.getNode?.(id));

  app.get('/stripe/catalogue', read, (req: Request, res: Response) => {
    try {
      sendCatalogue(req, res);
    } catch (err) {
      res.status(500).json({ error: redactKeys(oneLine(String((err as Error)?.message ?? err))) });
    }
  });
  app.get('/stripe/catalogue/operations/:id', read, (req: Request, res: Response) => {
    try {
      sendOperation(String(req.params.id ?? ''), req, res, wordsFor(RED));
    } catch (err) {
      res.status(500).json({ error: redactKeys(oneLine(String((err as Error)?.message ?? err))) });
    }
  });
  app.get('/stripe/catalogue/events', read, (req: Request, res: Response) => {
    try {
      sendEventObjects(str(req.query.types) ?? '', req, res);
    } catch (err) {
      res.status(500).json({ error: redactKeys(oneLine(String((err as Error)?.message ?? err))) });
    }
  });
  // The dialog's object chooser: reading only, through the deployed client (never its key in an answer).
  app.get(
    '/stripe/objects/:clientId',
    read,
    objectsHandler((id) => RED.nodes.getNode?.(id), wordsFor(RED)),
  );
  app.get('/stripe/key-info', read, (req: Request, res: Response) => sendKeyInfo(req, res, creds));
  app.post('/stripe/test-connection', write, testConnectionHandler(creds, deployed, wordsFor(RED)));
  const fleetCreds: GetFleetCredentials = (id) => RED.nodes.getCredentials(id);
  const fleetWhere = (id: string): string | undefined => deployedFleetWhere(RED.nodes.getNode?.(id));
  app.post(
    '/stripe/fleet/test',
    RED.auth.needsPermission('stripe-fleet.write'),
    fleetTestHandler(probeFleet, fleetCreds, fleetWhere, wordsFor(RED)),
  );
}
