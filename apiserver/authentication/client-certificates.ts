// X.509 client certificates as kube-apiserver's --client-ca-file checks
// them: the certificate must be within its validity window, allowed for
// client authentication (when it lists extended key usages at all), and
// signed by one of the certificates of the CA file, which must itself be a
// CA and valid now. Every certificate in the file is a trust anchor, as Go's
// root pool treats it; intermediates belong in the file too.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/** id-kp-clientAuth. */
export const CLIENT_AUTH_USAGE = '1.3.6.1.5.5.7.3.2';
/** anyExtendedKeyUsage: allowed for every purpose. */
export const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';
const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Why a presented certificate is not accepted, worded as Go's x509 package words it. */
export class CertificateVerifyError extends Error {
  override readonly name = 'CertificateVerifyError';
}

/** Every certificate of a PEM bundle; `source` names it in errors. */
export function parseCertificateBundle(pem: string, source: string): X509Certificate[] {
  const blocks = pem.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) throw new Error(`${source}: no PEM certificate found`);
  return blocks.map((block, index) => {
    try {
      return new X509Certificate(block);
    } catch (err) {
      throw new Error(`${source}: certificate ${index + 1} does not parse: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}

function withinValidity(cert: X509Certificate, now: Date): boolean {
  return now.getTime() >= Date.parse(cert.validFrom) && now.getTime() <= Date.parse(cert.validTo);
}

function allowsClientAuth(cert: X509Certificate): boolean {
  // Node names the extended key usages `keyUsage`; undefined when the extension is absent.
  const usages = cert.keyUsage;
  return !usages || usages.length === 0 || usages.includes(CLIENT_AUTH_USAGE) || usages.includes(ANY_EXTENDED_KEY_USAGE);
}

export class ClientCertificateVerifier {
  /** The CA file as the TLS layer takes it, to ask clients for certificates these authorities issued. */
  readonly pem: Buffer;

  constructor(
    readonly authorities: readonly X509Certificate[],
    private readonly now: () => Date = () => new Date(),
  ) {
    this.pem = Buffer.from(authorities.map((ca) => ca.toString()).join(''));
  }

  static async fromFile(file: string): Promise<ClientCertificateVerifier> {
    return new ClientCertificateVerifier(parseCertificateBundle(await readFile(file, 'utf8'), file));
  }

  get size(): number {
    return this.authorities.length;
  }

  /** The certificate, once it verifies; CertificateVerifyError says why it does not. */
  verify(presented: Buffer | X509Certificate): X509Certificate {
    const cert = presented instanceof X509Certificate ? presented : this.parse(presented);
    const now = this.now();
    if (!withinValidity(cert, now)) {
      throw new CertificateVerifyError(
        `x509: certificate has expired or is not yet valid: current time ${now.toISOString()} is outside ${new Date(cert.validFrom).toISOString()} .. ${new Date(cert.validTo).toISOString()}`,
      );
    }
    if (!allowsClientAuth(cert)) throw new CertificateVerifyError('x509: certificate specifies an incompatible key usage');
    const issuer = this.authorities.find((ca) => ca.ca && cert.checkIssued(ca) && withinValidity(ca, now) && cert.verify(ca.publicKey));
    if (!issuer) throw new CertificateVerifyError(`x509: certificate signed by unknown authority (issuer ${JSON.stringify(cert.issuer)})`);
    return cert;
  }

  private parse(raw: Buffer): X509Certificate {
    try {
      return new X509Certificate(raw);
    } catch (err) {
      throw new CertificateVerifyError(`x509: malformed certificate: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
