/** The stripe-client config node: holds the settings and the API key, and one StripeClient shared by every node that names it. */
import { StripeClient, StripeError, catalogueHeader, text } from '../stripe';
import type { ClientNode, NodeAPI } from './shared/types';
import { registerAdmin, AdminRED } from './admin';

interface ClientConfig {
  name?: string;
  baseUri?: string;
  apiVersion?: string;
  stripeAccount?: string;
  logging?: boolean;
  timeout?: number | string;
  maxRetries?: number | string;
  rateLimit?: number | string;
  /**
   * The retry backoff (ms), not in the editor and not part of the node's contract: tests and
   * benchmarks shorten it for the clients Node-RED builds. Absent: the client's defaults.
   */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export = function register(RED: NodeAPI & AdminRED): void {
  function StripeClientNode(this: ClientNode, config: ClientConfig): void {
    RED.nodes.createNode(this, config);
    let client: StripeClient | undefined;
    try {
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
      });
    } catch (err) {
      this.configError = err instanceof StripeError ? err : new StripeError('config', String(err));
    }
    this.getClient = (): StripeClient => {
      if (!client) throw this.configError ?? new StripeError('config', text('errors.clientNotSetUp'));
      return client;
    };
    this.on('close', (_removed, done) => {
      client?.close();
      done();
    });
  }

  RED.nodes.registerType('stripe-client', StripeClientNode, {
    credentials: { apiKey: { type: 'password' } },
  });
  // The editor's endpoints: once per runtime, however often this file is loaded.
  registerAdmin(RED);
};
