// etcd + apiserver for one integration test file, torn down together.
import { mkdtempSync } from 'node:fs';
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

export async function startControlPlane(opts: ApiServerOptions = {}): Promise<TestControlPlane> {
  const logDir = process.env.FLOTILLA_TEST_LOG_DIR ?? mkdtempSync(join(tmpdir(), 'flotilla-test-logs-'));
  const etcd = await startEtcd(logDir);
  try {
    const apiserver = await startApiServer(etcd.endpoint, logDir, opts);
    return {
      etcd,
      apiserver,
      logDir,
      stop: async () => {
        await apiserver.stop();
        await etcd.stop();
      },
    };
  } catch (err) {
    await etcd.stop();
    throw err;
  }
}
