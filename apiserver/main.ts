// kube-apiserver's counterpart: `node dist/apiserver/main.js --etcd-servers URL --port P --health-port H`.
import { createLogger } from '../client/logger.js';
import { parseConfig } from './config.js';
import { startApiServer } from './server.js';

async function main(): Promise<void> {
  const config = parseConfig(process.argv);
  const log = createLogger('apiserver', config.logLevel);
  let stopRequested = false;
  let stopServer: (() => Promise<void>) | undefined;
  const shutdown = (signal: string): void => {
    if (stopRequested) return;
    stopRequested = true;
    log.info({ signal }, 'shutting down');
    (stopServer ? stopServer() : Promise.resolve()).then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  const server = await startApiServer(config, log);
  stopServer = server.stop;
  if (stopRequested) await server.stop();
}

main().catch((err: unknown) => {
  process.stderr.write(`apiserver: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
