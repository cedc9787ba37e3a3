// Certificates for tests that need ones deploy/pki.sh does not make: another
// CA, odd subjects, server-only usages. EC P-256 with openssl, as pki.sh.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const OPENSSL_TIMEOUT_MS = 10_000;

export interface CertFiles {
  cert: string;
  key: string;
}

export interface LeafSpec {
  /** openssl's form: `/O=system:masters/CN=jane`. */
  subject: string;
  /** extendedKeyUsage: clientAuth unless told. */
  usages?: string;
  /** subjectAltName, openssl's form: `IP:127.0.0.1,DNS:localhost`. */
  sans?: string;
  days?: number;
}

async function openssl(args: string[]): Promise<void> {
  await run('openssl', args, { timeout: OPENSSL_TIMEOUT_MS });
}

/** A self-signed CA in dir/<stem>.crt/.key. */
export async function makeCa(dir: string, stem: string, subject = `/CN=${stem}`): Promise<CertFiles> {
  await mkdir(dir, { recursive: true });
  const files = { cert: join(dir, `${stem}.crt`), key: join(dir, `${stem}.key`) };
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', files.key]);
  await openssl([
    'req', '-x509', '-new', '-key', files.key, '-subj', subject, '-days', '2', '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', files.cert,
  ]);
  return files;
}

/** A leaf signed by `ca`, in dir/<stem>.crt/.key. */
export async function issueCert(dir: string, ca: CertFiles, stem: string, spec: LeafSpec): Promise<CertFiles> {
  const files = { cert: join(dir, `${stem}.crt`), key: join(dir, `${stem}.key`) };
  const csr = join(dir, `${stem}.csr`);
  const ext = join(dir, `${stem}.ext`);
  const sans = spec.sans ? `subjectAltName=${spec.sans}\n` : '';
  await writeFile(ext, `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=${spec.usages ?? 'clientAuth'}\n${sans}`);
  await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', files.key]);
  await openssl(['req', '-new', '-key', files.key, '-subj', spec.subject, '-out', csr]);
  await openssl([
    'x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-days', String(spec.days ?? 1), '-sha256', '-extfile', ext, '-out', files.cert,
  ]);
  return files;
}
