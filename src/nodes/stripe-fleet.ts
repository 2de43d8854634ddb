/**
 * stripe-fleet (config node): the Redis that several Node-RED instances running the same flows share
 * (src/stripe/fleet). It holds one connection; the stripe-client (the rate budget), stripe-webhook and
 * stripe-events (each event once, one poller) that name it use it. It says in the log, once per
 * change, when Redis cannot be reached, refuses the login, or is back.
 */
import { FleetConnection, StripeError, text } from '../stripe';
import type { FleetNode, NodeAPI } from './shared/types';
import { wordsFor } from './shared/words';

interface FleetConfig {
  name?: string;
  url?: string;
  prefix?: string;
}

export = function register(RED: NodeAPI): void {
  function StripeFleetNode(this: FleetNode, config: FleetConfig): void {
    RED.nodes.createNode(this, config);
    const words = wordsFor(RED);
    let connection: FleetConnection | undefined;
    try {
      connection = new FleetConnection({
        url: (config.url ?? '').trim(),
        prefix: (config.prefix ?? '').trim() || undefined,
        username: this.credentials?.username || undefined,
        password: this.credentials?.password || undefined,
      });
    } catch (err) {
      this.configError = err instanceof StripeError ? err : new StripeError('config', String(err));
      this.error(words.error(this.configError));
    }
    if (connection) {
      const c = connection;
      c.onState((state, said) => {
        const line = words.text(said);
        if (state === 'ready') this.log(line);
        else if (state !== 'connecting') this.warn(line);
      });
      c.start();
    }
    this.connection = (): FleetConnection => {
      if (!connection) throw this.configError ?? new StripeError('config', text('errors.fleetNotDeployed'));
      return connection;
    };
    this.on('close', (_removed, done) => {
      void (connection ? connection.close() : Promise.resolve()).then(() => done());
    });
  }

  RED.nodes.registerType('stripe-fleet', StripeFleetNode, {
    credentials: { username: { type: 'text' }, password: { type: 'password' } },
  });
};
