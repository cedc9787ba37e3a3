// The GET of httpGet probes and hooks. HTTPS skips certificate verification,
// as the kubelet's does: a probe asks whether the server answers, not who it is,
// and pods commonly serve self-signed certificates.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpGetResult {
  status: number;
  /** The start of the body, at most the bytes asked for. */
  body: string;
}

/** The request did not complete within its timeout. */
export class HttpGetTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

export function httpGet(url: string, headers: Record<string, string>, timeoutMs: number, maxBodyBytes: number): Promise<HttpGetResult> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'GET', headers, rejectUnauthorized: false, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (): void => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).subarray(0, maxBodyBytes).toString('utf8') });
        req.destroy();
      };
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        size += chunk.length;
        // Only the start of the body is reported; an endless body must not hold the probe.
        if (size >= maxBodyBytes) finish();
      });
      res.once('end', finish);
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    const timer = setTimeout(() => {
      const err = new HttpGetTimeoutError(timeoutMs);
      reject(err);
      req.destroy(err);
    }, timeoutMs);
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}
