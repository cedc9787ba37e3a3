// Finding and trusting the cluster CA before anything secret is sent, as
// kubeadm's token discovery with --discovery-token-ca-cert-hash: read the
// chain the server presents over a connection that trusts nothing and sends
// nothing, keep the certificate whose public key matches the pin, then check
// the server's own certificate against that CA on a normally verified
// connection. Only after both does the bootstrap token leave the node.
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import { findPinned } from '../bootstrap-token/ca-pin.js';
import { CliError } from '../cli-error.js';
import { jsonRequest } from './https-json.js';

/** How long the unverified handshake that only reads the chain may take. */
export const CHAIN_READ_TIMEOUT_MS = 10_000;
/** kubeadm's and deploy/up.sh's HTTPS port, when --server names none. */
const DEFAULT_HTTPS_PORT = 6443;

export interface ServerAddress {
  /** https://host:port, without a path. */
  url: string;
  host: string;
  port: number;
}

export function parseServer(server: string): ServerAddress {
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new CliError(`--server "${server}" is not a URL: give https://HOST:6443`);
  }
  if (url.protocol !== 'https:') throw new CliError(`--server "${server}" must be https://HOST:PORT: joining needs the apiserver's HTTPS port`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : DEFAULT_HTTPS_PORT;
  return { url: `https://${url.hostname}:${port}`, host, port };
}

/** The leaf and every certificate chained behind it, as the server sent them (issuerCertificate links). */
export function chainOf(peer: DetailedPeerCertificate): X509Certificate[] {
  const chain: X509Certificate[] = [];
  const seen = new Set<string>();
  let cert: DetailedPeerCertificate | undefined = peer;
  while (cert?.raw && !seen.has(cert.fingerprint256)) {
    seen.add(cert.fingerprint256);
    chain.push(new X509Certificate(cert.raw));
    cert = cert.issuerCertificate;
  }
  return chain;
}

/** The certificates the server presents; the connection is closed without a byte of application data. */
export function presentedChain(server: ServerAddress): Promise<X509Certificate[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: server.host,
      port: server.port,
      // Only to read the chain: nothing is trusted or sent on this connection.
      rejectUnauthorized: false,
      ...(isIP(server.host) ? {} : { servername: server.host }),
      timeout: CHAIN_READ_TIMEOUT_MS,
    });
    socket.once('secureConnect', () => {
      const chain = chainOf(socket.getPeerCertificate(true));
      socket.destroy();
      resolve(chain);
    });
    socket.once('timeout', () => socket.destroy(new Error(`no TLS handshake with ${server.url} in ${CHAIN_READ_TIMEOUT_MS} ms`)));
    socket.once('error', (err) => reject(new CliError(`cannot reach ${server.url}: ${err.message}`)));
  });
}

/** The PEM of the presented certificate the pin names; refuses when none matches. */
export function pinnedCa(chain: readonly X509Certificate[], pin: string, server: ServerAddress): string {
  const ca = findPinned(chain, pin);
  if (!ca) {
    throw new CliError(
      `no certificate the server presented matches --ca-cert-hash ${pin} (${server.url} presented ${chain.length}: ${chain.map((c) => c.subject.replace(/\n/g, ', ')).join('; ')}); ` +
        'check the hash (flotctl token create --print-join-command) and that the apiserver serves its CA in the chain',
    );
  }
  if (!ca.ca) throw new CliError(`the certificate matching --ca-cert-hash ${pin} (${ca.subject.replace(/\n/g, ', ')}) is not a CA certificate`);
  return ca.toString();
}

/** Throws unless the server's certificate verifies against `caPem` for the server's name. */
export async function verifyServer(server: ServerAddress, caPem: string): Promise<void> {
  try {
    const res = await jsonRequest({ method: 'GET', url: `${server.url}/version`, ca: caPem });
    if (res.status !== 200) throw new Error(`GET /version answered ${res.status}`);
  } catch (err) {
    throw new CliError(`the server at ${server.url} is not verified by the pinned CA: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** The cluster CA (PEM), pinned and checked against the server. */
export async function discoverCa(server: ServerAddress, pin: string): Promise<string> {
  const caPem = pinnedCa(await presentedChain(server), pin, server);
  await verifyServer(server, caPem);
  return caPem;
}
