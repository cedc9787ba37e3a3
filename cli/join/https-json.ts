// One JSON request to the apiserver's HTTPS port that trusts only the given
// CA: what joining needs before the node has a kubeconfig or a client.
import { request } from 'node:https';
import { CliError } from '../cli-error.js';

/** Bounds one request, so an apiserver that accepts and never answers fails the join instead of hanging it. */
export const JOIN_REQUEST_TIMEOUT_MS = 10_000;

export interface JsonRequest {
  method: 'GET' | 'POST';
  url: string;
  /** PEM of the only CA the server's certificate may chain to. */
  ca: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  body?: unknown;
}

export interface JsonResponse {
  status: number;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  text: string;
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function jsonRequest(req: JsonRequest): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (req.token) headers.authorization = `Bearer ${req.token}`;
    if (body !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
    const call = request(req.url, { method: req.method, ca: req.ca, headers, timeout: JOIN_REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, json: parsed(text), text });
      });
      res.on('error', reject);
    });
    call.on('timeout', () => call.destroy(new Error(`no answer from ${req.method} ${req.url} in ${JOIN_REQUEST_TIMEOUT_MS} ms`)));
    // Named here: flotctl's generic "cannot reach" message would name its gRPC server, not this one.
    call.on('error', (err) => reject(new CliError(`${req.method} ${req.url}: ${err.message}`)));
    call.end(body);
  });
}

/** The `message` of a Kubernetes Status body, else the raw text. */
export function statusMessage(res: JsonResponse): string {
  const message = (res.json as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : res.text.trim();
}
