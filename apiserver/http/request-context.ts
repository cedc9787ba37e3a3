// What every handler of the Kubernetes HTTP API gets: the exchange, its parsed
// URL and the caller the authenticator recognised.
import type { IncomingMessage, ServerResponse } from 'node:http';

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
