// The scheduler process: informers always, the scheduling loop only while
// holding the Lease (or always with --leader-elect=false).
import { ApiClient } from '../client/api-client.js';
import { EventRecorder } from '../client/event-recorder.js';
import { startHealthServer } from '../client/health-server.js';
import { SharedInformerFactory } from '../client/informer-factory.js';
import { LeaderElector } from '../client/leader-election.js';
import { createLogger } from '../client/logger.js';
import { ClientSchedulerApi } from './api-client-adapter.js';
import { Framework } from './framework/framework.js';
import { wireInformers } from './informer-wiring.js';
import { SchedulerMetrics } from './metrics.js';
import { parseFlags } from './options.js';
import { defaultFilterPlugins, defaultScorePlugins } from './plugins/default-plugins.js';
import { Scheduler } from './scheduler.js';

/** How long startup waits for the first list of pods and nodes. */
const INFORMER_SYNC_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const logger = createLogger('scheduler');
  const client = new ApiClient(flags.apiserver);
  const recorder = new EventRecorder(client, { component: flags.schedulerName, host: flags.identity }, logger);
  const metrics = new SchedulerMetrics(undefined, true);
  const scheduler = new Scheduler({
    api: new ClientSchedulerApi(client, recorder, logger),
    logger,
    schedulerName: flags.schedulerName,
    metrics,
    framework: new Framework({
      filters: defaultFilterPlugins(),
      scorers: defaultScorePlugins(),
      percentageOfNodesToScore: flags.percentageOfNodesToScore,
    }),
  });
  const factory = new SharedInformerFactory(client, logger);
  wireInformers(factory, scheduler);
  const health = await startHealthServer(flags.healthPort, metrics.registry, () => true, flags.healthAddress);
  logger.info({ apiserver: flags.apiserver, healthPort: health.port, identity: flags.identity, schedulerName: flags.schedulerName }, 'starting');

  const loop = new AbortController();
  let shuttingDown = false;
  let elector: LeaderElector | undefined;

  const shutdown = async (signal: string): Promise<void> => {
    if (shuttingDown) return;
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    loop.abort();
    await elector?.stop();
    scheduler.stop();
    await scheduler.idle();
    await recorder.flush();
    await factory.stop();
    await health.close();
    client.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  factory.start();
  scheduler.start();
  await factory.waitForSync(INFORMER_SYNC_TIMEOUT_MS);
  logger.info({ nodes: scheduler.cache.nodeCount() }, 'caches synced');

  if (!flags.leaderElect) {
    await scheduler.run(loop.signal);
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
          metrics.leader.set({ name: flags.leaseName }, 1);
          logger.info('leading: scheduling starts');
          return scheduler.run(AbortSignal.any([signal, loop.signal]));
        },
        onStoppedLeading: () => {
          metrics.leader.set({ name: flags.leaseName }, 0);
          if (shuttingDown) return;
          // As kube-scheduler: a scheduler that lost the lease exits and starts clean.
          logger.fatal('leader election lost');
          process.exit(1);
        },
        onNewLeader: (id) => logger.info({ leader: id }, 'leader observed'),
      },
    },
    logger,
  );
  metrics.leader.set({ name: flags.leaseName }, 0);
  await elector.run();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
