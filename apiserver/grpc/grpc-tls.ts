// The gRPC port's TLS: the HTTPS port's serving certificate, and client
// certificates asked for but not required (a token caller has none). grpc-js's
// createSsl can only require a certificate or not ask for one, so with a
// client CA the port uses its certificate-provider credentials, whose
// "request but do not require" mode is what kube-apiserver's
// RequestClientCert does. The TLS layer's own check is not the authority:
// grpc-js hands over only certificates that passed it, and the call gate
// verifies them again (issuer, signature, validity, usage) before trusting them.
import * as grpc from '@grpc/grpc-js';

export interface ServingCertificate {
  /** PEM: the certificate, then any intermediates. */
  cert: Buffer;
  key: Buffer;
}

/**
 * Serves fixed material to grpc-js. grpc-js subscribes its own listener
 * only after asking, so the material is delivered on the next tick.
 */
class StaticCertificateProvider implements grpc.experimental.CertificateProvider {
  constructor(
    private readonly serving: ServingCertificate,
    private readonly clientCa: Buffer,
  ) {}

  addCaCertificateListener(listener: grpc.experimental.CaCertificateUpdateListener): void {
    queueMicrotask(() => listener({ caCertificate: this.clientCa }));
  }

  removeCaCertificateListener(): void {}

  addIdentityCertificateListener(listener: grpc.experimental.IdentityCertificateUpdateListener): void {
    queueMicrotask(() => listener({ certificate: this.serving.cert, privateKey: this.serving.key }));
  }

  removeIdentityCertificateListener(): void {}
}

export function grpcServerCredentials(serving: ServingCertificate, clientCa?: Buffer): grpc.ServerCredentials {
  if (!clientCa) return grpc.ServerCredentials.createSsl(null, [{ cert_chain: serving.cert, private_key: serving.key }], false);
  const provider = new StaticCertificateProvider(serving, clientCa);
  // One provider serves both roles, so the order of the two (whose names differ between typings and code) does not matter.
  return grpc.experimental.createCertificateProviderServerCredentials(provider, provider, false);
}
