/** The few Node-RED runtime shapes the adapters use (the host is a devDependency, not a dependency). */
import type { FleetConnection, StripeClient, StripeError } from '../../stripe';

export interface NodeMessage extends Record<string, unknown> {
  _msgid?: string;
}

export interface NodeStatus {
  fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey';
  shape?: 'ring' | 'dot';
  text?: string;
}

export interface Node {
  id: string;
  name?: string;
  credentials?: Record<string, string>;
  on(
    event: 'input',
    cb: (msg: NodeMessage, send: (m: NodeMessage | NodeMessage[]) => void, done: (err?: Error) => void) => void,
  ): void;
  on(event: 'close', cb: (removed: boolean, done: () => void) => void): void;
  status(s: NodeStatus | Record<string, never>): void;
  send(msg: NodeMessage | NodeMessage[]): void;
  log(text: string): void;
  warn(text: string): void;
  error(text: string | Error, msg?: NodeMessage): void;
}

export interface NodeAPI {
  nodes: {
    createNode(node: unknown, config: unknown): void;
    registerType(type: string, ctor: unknown, opts?: unknown): void;
    getNode(id: string): unknown;
    getCredentials?(id: string): Record<string, string> | undefined;
  };
  util: { cloneMessage<T>(msg: T): T };
  httpAdmin: {
    get(path: string, ...handlers: unknown[]): void;
    post(path: string, ...handlers: unknown[]): void;
  };
  auth: { needsPermission(permission: string): unknown };
  _?: (key: string, subs?: Record<string, unknown>) => string;
}

/** What a stripe-client config node offers the nodes that name it. */
export interface ClientNode extends Node {
  /** The client, or the configuration error that keeps it from existing. */
  getClient(): StripeClient;
  configError?: StripeError;
}

/** What a stripe-fleet config node offers the nodes that name it. */
export interface FleetNode extends Node {
  /** The fleet's connection, or the configuration error that keeps it from existing. */
  connection(): FleetConnection;
  configError?: StripeError;
}
