// Everything that tells callers apart, loaded once at start so a bad file
// stops the apiserver before it opens a port: client certificates
// (--client-ca-file), service-account tokens, bootstrap tokens, the token file.
// One chain serves HTTPS and gRPC alike.
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../client/logger.js';
import { bootstrapTokenAuthenticator, type SecretReader } from '../bootstrap-token/token-authenticator.js';
import type { ApiServerConfig } from '../config.js';
import { authenticatorChain, type Authenticator } from '../http/authenticator.js';
import { TokenFileAuthenticator } from '../http/token-file.js';
import { serviceAccountTokenAuthenticator } from '../serviceaccount/token-authenticator.js';
import type { TokenIssuer } from '../serviceaccount/token-issuer.js';
import { certificateAuthenticator } from './certificate-authenticator.js';
import { ClientCertificateVerifier } from './client-certificates.js';

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
}

/** `secrets` reads bootstrap token Secrets (with --enable-bootstrap-token-auth). */
export async function loadAuthentication(config: ApiServerConfig, tokens: TokenIssuer | undefined, secrets: SecretReader, log: Logger): Promise<Authentication> {
  const authenticators: Authenticator[] = [];
  const clientCertificates = config.clientCaFile ? await ClientCertificateVerifier.fromFile(config.clientCaFile) : undefined;
  if (clientCertificates) {
    log.info({ file: config.clientCaFile, authorities: clientCertificates.size }, 'client certificates accepted');
    authenticators.push(certificateAuthenticator);
  }
  if (tokens) authenticators.push(serviceAccountTokenAuthenticator(tokens, log.child({ part: 'serviceaccount-tokens' })));
  if (config.enableBootstrapTokenAuth) authenticators.push(bootstrapTokenAuthenticator(secrets, { now: Date.now, log: log.child({ part: 'bootstrap-tokens' }) }));
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
  return {
    authenticator: authenticatorChain(authenticators),
    clientCertificates,
    serving,
  };
}
