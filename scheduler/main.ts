// The scheduler process: informers always, the scheduling loop only while
// holding the Lease (or always with --leader-elect=false).
import { ApiClient } from '../client/api-client.js';
import { parseOrExit } from '../client/command-line.js';
import { systemClock } from '../client/clock.js';
import { EventRecorder } from '../client/event-recorder.js';
import { startHealthServer } from '../client/health-server.js';
import { loadServingTls } from '../client/serving-tls.js';
import { SharedInformerFactory } from '../client/informer-factory.js';
import { stripManagedFields } from '../client/strip-managed-fields.js';
import { createLogger } from '../client/logger.js';
import { installProcessGuard } from '../client/process-guard.js';
import { runComponent, runMain } from '../client/run-component.js';
import { ClientSchedulerApi } from './api-client-adapter.js';
import { Framework } from './framework/framework.js';
import { volumeInformers, volumeListers, wireInformers, wireVolumeInformers } from './informer-wiring.js';
import { SchedulerMetrics } from './metrics.js';
import { parseFlags } from './options.js';
import { defaultFilterPlugins, defaultScorePlugins } from './plugins/default-plugins.js';
import { VolumeBinding } from './plugins/volume-binding.js';
import { Scheduler } from './scheduler.js';

async function main(): Promise<void> {
  const flags = parseOrExit(parseFlags);
  const logger = createLogger('scheduler');
  installProcessGuard(logger);
  const client = new ApiClient(flags.apiserver, 'scheduler', flags.credentials);
  const clock = systemClock;
  const recorder = new EventRecorder(client, { component: flags.schedulerName, host: flags.identity }, logger, () => clock.now());
  const metrics = new SchedulerMetrics(undefined, true);
  const api = new ClientSchedulerApi(client, recorder, logger);
  const factory = new SharedInformerFactory(client, logger, { transform: stripManagedFields });
  const storage = volumeInformers(factory);
  const volumeBinding = new VolumeBinding({ listers: volumeListers(storage), api, clock });
  const scheduler = new Scheduler({
    api,
    logger,
    clock,
    schedulerName: flags.schedulerName,
    metrics,
    framework: new Framework({
      filters: defaultFilterPlugins(volumeBinding),
      scorers: defaultScorePlugins(),
      reservers: [volumeBinding],
      preBinders: [volumeBinding],
      percentageOfNodesToScore: flags.percentageOfNodesToScore,
    }),
  });
  wireInformers(factory, scheduler);
  wireVolumeInformers(storage, scheduler);
  const health = await startHealthServer(flags.healthPort, metrics.registry, () => true, flags.healthAddress, {}, await loadServingTls(flags.servingTls));
  logger.info({ apiserver: flags.apiserver, healthPort: health.port, identity: flags.identity, schedulerName: flags.schedulerName }, 'starting');

  await runComponent({
    flags,
    logger,
    client,
    recorder,
    factory,
    health,
    leaderGauge: metrics.leader,
    leadingMessage: 'leading: scheduling starts',
    start: () => scheduler.start(),
    syncedFields: () => ({ nodes: scheduler.cache.nodeCount() }),
    run: (signal) => scheduler.run(signal),
    stop: async () => {
      scheduler.stop();
      await scheduler.idle();
    },
  });
}

runMain(main);
