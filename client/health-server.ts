// Every process serves /healthz and Prometheus /metrics on its own port: plain
// HTTP, or with TLS where /healthz, /livez and /readyz stay open to anyone (as
// Kubernetes keeps them) and every other path needs a client certificate.
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Registry } from 'prom-client';
import { PROCESS_GUARD_REGISTRY } from './process-guard.js';
import { ANY_VERIFIED_IDENTITY, checkClientCertificate, type IdentityAuthorizer } from './client-certificate-check.js';
import type { ServingTls } from './serving-tls.js';
import type { DeferredServingTls } from './serving-certificate-slot.js';

export interface HealthServer {
  port: number;
  /** https when the port speaks TLS. */
  scheme: 'http' | 'https';
  close(): Promise<void>;
}

/** A document served beside /metrics (the agent's /stats/summary); undefined answers 503. */
export type ExtraRoute = () => { contentType: string; body: string } | undefined;

/** The port's TLS (a certificate now, or one that comes later), and who of the client CA's certificates may read past the health paths (default: all of them). */
export type HealthTls = (ServingTls | DeferredServingTls) & { authorize?: IdentityAuthorizer };

/** Open without credentials, as on every Kubernetes component. */
export const OPEN_HEALTH_PATHS: readonly string[] = ['/healthz', '/livez', '/readyz'];

type Healthy = () => boolean | Promise<boolean>;

function answerHealth(res: ServerResponse, healthy: Healthy): void {
  Promise.resolve()
    .then(healthy)
    .then(
      (ok) => {
        res.writeHead(ok ? 200 : 500, { 'content-type': 'text/plain' });
        res.end(ok ? 'ok' : 'unhealthy');
      },
      (err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`unhealthy: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
}

function answerMetrics(res: ServerResponse, registry: Registry): void {
  Promise.all([registry.metrics(), PROCESS_GUARD_REGISTRY.metrics()]).then(
    ([component, guard]) => {
      const text = registry === PROCESS_GUARD_REGISTRY ? component : `${component}${component.endsWith('\n') ? '' : '\n'}${guard}`;
      res.writeHead(200, { 'content-type': registry.contentType });
      res.end(text);
    },
    (err: unknown) => {
      res.writeHead(500);
      res.end(String(err));
    },
  );
}

/** Answers the refusal and returns true when the TLS caller may not read `path`. */
function refused(req: IncomingMessage, res: ServerResponse, path: string, authorize: IdentityAuthorizer): boolean {
  const socket = req.socket as TLSSocket;
  const err = checkClientCertificate(
    { verified: socket.authorized, verifyError: socket.authorizationError?.toString(), cert: socket.getPeerCertificate() },
    path,
    authorize,
  );
  if (!err) return false;
  res.writeHead(err.code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(err.toStatus()));
  return true;
}

function listener(registry: Registry, healthy: Healthy, extraRoutes: Readonly<Record<string, ExtraRoute>>, tls: HealthTls | undefined): RequestListener {
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (OPEN_HEALTH_PATHS.includes(path)) {
      answerHealth(res, healthy);
      return;
    }
    if (tls && refused(req, res, path, tls.authorize ?? ANY_VERIFIED_IDENTITY)) return;
    const extra = Object.hasOwn(extraRoutes, path) ? extraRoutes[path] : undefined;
    if (extra) {
      const doc = extra();
      res.writeHead(doc ? 200 : 503, { 'content-type': doc?.contentType ?? 'text/plain' });
      res.end(doc?.body ?? 'not collected yet');
      return;
    }
    if (path === '/metrics') {
      answerMetrics(res, registry);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  };
}

function httpsServer(tls: HealthTls, handle: RequestListener): Server {
  // Certificates are asked for but not required at the handshake, so the health paths stay open and the rest gets a 401 that says why.
  const options = { ca: tls.clientCa, requestCert: true, rejectUnauthorized: false };
  if (!('slot' in tls)) return createHttpsServer({ ...options, cert: tls.cert, key: tls.key }, handle);
  // Without a certificate yet, handshakes fail until the slot gets one.
  const server = createHttpsServer({ ...options, ...tls.slot.certificate }, handle);
  tls.slot.onChange((pair) => server.setSecureContext({ ca: tls.clientCa, ...pair }));
  return server;
}

/** `healthy` answers whether /healthz says ok; a thrown error or false is a 500. With `tls` the port speaks HTTPS. */
export async function startHealthServer(
  port: number,
  registry: Registry,
  healthy: Healthy = () => true,
  host = '127.0.0.1',
  extraRoutes: Readonly<Record<string, ExtraRoute>> = {},
  tls?: HealthTls,
): Promise<HealthServer> {
  const handle = listener(registry, healthy, extraRoutes, tls);
  const server: Server = tls ? httpsServer(tls, handle) : createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    scheme: tls ? 'https' : 'http',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
