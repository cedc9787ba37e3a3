// Client certificates no apiserver or agent may accept: issued by another CA,
// self-signed, expired or not yet valid though signed by the cluster CA, or made
// for serving only. Each claims a powerful identity
// (system:masters), so accepting one would be an open door, not just a bug. (A
// certificate with a key not its own cannot be sent: TLS clients refuse to build it.)
import { createPrivateKey, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as x509 from '@peculiar/x509';

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
const MASTERS_SUBJECT = 'CN=kubernetes-admin, O=system:masters';

export interface PemPair {
  certPem: string;
  keyPem: string;
}

export interface HostileCertificate extends PemPair {
  id: string;
  why: string;
}

interface Signer {
  name: string;
  key: webcrypto.CryptoKey;
}

// The library is typed against the DOM's WebCrypto; Node's is the same API under other type names.
type GeneratorParams = Parameters<typeof x509.X509CertificateGenerator.create>[0];
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

/** The cluster CA as a signer, from deploy/pki.sh's files (its key is SEC1 PEM, WebCrypto wants PKCS#8). */
async function clusterSigner(caCertFile: string, caKeyFile: string): Promise<Signer> {
  const ca = new x509.X509Certificate(await readFile(caCertFile, 'utf8'));
  const pkcs8 = createPrivateKey(await readFile(caKeyFile, 'utf8')).export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, EC_KEY, false, ['sign']);
  return { name: ca.subject, key };
}

interface LeafSpec {
  subject: string;
  signer: Signer;
  notBefore: Date;
  notAfter: Date;
  usage: 'client' | 'server';
}

async function leaf(spec: LeafSpec, keys?: webcrypto.CryptoKeyPair): Promise<PemPair> {
  const pair = keys ?? (await newKeys());
  const usage = spec.usage === 'client' ? x509.ExtendedKeyUsage.clientAuth : x509.ExtendedKeyUsage.serverAuth;
  const params = {
    subject: spec.subject,
    issuer: spec.signer.name,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    publicKey: pair.publicKey,
    signingKey: spec.signer.key,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage]),
    ],
  };
  const cert = await x509.X509CertificateGenerator.create(params as unknown as GeneratorParams);
  return { certPem: cert.toString('pem'), keyPem: await keyPem(pair.privateKey) };
}

async function otherCa(): Promise<Signer> {
  const keys = await newKeys();
  return { name: 'CN=flotilla-ca', key: keys.privateKey };
}

/** The hostile client certificates, against the CA in caCertFile/caKeyFile. */
export async function hostileCertificates(caCertFile: string, caKeyFile: string, nowMs = Date.now()): Promise<HostileCertificate[]> {
  const cluster = await clusterSigner(caCertFile, caKeyFile);
  const valid = { notBefore: new Date(nowMs - DAY_MS), notAfter: new Date(nowMs + DAY_MS) };
  const masters = (signer: Signer, dates = valid, usage: 'client' | 'server' = 'client') =>
    leaf({ subject: MASTERS_SUBJECT, signer, usage, ...dates });
  const selfKeys = await newKeys();
  const self = { name: MASTERS_SUBJECT, key: selfKeys.privateKey };
  return [
    { id: 'other-ca', why: 'signed by a CA of the same name that the cluster never trusted', ...(await masters(await otherCa())) },
    { id: 'self-signed', why: 'signed by its own key', ...(await leaf({ subject: MASTERS_SUBJECT, signer: self, usage: 'client', ...valid }, selfKeys)) },
    { id: 'expired', why: 'signed by the cluster CA, expired yesterday', ...(await masters(cluster, { notBefore: new Date(nowMs - 3 * DAY_MS), notAfter: new Date(nowMs - DAY_MS) })) },
    { id: 'not-yet-valid', why: 'signed by the cluster CA, valid from tomorrow', ...(await masters(cluster, { notBefore: new Date(nowMs + DAY_MS), notAfter: new Date(nowMs + 3 * DAY_MS) })) },
    { id: 'server-only', why: 'signed by the cluster CA for serving, not for clients', ...(await masters(cluster, valid, 'server')) },
  ];
}
