// A private etcd for one test file: its own ports and data dir, removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { freePort } from './free-port.js';
import { exitedError, startProcess, waitFor, type ManagedProcess } from './child-process.js';

export const ETCD_BINARY = process.env.FLOTILLA_ETCD_BINARY ?? 'etcd';
export const ETCD_START_TIMEOUT_MS = 20_000;

export interface TestEtcd {
  endpoint: string;
  dataDir: string;
  process: ManagedProcess;
  /** Forgets all history before the newest revision, as the apiserver's compactor eventually does. */
  compactToNewest(): Promise<void>;
  stop(): Promise<void>;
}

async function compactToNewest(endpoint: string): Promise<void> {
  const etcd = new Etcd3({ hosts: endpoint });
  try {
    const { header } = await etcd.kv.range({ key: Buffer.from('/') });
    await etcd.kv.compact({ revision: header.revision, physical: true });
  } finally {
    etcd.close();
  }
}

export async function startEtcd(logDir: string): Promise<TestEtcd> {
  const clientPort = await freePort();
  const peerPort = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'flotilla-etcd-'));
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const proc = startProcess(
    `etcd-${clientPort}`,
    ETCD_BINARY,
    [
      '--name', 'test',
      '--data-dir', dataDir,
      '--listen-client-urls', endpoint,
      '--advertise-client-urls', endpoint,
      '--listen-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-advertise-peer-urls', `http://127.0.0.1:${peerPort}`,
      '--initial-cluster', `test=http://127.0.0.1:${peerPort}`,
    ],
    logDir,
    { ETCD_UNSUPPORTED_ARCH: process.env.ETCD_UNSUPPORTED_ARCH ?? '' },
  );
  await waitFor(
    'etcd health',
    async () => {
      if (proc.child.exitCode !== null) throw exitedError(proc);
      const res = await fetch(`${endpoint}/health`);
      return res.ok;
    },
    ETCD_START_TIMEOUT_MS,
  );
  return {
    endpoint,
    dataDir,
    process: proc,
    compactToNewest: () => compactToNewest(endpoint),
    stop: async () => {
      await proc.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
