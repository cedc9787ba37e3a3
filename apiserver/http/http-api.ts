// The Kubernetes HTTP API's front door: health without credentials, then
// authentication, then authorization (of every route alike, from the
// request's attributes), then the extra routes (discovery, OpenAPI, version,
// pod logs), then the resources of the kind registry. Every failure, thrown
// or not, becomes a Status; nothing a client sends can end the process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { TLSSocket } from 'node:tls';
import { ApiError, isApiError, unauthorized } from '../../api/errors.js';
import type { Logger } from '../../client/logger.js';
import type { ApiServerMetrics } from '../metrics.js';
import type { Registry } from '../registry/registry.js';
import type { WatchService } from '../watch/watch-service.js';
import type { Authenticator } from './authenticator.js';
import type { Authorizer } from '../authorization/attributes.js';
import type { ClientCertificateVerifier } from '../authentication/client-certificates.js';
import { presentedCredentials } from '../authentication/presented-credentials.js';
import { ANONYMOUS_USER } from '../authentication/anonymous.js';
import { forbiddenError } from '../authorization/forbidden-message.js';
import { impersonatedUser } from '../authorization/impersonation.js';
import { requestAttributes } from '../authorization/request-info.js';
import { runAs } from '../authorization/request-user.js';
import { isHealthPath, serveHealth } from './health-routes.js';
import { apiErrorOf, sendStatus } from './http-reply.js';
import { sendRawStatus } from './raw-reply.js';
import type { RequestContext, RouteHandler, UpgradeHandler, UserInfo } from './request-context.js';
import { RequestMeter } from './request-meter.js';
import type { AuditLog } from '../audit/audit-log.js';
import { auditRecordOf } from '../audit/http-audit.js';
import { ResourceHandler } from './resource-handler.js';
import { parseResourcePath, pathNotServed } from './resource-path.js';

/** Who a request without credentials is, as Kubernetes names it. */
const ANONYMOUS: UserInfo = ANONYMOUS_USER;

export interface HttpApiOptions {
  registry: Registry;
  watches: WatchService;
  authenticator: Authenticator;
  /** Verifies client certificates (--client-ca-file); absent, certificates identify nobody. */
  clientCertificates?: ClientCertificateVerifier;
  /** Absent: every authenticated user may do everything (kube-apiserver's AlwaysAllow). */
  authorizer?: Authorizer;
  metrics: ApiServerMetrics;
  log: Logger;
  /** What /healthz and /readyz report: the same readiness as the health port. */
  ready: () => Promise<boolean>;
  /**
   * Tried in order before authentication, for what Kubernetes shows everyone
   * (`/version`, as its system:public-info-viewer role grants).
   */
  publicRoutes?: readonly RouteHandler[];
  /** Tried in order after authentication, before the resources. */
  extraRoutes?: readonly RouteHandler[];
  /** Tried in order for authenticated upgrade requests (WebSockets). */
  upgradeHandlers?: readonly UpgradeHandler[];
  /** Where each request is recorded once answered; none when absent. */
  audit?: AuditLog;
}

/** Parses the request target as a path; `//x` stays a path, never a host. */
export function requestUrl(target: string | undefined): URL {
  const path = target && target.startsWith('/') ? target : `/${target ?? ''}`;
  try {
    return new URL(`https://apiserver${path}`);
  } catch {
    throw new ApiError('BadRequest', `invalid request URL ${JSON.stringify(target)}`);
  }
}

export class HttpApi {
  private readonly resources: ResourceHandler;
  private readonly publicRoutes: readonly RouteHandler[];
  private readonly extraRoutes: readonly RouteHandler[];
  private readonly upgradeHandlers: readonly UpgradeHandler[];
  /** Sockets handed to upgrade handlers: the HTTP server forgets them, so stop() closes them. */
  private readonly upgraded = new Set<Duplex>();

  constructor(private readonly options: HttpApiOptions) {
    this.resources = new ResourceHandler(options.registry, { watches: options.watches, ctx: options.registry.ctx, log: options.log });
    this.publicRoutes = options.publicRoutes ?? [];
    this.extraRoutes = options.extraRoutes ?? [];
    this.upgradeHandlers = options.upgradeHandlers ?? [];
  }

  /** For `server.on('request')`. */
  handleRequest(req: IncomingMessage, res: ServerResponse): void {
    const meter = new RequestMeter(this.options.metrics, req.method ?? 'GET');
    const caller: { user?: UserInfo } = {};
    const receivedMs = Date.now();
    res.once('close', () => {
      meter.record(res.statusCode);
      this.audit(req, caller.user ?? ANONYMOUS, res.statusCode, receivedMs);
    });
    this.serve(req, res, meter, caller).catch((err: unknown) => this.fail(res, meter, err));
  }

  /** For `server.on('upgrade')`. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (err) => this.options.log.debug({ err: err.message }, 'upgraded connection failed'));
    this.serveUpgrade(req, socket, head).catch((err: unknown) => {
      this.logFailure('upgrade', '', err);
      sendRawStatus(socket, err);
    });
  }

  /** Closes every connection an upgrade handler took over. */
  stop(): void {
    for (const socket of this.upgraded) socket.destroy();
    this.upgraded.clear();
  }

  private async authenticate(req: IncomingMessage): Promise<UserInfo> {
    const peer = req.socket instanceof TLSSocket ? req.socket.getPeerCertificate() : undefined;
    const presented = { authorization: req.headers.authorization, peerCertificate: peer?.raw };
    const credentials = presentedCredentials(presented, this.options.clientCertificates, this.options.log);
    const user = await this.options.authenticator.authenticate(credentials);
    if (!user) throw unauthorized();
    return impersonatedUser(req.headers, user, this.options.authorizer);
  }

  /** The caller, once it is known and allowed this request; Forbidden in upstream's words otherwise. */
  private async admit(req: IncomingMessage, url: URL, known?: UserInfo): Promise<UserInfo> {
    const user = known ?? (await this.authenticate(req));
    const authorizer = this.options.authorizer;
    if (!authorizer) return user;
    const attrs = requestAttributes(req.method ?? 'GET', url, user);
    const decision = authorizer.authorize(attrs);
    if (!decision.allowed) throw forbiddenError(attrs, decision.reason);
    return user;
  }

  private audit(req: IncomingMessage, user: UserInfo, code: number, receivedMs: number): void {
    const log = this.options.audit;
    if (!log) return;
    let url: URL;
    try {
      url = requestUrl(req.url);
    } catch {
      return;
    }
    log.record(auditRecordOf(requestAttributes(req.method ?? 'GET', url, user), req, code, receivedMs));
  }

  /** `caller` learns who the request is from once authentication told. */
  private async serve(req: IncomingMessage, res: ServerResponse, meter: RequestMeter, caller: { user?: UserInfo }): Promise<void> {
    const url = requestUrl(req.url);
    if (isHealthPath(url.pathname) && (req.method === 'GET' || req.method === 'HEAD')) {
      return serveHealth(url.pathname, res, this.options.ready);
    }
    const anonymous: RequestContext = { req, res, url, user: ANONYMOUS };
    for (const route of this.publicRoutes) {
      if (await route(anonymous)) return;
    }
    caller.user = await this.authenticate(req);
    const user = await this.admit(req, url, caller.user);
    const ctx: RequestContext = { req, res, url, user };
    await runAs(user, async () => {
      for (const route of this.extraRoutes) {
        if (await route(ctx)) return;
      }
      const path = parseResourcePath(url.pathname);
      if (!path) throw pathNotServed();
      await this.resources.handle(ctx, path, meter);
    });
  }

  private async serveUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = requestUrl(req.url);
    const user = await this.admit(req, url);
    this.upgraded.add(socket);
    socket.once('close', () => this.upgraded.delete(socket));
    for (const handler of this.upgradeHandlers) {
      if (await handler({ req, socket, head, url, user })) return;
    }
    throw pathNotServed();
  }

  private fail(res: ServerResponse, meter: RequestMeter, err: unknown): void {
    const apiError = apiErrorOf(err);
    this.logFailure(meter.verb, meter.resource, err);
    // The rest of an oversized body is never read; closing is the only way to be rid of it.
    if (isApiError(err, 'RequestEntityTooLarge') && !res.headersSent) res.setHeader('Connection', 'close');
    try {
      sendStatus(res, apiError);
    } catch (sendErr) {
      this.options.log.error({ err: sendErr }, 'could not send the error reply');
      res.destroy();
    }
  }

  private logFailure(verb: string, resource: string, err: unknown): void {
    if (isApiError(err) && err.reason !== 'InternalError') {
      this.options.log.debug({ verb, resource, reason: err.reason, msg: err.message }, 'request refused');
    } else {
      this.options.log.error({ verb, resource, err }, 'request failed');
    }
  }
}

