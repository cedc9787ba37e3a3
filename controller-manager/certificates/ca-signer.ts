// Issues certificates with the cluster CA (--cluster-signing-cert-file and
// --cluster-signing-key-file): the request's subject, subject alternative
// names and public key, the usages the CSR asked for, valid from a little before now (clocks differ)
// until the shorter of the asked and the allowed duration, and never past
// the CA's own expiry, as Kubernetes' local signer does.
import { createPrivateKey, randomBytes, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type * as X509 from '@peculiar/x509';
import { x509, type X509Library } from '../../api/certificates/x509-library.js';
import { SUBJECT_ALT_NAME_OID } from './csr-request.js';

/** Certificates start this long before they are signed, so a node whose clock is behind accepts them. */
export const BACKDATE_MS = 5 * 60 * 1000;
/** 128 random bits: serial numbers no two certificates share. */
const SERIAL_BYTES = 16;

/** Kubernetes' key usage names as the library's flags. */
function keyUsageFlags({ KeyUsageFlags }: X509Library): Readonly<Record<string, X509.KeyUsageFlags>> {
  return {
    signing: KeyUsageFlags.digitalSignature,
    'digital signature': KeyUsageFlags.digitalSignature,
    'content commitment': KeyUsageFlags.nonRepudiation,
    'key encipherment': KeyUsageFlags.keyEncipherment,
    'key agreement': KeyUsageFlags.keyAgreement,
    'data encipherment': KeyUsageFlags.dataEncipherment,
    'cert sign': KeyUsageFlags.keyCertSign,
    'crl sign': KeyUsageFlags.cRLSign,
    'encipher only': KeyUsageFlags.encipherOnly,
    'decipher only': KeyUsageFlags.decipherOnly,
  };
}

/** Kubernetes' extended key usage names as OIDs. */
function extendedKeyUsages({ ExtendedKeyUsage }: X509Library): Readonly<Record<string, string>> {
  return {
    any: '2.5.29.37.0',
    'server auth': ExtendedKeyUsage.serverAuth,
    'client auth': ExtendedKeyUsage.clientAuth,
    'code signing': ExtendedKeyUsage.codeSigning,
    'email protection': ExtendedKeyUsage.emailProtection,
    timestamping: ExtendedKeyUsage.timeStamping,
    'ocsp signing': ExtendedKeyUsage.ocspSigning,
  };
}

const CURVES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

type CryptoKey = webcrypto.CryptoKey;
type SigningParams = X509.X509CertificateCreateWithKeyParams['signingAlgorithm'];

interface SigningKey {
  key: CryptoKey;
  algorithm: SigningParams;
}

async function importSigningKey(pem: string, file: string): Promise<SigningKey> {
  const key = createPrivateKey(pem);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const subtle = webcrypto.subtle;
  if (key.asymmetricKeyType === 'ec') {
    const namedCurve = CURVES[key.asymmetricKeyDetails?.namedCurve ?? ''];
    if (!namedCurve) throw new Error(`${file}: EC curve ${key.asymmetricKeyDetails?.namedCurve ?? '?'} is not supported (P-256, P-384, P-521 are)`);
    const imported = await subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve }, false, ['sign']);
    return { key: imported, algorithm: { name: 'ECDSA', hash: 'SHA-256' } as SigningParams };
  }
  if (key.asymmetricKeyType === 'rsa') {
    const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { key: await subtle.importKey('pkcs8', der, algorithm, false, ['sign']), algorithm };
  }
  throw new Error(`${file}: a ${key.asymmetricKeyType ?? 'unknown'} key cannot sign certificates here (EC or RSA can)`);
}

export interface SignParams {
  request: X509.Pkcs10CertificateRequest;
  usages: readonly string[];
  /** The CSR's spec.expirationSeconds, when it asked for a duration. */
  requestedSeconds?: number;
  nowMs: number;
}

export class CaSigner {
  private constructor(
    private readonly ca: X509.X509Certificate,
    private readonly signing: SigningKey,
    private readonly maxDurationMs: number,
  ) {}

  static async load(certFile: string, keyFile: string, maxDurationMs: number): Promise<CaSigner> {
    const { X509Certificate } = x509();
    const ca = new X509Certificate(await readFile(certFile, 'utf8'));
    return new CaSigner(ca, await importSigningKey(await readFile(keyFile, 'utf8'), keyFile), maxDurationMs);
  }

  /** The PEM certificate for the request; throws when the request's own signature does not hold. */
  async sign(params: SignParams): Promise<string> {
    const { request, usages, nowMs } = params;
    const library = x509();
    const keyUsages = keyUsageFlags(library);
    const extendedUsages = extendedKeyUsages(library);
    if (!(await request.verify())) throw new Error('the request\'s signature does not verify against its public key');
    const askedMs = params.requestedSeconds !== undefined ? params.requestedSeconds * 1000 : this.maxDurationMs;
    const notAfterMs = Math.min(nowMs + Math.min(askedMs, this.maxDurationMs), this.ca.notAfter.getTime());
    const flags = usages.reduce((all, u) => all | (keyUsages[u] ?? 0), 0);
    const extended = usages.map((u) => extendedUsages[u]).filter((oid): oid is string => oid !== undefined);
    // The signers' policies have already judged the names; the certificate carries them as asked.
    const altNames = request.extensions.find((e) => e.type === SUBJECT_ALT_NAME_OID);
    const cert = await library.X509CertificateGenerator.create({
      serialNumber: randomBytes(SERIAL_BYTES).toString('hex').replace(/^[89a-f]/, '0'),
      subject: request.subject,
      issuer: this.ca.subject,
      notBefore: new Date(nowMs - BACKDATE_MS),
      notAfter: new Date(notAfterMs),
      publicKey: await request.publicKey.export(),
      signingKey: this.signing.key,
      signingAlgorithm: this.signing.algorithm,
      extensions: [
        new library.BasicConstraintsExtension(false, undefined, true),
        ...(flags !== 0 ? [new library.KeyUsagesExtension(flags, true)] : []),
        ...(extended.length > 0 ? [new library.ExtendedKeyUsageExtension(extended)] : []),
        ...(altNames ? [new library.SubjectAlternativeNameExtension(altNames.rawData)] : []),
        await library.AuthorityKeyIdentifierExtension.create(this.ca, false),
      ],
    });
    return cert.toString('pem').replace(/\r\n/g, '\n').trimEnd() + '\n';
  }
}
