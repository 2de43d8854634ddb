/** The meter event stream's host and path, and how a request is known to be for it (meter-events.ts sends it). */
import type { PreparedRequest } from './request';

export const METER_EVENTS_BASE_URI = 'https://meter-events.stripe.com';
export const METER_EVENT_STREAM_PATH = '/v2/billing/meter_event_stream';

/**
 * Whether a request is the meter event stream: marked so by buildRequest, or sent to the stream's host
 * (the catalogue's `server`), or `POST /v2/billing/meter_event_stream` (a raw operation).
 */
export function isMeterEventStream(
  req: Pick<PreparedRequest, 'method' | 'path' | 'server' | 'meterEventStream'>,
): boolean {
  if (req.meterEventStream || req.server === METER_EVENTS_BASE_URI) return true;
  return req.method === 'POST' && req.path === METER_EVENT_STREAM_PATH;
}
