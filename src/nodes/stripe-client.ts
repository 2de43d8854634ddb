/** The stripe-client config node: holds the settings and the API key, and one StripeClient shared by every node that names it. */
import { FleetBudget, StripeClient, StripeError, catalogueHeader, text } from '../stripe';
import type { ClientNode, NodeAPI } from './shared/types';
import { wordsFor } from './shared/words';
import { fleetConnectionOf } from './shared/fleet';
import { registerAdmin, AdminRED } from './admin';
import { registerSidebar, sidebar, SidebarRED } from './sidebar';

interface ClientConfig {
  name?: string;
  baseUri?: string;
  apiVersion?: string;
  stripeAccount?: string;
  logging?: boolean;
  timeout?: number | string;
  maxRetries?: number | string;
  rateLimit?: number | string;
  /** The id of a stripe-fleet: the rate budget is then shared by every instance of the fleet. */
  fleet?: string;
  /**
   * The retry backoff (ms), not in the editor and not part of the node's contract: tests and
   * benchmarks shorten it for the clients Node-RED builds. Absent: the client's defaults.
   */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export = function register(RED: NodeAPI & AdminRED & SidebarRED): void {
  function StripeClientNode(this: ClientNode, config: ClientConfig): void {
    RED.nodes.createNode(this, config);
    let client: StripeClient | undefined;
    let stopWatching: (() => void) | undefined;
    try {
      const fleet = fleetConnectionOf(RED, config.fleet);
      client = new StripeClient({
        apiKey: this.credentials?.apiKey ?? '',
        baseUri: config.baseUri,
        apiVersion: config.apiVersion === undefined ? catalogueHeader().apiVersion : config.apiVersion,
        stripeAccount: config.stripeAccount,
        // Empty fields mean the defaults: the rules (src/rules) read the fields as the editor holds them.
        timeout: config.timeout,
        maxRetries: config.maxRetries,
        rateLimit: config.rateLimit,
        logging: !!config.logging,
        initialDelayMs: config.initialDelayMs,
        maxDelayMs: config.maxDelayMs,
        limiter: fleet
          ? (rate, mode, account) => {
              // Said once per outage: the budget falls back to this instance's share until Redis is back.
              const words = wordsFor(RED);
              stopWatching = fleet.onState((state) => {
                if (state === 'unreachable' || state === 'refused') {
                  const share = Math.round((rate / Math.max(1, fleet.instances)) * 100) / 100;
                  this.warn(words.text(text('errors.fleetShare', { rate: share })));
                }
              });
              return new FleetBudget(fleet, rate, account ?? 'platform', mode);
            }
          : undefined,
      });
    } catch (err) {
      this.configError = err instanceof StripeError ? err : new StripeError('config', String(err));
    }
    this.getClient = (): StripeClient => {
      if (!client) throw this.configError ?? new StripeError('config', text('errors.clientNotSetUp'));
      return client;
    };
    // The Stripe sidebar records its requests (settings.js `stripeSidebar: false` turns that off).
    const recording = client && (RED as { settings?: { stripeSidebar?: unknown } }).settings?.stripeSidebar !== false;
    const stopRecording = recording && client ? sidebar.watch(this.id, client, config.name, !!config.fleet) : undefined;
    this.on('close', (_removed, done) => {
      stopRecording?.();
      stopWatching?.();
      client?.close();
      done();
    });
  }

  RED.nodes.registerType('stripe-client', StripeClientNode, {
    credentials: { apiKey: { type: 'password' } },
  });
  // The editor's endpoints: once per runtime, however often this file is loaded.
  registerAdmin(RED);
  registerSidebar(RED);
};
