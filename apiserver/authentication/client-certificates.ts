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
/**
 * Certificates remembered as verified. Every call on a connection presents the same one, and
 * parsing it and checking its signature costs more than the rest of a small request.
 */
export const VERIFIED_CERTIFICATE_CACHE_SIZE = 1_024;

/** A certificate that verified, with the window in which that answer holds (its own and its issuer's validity). */
interface Verified {
  cert: X509Certificate;
  fromMs: number;
  toMs: number;
}

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

function verifiedWindow(cert: X509Certificate, issuer: X509Certificate): Verified {
  return {
    cert,
    fromMs: Math.max(Date.parse(cert.validFrom), Date.parse(issuer.validFrom)),
    toMs: Math.min(Date.parse(cert.validTo), Date.parse(issuer.validTo)),
  };
}

function allowsClientAuth(cert: X509Certificate): boolean {
  // Node names the extended key usages `keyUsage`; undefined when the extension is absent.
  const usages = cert.keyUsage;
  return !usages || usages.length === 0 || usages.includes(CLIENT_AUTH_USAGE) || usages.includes(ANY_EXTENDED_KEY_USAGE);
}

export class ClientCertificateVerifier {
  /** The CA file as the TLS layer takes it, to ask clients for certificates these authorities issued. */
  readonly pem: Buffer;
  /** By DER, oldest first; only successes, so a refusal is always worked out afresh. */
  private readonly verified = new Map<string, Verified>();

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
    const raw = presented instanceof X509Certificate ? presented.raw : presented;
    const key = raw.toString('base64');
    const now = this.now();
    const known = this.verified.get(key);
    if (known && now.getTime() >= known.fromMs && now.getTime() <= known.toMs) return known.cert;
    const cert = presented instanceof X509Certificate ? presented : this.parse(presented);
    const issuer = this.check(cert, now);
    this.verified.delete(key);
    if (this.verified.size >= VERIFIED_CERTIFICATE_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(key, verifiedWindow(cert, issuer));
    return cert;
  }

  /** The authority that issued `cert`, when every check passes now. */
  private check(cert: X509Certificate, now: Date): X509Certificate {
    if (!withinValidity(cert, now)) {
      throw new CertificateVerifyError(
        `x509: certificate has expired or is not yet valid: current time ${now.toISOString()} is outside ${new Date(cert.validFrom).toISOString()} .. ${new Date(cert.validTo).toISOString()}`,
      );
    }
    if (!allowsClientAuth(cert)) throw new CertificateVerifyError('x509: certificate specifies an incompatible key usage');
    const issuer = this.authorities.find((ca) => ca.ca && cert.checkIssued(ca) && withinValidity(ca, now) && cert.verify(ca.publicKey));
    if (!issuer) throw new CertificateVerifyError(`x509: certificate signed by unknown authority (issuer ${JSON.stringify(cert.issuer)})`);
    return issuer;
  }

  private parse(raw: Buffer): X509Certificate {
    try {
      return new X509Certificate(raw);
    } catch (err) {
      throw new CertificateVerifyError(`x509: malformed certificate: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}
