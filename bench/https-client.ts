// A keep-alive HTTPS client for benches, sending what client libraries send:
// a bearer token and a User-Agent (which the apiserver records as the field manager).
import { Agent, request } from 'node:https';

const REQUEST_TIMEOUT_MS = 30_000;

export interface BenchHttps {
  call(method: string, path: string, body?: string, accept?: string): Promise<{ status: number; body: string }>;
  close(): void;
}

export function benchHttpsClient(port: number, ca: Buffer, token: string, maxSockets: number, userAgent: string): BenchHttps {
  const agent = new Agent({ keepAlive: true, maxSockets, ca });
  return {
    call: (method, path, body, accept = 'application/json') =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept, 'user-agent': userAgent };
        if (body !== undefined) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = String(Buffer.byteLength(body));
        }
        const req = request({ host: '127.0.0.1', port, method, path, agent, headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
        req.on('error', reject);
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}
