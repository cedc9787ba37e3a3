// etcd + apiserver for one integration test file, torn down together.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEtcd, type TestEtcd } from './etcd.js';
import { startApiServer, type TestApiServer, type ApiServerOptions } from './apiserver.js';

export interface TestControlPlane {
  etcd: TestEtcd;
  apiserver: TestApiServer;
  logDir: string;
  stop(): Promise<void>;
}

/** Set to keep the process logs of a run (they are removed with the control plane otherwise). */
export const KEEP_LOGS_ENV = 'FLOTILLA_KEEP_TEST_LOGS';

/** Logs go to FLOTILLA_TEST_LOG_DIR when given (and stay), else to a private folder removed on stop. */
function testLogDir(): { logDir: string; removeLogs(): void } {
  const given = process.env.FLOTILLA_TEST_LOG_DIR;
  if (given) return { logDir: given, removeLogs: () => undefined };
  const logDir = mkdtempSync(join(tmpdir(), 'flotilla-test-logs-'));
  const keep = process.env[KEEP_LOGS_ENV] === '1';
  return { logDir, removeLogs: () => (keep ? undefined : rmSync(logDir, { recursive: true, force: true })) };
}

export interface ControlPlaneOptions extends ApiServerOptions {
  /** etcd serves clients over HTTPS with client-certificate auth, and the apiserver gets the --etcd-* flags, as deploy/up.sh does. */
  etcdTls?: boolean;
}

export async function startControlPlane(opts: ControlPlaneOptions = {}): Promise<TestControlPlane> {
  const { logDir, removeLogs } = testLogDir();
  const etcd = await startEtcd(logDir, { tls: opts.etcdTls ?? false });
  try {
    const apiserver = await startApiServer(etcd.endpoint, logDir, { ...opts, ...(etcd.tls ? { etcdClient: etcd.tls } : {}) });
    return {
      etcd,
      apiserver,
      logDir,
      stop: async () => {
        await apiserver.stop();
        await etcd.stop();
        removeLogs();
      },
    };
  } catch (err) {
    await etcd.stop();
    removeLogs();
    throw err;
  }
}
