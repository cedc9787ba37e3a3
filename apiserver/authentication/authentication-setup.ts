// Everything that tells callers apart, loaded once at start so a bad file
// stops the apiserver before it opens a port: the loopback identity, client
// certificates (--client-ca-file), service-account tokens, the token file.
// One chain serves HTTPS and gRPC alike.
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../client/logger.js';
import type { ApiServerConfig } from '../config.js';
import { authenticatorChain, type Authenticator } from '../http/authenticator.js';
import { TokenFileAuthenticator } from '../http/token-file.js';
import { serviceAccountTokenAuthenticator } from '../serviceaccount/token-authenticator.js';
import type { TokenIssuer } from '../serviceaccount/token-issuer.js';
import { certificateAuthenticator } from './certificate-authenticator.js';
import { ClientCertificateVerifier, parseCertificateBundle } from './client-certificates.js';
import { loopbackIdentity, type LoopbackIdentity } from './loopback.js';
import { loopbackTarget, type LoopbackTarget } from './loopback-target.js';

export interface ServingMaterial {
  cert: Buffer;
  key: Buffer;
}

export interface Authentication {
  authenticator: Authenticator;
  /** Present with --client-ca-file. */
  clientCertificates?: ClientCertificateVerifier;
  /** Present with --tls-cert-file: the ports serve TLS and authenticate every caller. */
  serving?: ServingMaterial;
  loopback: LoopbackIdentity;
  /** Where the apiserver's own client dials once the gRPC port is bound. */
  loopbackTarget(grpcPort: number): LoopbackTarget;
}

export async function loadAuthentication(config: ApiServerConfig, tokens: TokenIssuer | undefined, log: Logger): Promise<Authentication> {
  const loopback = loopbackIdentity();
  const authenticators: Authenticator[] = [loopback.authenticator];
  const clientCertificates = config.clientCaFile ? await ClientCertificateVerifier.fromFile(config.clientCaFile) : undefined;
  if (clientCertificates) {
    log.info({ file: config.clientCaFile, authorities: clientCertificates.size }, 'client certificates accepted');
    authenticators.push(certificateAuthenticator);
  }
  if (tokens) authenticators.push(serviceAccountTokenAuthenticator(tokens, log.child({ part: 'serviceaccount-tokens' })));
  if (config.tokenAuthFile) {
    const file = await TokenFileAuthenticator.fromFile(config.tokenAuthFile);
    log.info({ file: config.tokenAuthFile, tokens: file.size }, 'bearer tokens loaded');
    authenticators.push(file);
  } else if (!clientCertificates) {
    log.warn('neither --token-auth-file nor --client-ca-file: only service-account tokens can authenticate');
  }
  const serving = config.tlsCertFile && config.tlsPrivateKeyFile
    ? { cert: await readFile(config.tlsCertFile), key: await readFile(config.tlsPrivateKeyFile) }
    : undefined;
  const servingChain = serving ? parseCertificateBundle(serving.cert.toString('utf8'), config.tlsCertFile) : [];
  const authorities = clientCertificates?.authorities ?? [];
  return {
    authenticator: authenticatorChain(authenticators),
    clientCertificates,
    serving,
    loopback,
    loopbackTarget: (grpcPort) => loopbackTarget(config.bindAddress, grpcPort, serving ? { servingChain, authorities, token: loopback.token } : undefined),
  };
}
