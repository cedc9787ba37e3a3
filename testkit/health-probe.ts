// One GET to a process's health port on loopback: plain HTTP, or HTTPS trusting
// only the cluster CA (and presenting a client certificate when given), as the
// port serves it with --tls-cert-file.
import { httpsGet, type HttpsResponse } from './https-get.js';

export interface HealthPortTls {
  /** The CA the port's serving certificate chains to. */
  ca: Buffer;
  /** A client certificate and key, for the paths past /healthz. */
  cert?: Buffer;
  key?: Buffer;
}

export async function healthPortGet(port: number, path: string, tls?: HealthPortTls): Promise<HttpsResponse> {
  if (tls) return httpsGet(`https://127.0.0.1:${port}${path}`, tls);
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}

/** Whether /healthz answers 200. */
export async function healthzOk(port: number, tls?: HealthPortTls): Promise<boolean> {
  return (await healthPortGet(port, '/healthz', tls)).status === 200;
}
