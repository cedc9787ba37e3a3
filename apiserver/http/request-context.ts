// What every handler of the Kubernetes HTTP API gets: the exchange, its parsed
// URL and the caller the authenticator recognised; and the same for protocol
// upgrades (exec, attach, port-forward over WebSockets).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface UserInfo {
  name: string;
  uid: string;
  groups: string[];
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  user: UserInfo;
}

/** Answers the request and resolves true, or resolves false to let the next handler try. */
export type RouteHandler = (ctx: RequestContext) => Promise<boolean>;

/** A connection asking to switch protocols (WebSocket), after authentication. */
export interface UpgradeContext {
  req: IncomingMessage;
  socket: Duplex;
  /** Bytes the client sent after the request head; the new protocol's first bytes. */
  head: Buffer;
  url: URL;
  user: UserInfo;
}

/** Takes over the socket and resolves true, or resolves false (socket untouched) to let the next handler try. */
export type UpgradeHandler = (ctx: UpgradeContext) => Promise<boolean>;
