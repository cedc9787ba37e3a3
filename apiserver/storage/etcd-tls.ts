// The apiserver's TLS towards etcd (kube-apiserver's --etcd-cafile, --etcd-certfile,
// --etcd-keyfile): read and checked once at start, so a wrong or missing file stops
// the apiserver with a message that names the flag, instead of a TLS handshake that
// fails on every request later.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';

export interface EtcdTlsFiles {
  /** CA that signed etcd's serving certificate; "" trusts the system's roots. */
  caFile: string;
  /** The apiserver's client certificate towards etcd; "" sends none. */
  certFile: string;
  keyFile: string;
}

/** etcd3's `credentials` option (grpc-js createSsl's arguments). */
export interface EtcdCredentials {
  rootCertificate: Buffer;
  privateKey?: Buffer;
  certChain?: Buffer;
}

const HTTPS = 'https://';
const HTTP = 'http://';

async function readFlagFile(flag: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new Error(`${flag} ${path}: cannot be read: ${reason}`);
  }
}

function checkCertificate(flag: string, path: string, pem: Buffer): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (err) {
    throw new Error(`${flag} ${path}: not a PEM certificate: ${(err as Error).message}`);
  }
}

function checkKeyPair(certPath: string, cert: X509Certificate, keyPath: string, key: Buffer): void {
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new Error(`--etcd-keyfile ${keyPath}: not a PEM private key: ${(err as Error).message}`);
  }
  if (!cert.checkPrivateKey(privateKey)) {
    throw new Error(`--etcd-keyfile ${keyPath} is not the key of --etcd-certfile ${certPath}`);
  }
}

/** Every URL http:// or every URL https://, as the etcd client dials them all alike. */
export function checkEtcdServers(servers: readonly string[]): 'http' | 'https' {
  if (servers.length === 0) throw new Error('--etcd-servers names no URL');
  const bad = servers.find((s) => !s.startsWith(HTTP) && !s.startsWith(HTTPS));
  if (bad !== undefined) throw new Error(`--etcd-servers ${JSON.stringify(bad)}: expected an http:// or https:// URL`);
  const secure = servers.filter((s) => s.startsWith(HTTPS)).length;
  if (secure > 0 && secure < servers.length) {
    throw new Error(`--etcd-servers mixes http:// and https:// URLs (${servers.join(',')}): one cluster speaks one of them`);
  }
  return secure > 0 ? 'https' : 'http';
}

/**
 * The credentials towards etcd from the URLs and files; undefined when no file is
 * given (plaintext on http://, the system's roots on https://). A client certificate comes with its
 * key (never one alone), and files only make sense on https:// URLs: sending them to
 * an http:// URL would either be refused by etcd or leak that the flags did nothing.
 */
export async function loadEtcdCredentials(servers: readonly string[], files: EtcdTlsFiles): Promise<EtcdCredentials | undefined> {
  const scheme = checkEtcdServers(servers);
  const { caFile, certFile, keyFile } = files;
  if (Boolean(certFile) !== Boolean(keyFile)) {
    const [given, missing] = certFile ? ['--etcd-certfile', '--etcd-keyfile'] : ['--etcd-keyfile', '--etcd-certfile'];
    throw new Error(`${given} needs ${missing}: a client certificate towards etcd goes with its private key; give both, or neither`);
  }
  if (!caFile && !certFile) return undefined;
  if (scheme !== 'https') {
    throw new Error(`--etcd-cafile, --etcd-certfile and --etcd-keyfile need https:// URLs in --etcd-servers, got ${servers.join(',')}`);
  }
  // Without --etcd-cafile etcd's certificate must chain to a root the system trusts, as kube-apiserver does.
  const credentials: EtcdCredentials = { rootCertificate: Buffer.from(rootCertificates.join('\n')) };
  if (caFile) {
    credentials.rootCertificate = await readFlagFile('--etcd-cafile', caFile);
    checkCertificate('--etcd-cafile', caFile, credentials.rootCertificate);
  }
  if (certFile) {
    const [chain, key] = await Promise.all([readFlagFile('--etcd-certfile', certFile), readFlagFile('--etcd-keyfile', keyFile)]);
    checkKeyPair(certFile, checkCertificate('--etcd-certfile', certFile, chain), keyFile, key);
    credentials.certChain = chain;
    credentials.privateKey = key;
  }
  return credentials;
}
