// Certificates for tests that need ones deploy/pki.sh does not make: another
// CA, odd subjects, server-only usages, any validity window. Made in-process
// (EC P-256, as pki.sh) rather than with openssl, whose 3.0 x509 command can
// neither forward-date a certificate nor spare a subprocess per step.
import { createPrivateKey, webcrypto } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as X509 from '@peculiar/x509';
import { x509 as x509Library } from '../api/certificates/x509-library.js';

const EC_KEY = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
export const DAY_MS = 86_400_000;
const CA_LIFETIME_MS = 2 * DAY_MS;
const LEAF_LIFETIME_MS = DAY_MS;
/** Certificates start this far back, so a verifier reading a second-truncated notBefore never sees one from the future. */
const BACKDATE_MS = 60_000;
const PEM_LINE = /(.{64})/g;

// The library is typed against the DOM's WebCrypto; Node's is the same API under other type names.
type GeneratorParams = Parameters<typeof X509.X509CertificateGenerator.create>[0];
/** Tests make certificates in every run, so the library is loaded with the helpers. */
const x509 = x509Library();

export interface PemPair {
  certPem: string;
  keyPem: string;
}

/** Where makeCa/issueCert put a certificate and its key. */
export interface CertFiles {
  cert: string;
  key: string;
}

/** A subject as Kubernetes reads it: every O is a group, the CN the user. Encoded O first, then CN, one attribute per RDN. */
export interface Subject {
  o?: readonly string[];
  cn?: string;
}

/** What signs a certificate: the issuer's name as its own certificate encodes it, and its private key. */
export interface Signer {
  name: X509.Name;
  key: webcrypto.CryptoKey;
}

export interface LeafSpec {
  subject: Subject;
  /** Extended key usage: clientAuth unless told. */
  usage?: 'client' | 'server';
  /** subjectAltName entries. */
  ips?: readonly string[];
  dnsNames?: readonly string[];
  /** Validity: from a minute ago for a day unless told. */
  notBefore?: Date;
  notAfter?: Date;
}

export function subjectName(subject: Subject): X509.Name {
  const rdns = (subject.o ?? []).map((o) => ({ O: [o] }));
  return new x509.Name(subject.cn === undefined ? rdns : [...rdns, { CN: [subject.cn] }]);
}

export async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
}

async function keyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(PEM_LINE, '$1\n').trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

interface Issue {
  subject: X509.Name;
  signer: Signer;
  keys: webcrypto.CryptoKeyPair;
  notBefore: Date;
  notAfter: Date;
  extensions: X509.Extension[];
}

async function issue(spec: Issue): Promise<PemPair> {
  const params = {
    subject: spec.subject,
    issuer: spec.signer.name,
    notBefore: spec.notBefore,
    notAfter: spec.notAfter,
    publicKey: spec.keys.publicKey,
    signingKey: spec.signer.key,
    signingAlgorithm: SIGNING,
    extensions: spec.extensions,
  };
  const cert = await x509.X509CertificateGenerator.create(params as unknown as GeneratorParams);
  // Ends in a newline, as openssl writes it, so PEM files concatenate into a valid bundle.
  return { certPem: `${cert.toString('pem').trimEnd()}\n`, keyPem: await keyPem(spec.keys.privateKey) };
}

/** A self-signed CA, and the signer its leaves are issued with. */
export async function newCa(subject: Subject, nowMs = Date.now()): Promise<{ pem: PemPair; signer: Signer }> {
  const keys = await newKeys();
  const signer = { name: subjectName(subject), key: keys.privateKey };
  const pem = await issue({
    subject: signer.name, signer, keys,
    notBefore: new Date(nowMs - BACKDATE_MS), notAfter: new Date(nowMs + CA_LIFETIME_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { pem, signer };
}

function altNames(spec: LeafSpec): X509.Extension[] {
  const names = [...(spec.ips ?? []).map((value) => ({ type: 'ip' as const, value })), ...(spec.dnsNames ?? []).map((value) => ({ type: 'dns' as const, value }))];
  return names.length === 0 ? [] : [new x509.SubjectAlternativeNameExtension(names)];
}

/** A leaf signed by `signer`; `keys` lets a certificate sign itself. */
export async function issueLeaf(signer: Signer, spec: LeafSpec, keys?: webcrypto.CryptoKeyPair): Promise<PemPair> {
  const notBefore = spec.notBefore ?? new Date(Date.now() - BACKDATE_MS);
  const usage = spec.usage === 'server' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth;
  return issue({
    subject: subjectName(spec.subject), signer, keys: keys ?? (await newKeys()),
    notBefore, notAfter: spec.notAfter ?? new Date(notBefore.getTime() + LEAF_LIFETIME_MS),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([usage]),
      ...altNames(spec),
    ],
  });
}

/** A CA's signer from its PEM files; the key may be SEC1 (as deploy/pki.sh writes it) or PKCS#8 (as WebCrypto wants it). */
export async function signerFromFiles(ca: CertFiles): Promise<Signer> {
  const cert = new x509.X509Certificate(await readFile(ca.cert, 'utf8'));
  const pkcs8 = createPrivateKey(await readFile(ca.key, 'utf8')).export({ type: 'pkcs8', format: 'der' });
  const key = await webcrypto.subtle.importKey('pkcs8', pkcs8, EC_KEY, false, ['sign']);
  return { name: cert.subjectName, key };
}

async function writePair(dir: string, stem: string, pem: PemPair): Promise<CertFiles> {
  const files = { cert: join(dir, `${stem}.crt`), key: join(dir, `${stem}.key`) };
  await writeFile(files.cert, pem.certPem);
  await writeFile(files.key, pem.keyPem, { mode: 0o600 });
  return files;
}

/** A self-signed CA in dir/<stem>.crt/.key, named CN=<stem> unless told. */
export async function makeCa(dir: string, stem: string, subject: Subject = { cn: stem }): Promise<CertFiles> {
  await mkdir(dir, { recursive: true });
  return writePair(dir, stem, (await newCa(subject)).pem);
}

/** A leaf signed by the CA in `ca`'s files, in dir/<stem>.crt/.key. */
export async function issueCert(dir: string, ca: CertFiles, stem: string, spec: LeafSpec): Promise<CertFiles> {
  return writePair(dir, stem, await issueLeaf(await signerFromFiles(ca), spec));
}
