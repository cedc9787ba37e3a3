// Starts the real apiserver process (compiled, from dist/) against a test etcd.
import { fileURLToPath } from 'node:url';
import { ApiClient } from '../../client/api-client.js';
import { freePort } from './free-port.js';
import { startProcess, waitFor, type ManagedProcess } from './child-process.js';

export const APISERVER_START_TIMEOUT_MS = 20_000;
const APISERVER_MAIN = fileURLToPath(new URL('../../apiserver/main.js', import.meta.url));

export interface TestApiServer {
  address: string;
  grpcPort: number;
  healthPort: number;
  process: ManagedProcess;
  client(): ApiClient;
  stop(): Promise<void>;
}

export interface ApiServerOptions {
  grpcPort?: number;
  healthPort?: number;
  extraArgs?: string[];
  name?: string;
}

export async function startApiServer(etcdEndpoint: string, logDir: string, opts: ApiServerOptions = {}): Promise<TestApiServer> {
  const grpcPort = opts.grpcPort ?? (await freePort());
  const healthPort = opts.healthPort ?? (await freePort());
  const proc = startProcess(
    opts.name ?? `apiserver-${grpcPort}`,
    process.execPath,
    [APISERVER_MAIN, '--etcd-servers', etcdEndpoint, '--port', String(grpcPort), '--health-port', String(healthPort), ...(opts.extraArgs ?? [])],
    logDir,
  );
  await waitFor(
    'apiserver /healthz',
    async () => {
      if (proc.child.exitCode !== null) throw new Error(`apiserver exited (see ${proc.logFile})`);
      const res = await fetch(`http://127.0.0.1:${healthPort}/healthz`);
      return res.ok;
    },
    APISERVER_START_TIMEOUT_MS,
  );
  const address = `127.0.0.1:${grpcPort}`;
  const clients: ApiClient[] = [];
  return {
    address,
    grpcPort,
    healthPort,
    process: proc,
    client: () => {
      const c = new ApiClient(address);
      clients.push(c);
      return c;
    },
    stop: async () => {
      for (const c of clients) c.close();
      await proc.stop();
    },
  };
}
