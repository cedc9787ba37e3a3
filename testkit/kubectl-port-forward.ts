// Reading a running `kubectl port-forward`: the local port it listens on, and
// one plain HTTP GET through it. Each wait is bounded, so a test fails with
// what it saw instead of hanging.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { get } from 'node:http';

export const PORT_FORWARD_WAIT_TIMEOUT_MS = 15_000;

export function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = PORT_FORWARD_WAIT_TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The local port kubectl prints in `Forwarding from 127.0.0.1:<port> -> <remote>`. */
export async function forwardedPort(forwarder: ChildProcessWithoutNullStreams): Promise<number> {
  let out = '';
  const found = new Promise<number>((resolve, reject) => {
    forwarder.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    forwarder.once('exit', (code) => reject(new Error(`kubectl port-forward exited (${code}) before forwarding: ${out}`)));
  });
  return withTimeout(found, 'kubectl to listen');
}

/** GET / on a local port, with a fresh connection each time. */
export function httpGet(port: number): Promise<{ status: number; body: string }> {
  return withTimeout(
    new Promise((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    }),
    'the forwarded HTTP response',
  );
}
