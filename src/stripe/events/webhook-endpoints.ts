/**
 * The webhook endpoint in Stripe that belongs to one stripe-webhook node, found by a metadata tag that
 * names the node, so that pressing "create" again, a redeploy or a restart never makes a second one:
 * it is updated in place. Stripe shows an endpoint's signing secret only when it is created; an
 * endpoint whose secret was lost is deleted and made again (`recreate`).
 */
import { catalogueRequest as request } from '../requests/catalogue';
import type { SendOptions, StripeClient } from '../http/client';
import { StripeError } from '../common/errors';
import { text } from '../common/texts';
import { paginate } from '../http/paginate';

/** The metadata key that names the node an endpoint belongs to. */
export const ENDPOINT_TAG = 'node_red_node';
/** Stripe's cap on webhook endpoints per account and mode. */
export const MAX_ENDPOINTS = 16;

export interface WebhookEndpoint {
  id: string;
  url: string;
  enabled_events: string[];
  metadata?: Record<string, string>;
  api_version?: string | null;
  status?: string;
}

export interface EndpointSettings {
  nodeId: string;
  url: string;
  events: string[];
  description?: string;
  apiVersion?: string;
  /** Delete a found endpoint and create it again, for a new signing secret. */
  recreate?: boolean;
  /** A live mode key: the URL must be https. */
  live?: boolean;
}

export interface EndpointResult {
  action: 'created' | 'updated' | 'recreated' | 'deleted' | 'none';
  endpoint?: WebhookEndpoint;
  /** The new signing secret (created and recreated only). */
  secret?: string;
}

/** The endpoint tagged with this node's id, if any. */
export async function findEndpoint(
  client: StripeClient,
  nodeId: string,
  opts: SendOptions = {},
): Promise<WebhookEndpoint | undefined> {
  for await (const page of paginate(client, request('GetWebhookEndpoints', { query: { limit: 100 } }), opts)) {
    for (const ep of page.data as WebhookEndpoint[]) if (ep?.metadata?.[ENDPOINT_TAG] === nodeId) return ep;
  }
  return undefined;
}

/** Whether Stripe refused a new endpoint because the account has as many as it allows. */
export function tooManyEndpoints(err: unknown): boolean {
  return (
    err instanceof StripeError &&
    err.fields.statusCode === 400 &&
    /maximum|too many|limit/i.test(err.fields.message) &&
    /endpoint/i.test(err.fields.message)
  );
}

function checkUrl(url: string, live: boolean): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new StripeError('input', text('errors.endpointNotUrl', { url: url.slice(0, 100) }));
  }
  if (u.protocol !== 'https:' && (live || u.protocol !== 'http:')) {
    throw new StripeError('input', text(live ? 'errors.endpointHttpsLive' : 'errors.endpointHttps'));
  }
}

async function create(client: StripeClient, s: EndpointSettings, opts: SendOptions): Promise<EndpointResult> {
  const body: Record<string, unknown> = {
    url: s.url,
    enabled_events: s.events.length ? s.events : ['*'],
    metadata: { [ENDPOINT_TAG]: s.nodeId },
    description: s.description ?? `Node-RED stripe-webhook ${s.nodeId}`,
  };
  if (s.apiVersion) body.api_version = s.apiVersion;
  try {
    const res = await client.send(request('PostWebhookEndpoints', { body }), opts);
    const { secret, ...endpoint } = res.body as WebhookEndpoint & { secret?: string };
    return { action: 'created', endpoint, secret };
  } catch (err) {
    if (!tooManyEndpoints(err)) throw err;
    throw new StripeError('api', text('errors.endpointTooMany', { max: MAX_ENDPOINTS }), (err as StripeError).fields);
  }
}

/** Creates the node's endpoint, or updates the one it has (url, events, description) in place. */
export async function upsertEndpoint(
  client: StripeClient,
  s: EndpointSettings,
  opts: SendOptions = {},
): Promise<EndpointResult> {
  checkUrl(s.url, s.live === true);
  const found = await findEndpoint(client, s.nodeId, opts);
  if (!found) return create(client, s, opts);
  if (s.recreate) {
    await client.send(request('DeleteWebhookEndpointsWebhookEndpoint', { path: { webhook_endpoint: found.id } }), opts);
    return { ...(await create(client, s, opts)), action: 'recreated' };
  }
  const body: Record<string, unknown> = { url: s.url, enabled_events: s.events.length ? s.events : ['*'] };
  if (s.description) body.description = s.description;
  const res = await client.send(
    request('PostWebhookEndpointsWebhookEndpoint', { path: { webhook_endpoint: found.id }, body }),
    opts,
  );
  return { action: 'updated', endpoint: res.body as WebhookEndpoint };
}

/** Deletes the node's endpoint, if it has one. */
export async function deleteEndpoint(
  client: StripeClient,
  nodeId: string,
  opts: SendOptions = {},
): Promise<EndpointResult> {
  const found = await findEndpoint(client, nodeId, opts);
  if (!found) return { action: 'none' };
  await client.send(request('DeleteWebhookEndpointsWebhookEndpoint', { path: { webhook_endpoint: found.id } }), opts);
  return { action: 'deleted', endpoint: found };
}
