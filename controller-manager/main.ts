// The controller-manager process: informers always, controllers only while
// holding the Lease (or always with --leader-elect=false).
import { Registry, collectDefaultMetrics, Gauge } from 'prom-client';
import { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { startHealthServer } from '../client/health-server.js';
import { SharedInformerFactory } from '../client/informer-factory.js';
import { LeaderElector } from '../client/leader-election.js';
import { createLogger } from '../client/logger.js';
import type { Controller, ControllerContext } from './common/controller-context.js';
import { CONTROLLERS, KNOWN_CONTROLLERS } from './controllers.js';
import { isControllerEnabled, parseFlags } from './options.js';

/** How long startup waits for the first list of every informer. */
const INFORMER_SYNC_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const logger = createLogger('controller-manager');
  for (const name of flags.controllers) {
    const bare = name.replace(/^-/, '');
    if (bare !== '*' && !KNOWN_CONTROLLERS.includes(bare)) {
      throw new Error(`unknown controller "${bare}" in --controllers (known: ${KNOWN_CONTROLLERS.join(', ')})`);
    }
  }
  const client = new ApiClient(flags.apiserver);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const leader = new Gauge({ name: 'leader_election_master_status', help: '1 while this process leads', labelNames: ['name'], registers: [registry] });
  const recorder = new EventRecorder(client, { component: 'controller-manager', host: flags.identity }, logger);
  const factory = new SharedInformerFactory(client, logger);
  const ctx: ControllerContext = { client, factory, recorder, logger, registry };
  const running: { controller: Controller; workers: number }[] = [];
  for (const entry of CONTROLLERS) {
    if (isControllerEnabled(entry.name, flags.controllers)) running.push(entry.build(ctx, flags));
  }
  const health = await startHealthServer(flags.healthPort, registry, () => true, flags.healthAddress);
  logger.info({ apiserver: flags.apiserver, healthPort: health.port, identity: flags.identity, controllers: running.map((r) => r.controller.name) }, 'starting');

  const loop = new AbortController();
  let shuttingDown = false;
  let elector: LeaderElector | undefined;
  let work: Promise<unknown> = Promise.resolve();

  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    loop.abort();
    await elector?.stop();
    await work;
    await recorder.flush();
    await factory.stop();
    await health.close();
    client.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  factory.start();
  await factory.waitForSync(INFORMER_SYNC_TIMEOUT_MS);
  logger.info('caches synced');

  const runAll = (signal: AbortSignal): Promise<unknown> => {
    work = Promise.all(running.map(({ controller, workers }) => controller.run(workers, signal)));
    return work;
  };
  if (!flags.leaderElect) {
    await runAll(loop.signal);
    return;
  }
  elector = new LeaderElector(
    client,
    {
      name: flags.leaseName,
      namespace: flags.leaseNamespace,
      identity: flags.identity,
      leaseDurationSeconds: flags.leaseDurationSeconds,
      renewDeadlineMs: flags.renewDeadlineMs,
      retryPeriodMs: flags.retryPeriodMs,
      callbacks: {
        onStartedLeading: (signal) => {
          leader.set({ name: flags.leaseName }, 1);
          logger.info('leading: controllers start');
          return runAll(AbortSignal.any([signal, loop.signal]));
        },
        onStoppedLeading: () => {
          leader.set({ name: flags.leaseName }, 0);
          if (shuttingDown) return;
          // As kube-controller-manager: a process that lost the lease exits and starts clean.
          logger.fatal('leader election lost');
          process.exit(1);
        },
        onNewLeader: (id) => logger.info({ leader: id }, 'leader observed'),
      },
    },
    logger,
  );
  leader.set({ name: flags.leaseName }, 0);
  await elector.run();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
