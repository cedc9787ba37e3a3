// kube-apiserver's counterpart: `node dist/apiserver/main.js --etcd-servers URL --port P --health-port H`.
import { createLogger } from '../client/logger.js';
import { installProcessGuard } from '../client/process-guard.js';
import { systemClock } from '../client/clock.js';
import { startQuietHeapCollection } from '../client/quiet-heap-collection.js';
import { exitOnShutdownSignal } from '../client/shutdown-signals.js';
import { parseConfig } from './config.js';
import { startApiServer } from './server.js';

async function main(): Promise<void> {
  const config = parseConfig(process.argv);
  const log = createLogger('apiserver', config.logLevel);
  installProcessGuard(log);
  let stopServer: (() => Promise<void>) | undefined;
  const shutdown = exitOnShutdownSignal(log, { stopping: 'shutting down', failed: 'shutdown failed' }, async () => {
    await stopServer?.();
  });
  const server = await startApiServer(config, log);
  stopServer = server.stop;
  startQuietHeapCollection(systemClock);
  if (shutdown.requested) await server.stop();
}

main().catch((err: unknown) => {
  process.stderr.write(`apiserver: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
