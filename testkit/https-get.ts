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
  /** A client certificate and its key (PEM), presented in the TLS handshake. */
  cert?: string | Buffer;
  key?: string | Buffer;
  timeoutMs?: number;
}

export interface HttpsResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface HttpsRequestOptions extends HttpsGetOptions {
  /** Extra or replacing headers (`content-type`, `accept`, or an `authorization` of one's own). */
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** Any method, any body: what the fuzz suite and the API tests send. */
export function httpsRequest(method: string, url: string, opts: HttpsRequestOptions): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    Object.assign(headers, opts.headers ?? {});
    // Node frames a DELETE's body only with a length; without one the server reads it as the next request.
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const timeout = opts.timeoutMs ?? HTTPS_GET_TIMEOUT_MS;
    const req = request(url, { method, ca: opts.ca, cert: opts.cert, key: opts.key, headers, timeout }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${method} ${url} in ${timeout} ms`)));
    // A server may refuse (413) and close before the whole body is written: the answer still counts.
    req.on('error', reject);
    req.end(opts.body);
  });
}

export function httpsGet(url: string, opts: HttpsGetOptions): Promise<HttpsResponse> {
  return httpsRequest('GET', url, opts);
}
