// Where and how the apiserver's own client reaches its gRPC port. Over TLS
// the client checks the server as any client does - chain and name - so it
// needs a trust anchor and a name the serving certificate carries:
// - the name: the address it dials (127.0.0.1, the bind address) or
//   localhost, whichever the certificate names;
// - the anchor: the certificate that issued the top of the serving chain,
//   found in --client-ca-file or in the serving file itself (a self-signed
//   serving certificate is its own). Trusting the client CA here is sound: it
//   is an authority this apiserver already trusts, and the connection goes to
//   a port this process holds, so only this process can answer it.
// A serving certificate that fits neither is refused at start, with why.
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { ApiCredentials } from '../../client/api-credentials.js';

const WILDCARD_ADDRESSES = new Set(['', '0.0.0.0', '::']);
const LOOPBACK_IP = '127.0.0.1';
const LOOPBACK_NAME = 'localhost';

export interface LoopbackTarget {
  address: string;
  credentials?: ApiCredentials;
}

export interface LoopbackTls {
  /** The serving file's certificates, leaf first. */
  servingChain: readonly X509Certificate[];
  /** The client CA's certificates (may be empty). */
  authorities: readonly X509Certificate[];
  token: string;
}

function hostPort(host: string, port: number): string {
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

/** The address this process's own gRPC port answers on, without TLS. */
export function loopbackAddress(bindAddress: string, grpcPort: number): string {
  return hostPort(WILDCARD_ADDRESSES.has(bindAddress) ? LOOPBACK_IP : bindAddress, grpcPort);
}

function namedHost(leaf: X509Certificate, bindAddress: string): string | undefined {
  const candidates = WILDCARD_ADDRESSES.has(bindAddress) ? [LOOPBACK_IP, LOOPBACK_NAME] : [bindAddress];
  if (bindAddress === LOOPBACK_IP) candidates.push(LOOPBACK_NAME);
  return candidates.find((host) => (isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host)) !== undefined);
}

function trustAnchor(tls: LoopbackTls): X509Certificate | undefined {
  const top = tls.servingChain.at(-1);
  if (!top) return undefined;
  if (top.checkIssued(top) && top.verify(top.publicKey)) return top;
  return [...tls.authorities, ...tls.servingChain].find((ca) => ca.ca && top.checkIssued(ca) && top.verify(ca.publicKey));
}

export function loopbackTarget(bindAddress: string, grpcPort: number, tls?: LoopbackTls): LoopbackTarget {
  if (!tls) return { address: loopbackAddress(bindAddress, grpcPort) };
  const leaf = tls.servingChain[0];
  const host = leaf ? namedHost(leaf, bindAddress) : undefined;
  if (!leaf || !host) {
    throw new Error(
      `the serving certificate (--tls-cert-file) names neither ${LOOPBACK_IP} nor ${LOOPBACK_NAME}${WILDCARD_ADDRESSES.has(bindAddress) ? '' : ` nor the bind address ${bindAddress}`}: ` +
        'the apiserver could not verify its own gRPC port; add one of them to the certificate\'s subjectAltName',
    );
  }
  const anchor = trustAnchor(tls);
  if (!anchor) {
    throw new Error(
      'the serving certificate (--tls-cert-file) chains to no certificate this apiserver holds: put its CA in --client-ca-file or append it to the serving file, ' +
        'so the apiserver can verify its own gRPC port',
    );
  }
  return { address: hostPort(host, grpcPort), credentials: { certificateAuthority: Buffer.from(anchor.toString()), token: tls.token } };
}
