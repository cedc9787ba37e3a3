// Every process serves /healthz and Prometheus /metrics on its own HTTP port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { PROCESS_GUARD_REGISTRY } from './process-guard.js';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** A document served beside /metrics (the agent's /stats/summary); undefined answers 503. */
export type ExtraRoute = () => { contentType: string; body: string } | undefined;

/** `healthy` answers whether /healthz says ok; a thrown error or false is a 500. */
export async function startHealthServer(
  port: number,
  registry: Registry,
  healthy: () => boolean | Promise<boolean> = () => true,
  host = '127.0.0.1',
  extraRoutes: Readonly<Record<string, ExtraRoute>> = {},
): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const extra = Object.hasOwn(extraRoutes, path) ? extraRoutes[path] : undefined;
    if (extra) {
      const doc = extra();
      res.writeHead(doc ? 200 : 503, { 'content-type': doc?.contentType ?? 'text/plain' });
      res.end(doc?.body ?? 'not collected yet');
      return;
    }
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
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
      return;
    }
    if (path === '/metrics') {
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
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
