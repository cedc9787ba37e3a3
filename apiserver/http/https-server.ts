// The HTTPS listener of the Kubernetes API, with the serving certificate and
// key kube-apiserver takes (--tls-cert-file, --tls-private-key-file).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { HttpApi } from './http-api.js';

/** How long open requests get to finish at shutdown before their connections are cut. */
export const HTTPS_SHUTDOWN_GRACE_MS = 2_000;
/** TLS 1.2 is the oldest version kube-apiserver accepts by default. */
export const MIN_TLS_VERSION = 'TLSv1.2';

export interface HttpsServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  certFile: string;
  keyFile: string;
  /** CA certificates (PEM) whose client certificates are asked for; a client may still send none (token callers). */
  clientCa?: Buffer;
  api: HttpApi;
}

export interface RunningHttpsServer {
  port: number;
  close(): Promise<void>;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningHttpsServer> {
  const [cert, key] = await Promise.all([readFile(options.certFile), readFile(options.keyFile)]);
  // The certificate is checked per request (presented-credentials.ts), so one that does not verify gets a 401, not a dropped handshake.
  const clientCerts = options.clientCa ? { requestCert: true, rejectUnauthorized: false, ca: options.clientCa } : {};
  const server = createServer({ cert, key, minVersion: MIN_TLS_VERSION, ...clientCerts }, (req, res) => options.api.handleRequest(req, res));
  server.on('upgrade', (req, socket, head: Buffer) => options.api.handleUpgrade(req, socket, head));
  // A failed handshake or a reset connection concerns that client only.
  server.on('tlsClientError', (_err, socket) => socket.destroy());
  server.on('clientError', (_err, socket) => socket.destroy());
  await listen(server, options.port, options.host);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        const force = setTimeout(() => server.closeAllConnections(), HTTPS_SHUTDOWN_GRACE_MS);
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
        options.api.stop();
      }),
  };
}
