// A private etcd for one test file: its own ports and data dir, removed after.
// With `tls: true` its client port is HTTPS with client-certificate auth, from
// credentials deploy/pki.sh issues into the test's log dir, as deploy/up.sh runs it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3, type IOptions } from 'etcd3';
import { createPki } from '../credentials.js';
import { httpsGet } from '../https-get.js';
import { freePort } from './free-port.js';
import { exitedError, startProcess, waitFor, type ManagedProcess } from './child-process.js';

export const ETCD_BINARY = process.env.FLOTILLA_ETCD_BINARY ?? 'etcd';
export const ETCD_START_TIMEOUT_MS = 20_000;

/** The files a client of a TLS etcd needs: the CA of etcd's certificate and the apiserver's client certificate. */
export interface EtcdClientTls {
  caFile: string;
  certFile: string;
  keyFile: string;
}

export interface TestEtcd {
  endpoint: string;
  dataDir: string;
  process: ManagedProcess;
  /** With `tls: true`: what the apiserver presents (deploy/pki.sh's apiserver-etcd-client). */
  tls?: EtcdClientTls;
  /** The etcd3 options of a raw client of this etcd (with the client certificate when TLS). */
  clientOptions(): IOptions;
  /** Forgets all history before the newest revision, as the apiserver's compactor eventually does. */
  compactToNewest(): Promise<void>;
  stop(): Promise<void>;
}

export interface EtcdOptions {
  /** Serve clients over HTTPS and accept only certificates of the test's own CA (--client-cert-auth). */
  tls?: boolean;
}

async function compactToNewest(options: IOptions): Promise<void> {
  const etcd = new Etcd3(options);
  try {
    const { header } = await etcd.kv.range({ key: Buffer.from('/') });
    await etcd.kv.compact({ revision: header.revision, physical: true });
  } finally {
    etcd.close();
  }
}

function clientOptions(endpoint: string, tls: EtcdClientTls | undefined): IOptions {
  if (!tls) return { hosts: endpoint };
  return {
    hosts: endpoint,
    credentials: { rootCertificate: readFileSync(tls.caFile), certChain: readFileSync(tls.certFile), privateKey: readFileSync(tls.keyFile) },
  };
}

/** etcd's serving certificate and trusted CA flags, and the client side's files, from deploy/pki.sh. */
async function issueTls(dir: string): Promise<{ serverArgs: string[]; client: EtcdClientTls }> {
  const pki = await createPki(dir);
  return {
    serverArgs: [
      '--cert-file', join(dir, 'etcd-server.crt'),
      '--key-file', join(dir, 'etcd-server.key'),
      '--client-cert-auth',
      '--trusted-ca-file', pki.caFile,
    ],
    client: { caFile: pki.caFile, certFile: join(dir, 'apiserver-etcd-client.crt'), keyFile: join(dir, 'apiserver-etcd-client.key') },
  };
}

async function healthy(endpoint: string, tls: EtcdClientTls | undefined): Promise<boolean> {
  if (!tls) return (await fetch(`${endpoint}/health`)).ok;
  const res = await httpsGet(`${endpoint}/health`, { ca: readFileSync(tls.caFile), cert: readFileSync(tls.certFile), key: readFileSync(tls.keyFile) });
  return res.status === 200;
}

export async function startEtcd(logDir: string, opts: EtcdOptions = {}): Promise<TestEtcd> {
  const clientPort = await freePort();
  const peerPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-etcd-'));
  const name = `etcd-${clientPort}`;
  const tls = opts.tls ? await issueTls(join(logDir, `${name}-pki`)) : undefined;
  const endpoint = `${tls ? 'https' : 'http'}://127.0.0.1:${clientPort}`;
  // Peer traffic of the single member stays plaintext on loopback.
  const proc = startProcess(
    name,
    ETCD_BINARY,
    [
      '--name', 'test',
      '--data-dir', dataDir,
      '--listen-client-urls', endpoint,
      '--advertise-client-urls', endpoint,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', `test=http://127.0.0.1:${peerPort}`,
      ...(tls?.serverArgs ?? []),
    ],
    logDir,
    { ETCD_UNSUPPORTED_ARCH: process.env.ETCD_UNSUPPORTED_ARCH ?? '' },
  );
  await waitFor(
    'etcd health',
    async () => {
      if (proc.child.exitCode !== null) throw exitedError(proc);
      return healthy(endpoint, tls?.client);
    },
    ETCD_START_TIMEOUT_MS,
  );
  const options = (): IOptions => clientOptions(endpoint, tls?.client);
  return {
    endpoint,
    dataDir,
    process: proc,
    ...(tls ? { tls: tls.client } : {}),
    clientOptions: options,
    compactToNewest: () => compactToNewest(options()),
    stop: async () => {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
