// /healthz, /livez and /readyz: the only paths served without credentials, so
// probes and load balancers need none (as Kubernetes grants them to everyone).
import type { ServerResponse } from 'node:http';

export const HEALTH_PATHS = new Set(['/healthz', '/livez', '/readyz']);
const LIVENESS_PATH = '/livez';

export function isHealthPath(pathname: string): boolean {
  return HEALTH_PATHS.has(pathname);
}

/**
 * /livez says the process answers; /healthz and /readyz also need the
 * apiserver ready, as its health port reports it.
 */
export async function serveHealth(pathname: string, res: ServerResponse, ready: () => Promise<boolean>): Promise<void> {
  let ok = true;
  let detail = '';
  if (pathname !== LIVENESS_PATH) {
    try {
      ok = await ready();
    } catch (err) {
      ok = false;
      detail = `: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  const text = ok ? 'ok' : `not ready${detail}`;
  res.writeHead(ok ? 200 : 500, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}
