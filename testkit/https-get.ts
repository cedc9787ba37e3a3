// One HTTPS request to a test apiserver, trusting only the cluster's CA, with
// the bearer token: what a Kubernetes client does, without kubectl.
import { request } from 'node:https';

/** Bounds one request, so a port that accepts and never answers fails the caller. */
export const HTTPS_GET_TIMEOUT_MS = 5_000;

export interface HttpsGetOptions {
  /** The CA certificate (PEM) that must have signed the server's certificate. */
  ca: string | Buffer;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  timeoutMs?: number;
}

export interface HttpsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function httpsGet(url: string, opts: HttpsGetOptions): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const req = request(url, { method: 'GET', ca: opts.ca, headers, timeout: opts.timeoutMs ?? HTTPS_GET_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in ${opts.timeoutMs ?? HTTPS_GET_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end();
  });
}
