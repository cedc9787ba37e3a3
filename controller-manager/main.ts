// The controller-manager process: informers always, controllers only while
// holding the Lease (or always with --leader-elect=false).
import { setMaxListeners } from 'node:events';
import { Registry, collectDefaultMetrics, Gauge } from 'prom-client';
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
import type { Controller, ControllerContext } from './common/controller-context.js';
import { CaSigner } from './certificates/ca-signer.js';
import { CONTROLLERS, KNOWN_CONTROLLERS, type LoadedFiles } from './controllers.js';
import { isControllerEnabled, parseFlags } from './options.js';

/**
 * Every controller listens on the one leadership signal (its queue, and a
 * timer for some), so past ten controllers Node's leak warning would fire for
 * listeners that are expected; the bound grows with the controllers instead.
 */
const SIGNAL_LISTENERS_PER_CONTROLLER = 2;

async function main(): Promise<void> {
  const flags = parseOrExit(parseFlags);
  const logger = createLogger('controller-manager');
  installProcessGuard(logger);
  for (const name of flags.controllers) {
    const bare = name.replace(/^-/, '');
    if (bare !== '*' && !KNOWN_CONTROLLERS.includes(bare)) {
      throw new Error(`unknown controller "${bare}" in --controllers (known: ${KNOWN_CONTROLLERS.join(', ')})`);
    }
  }
  const client = new ApiClient(flags.apiserver, 'controller-manager', flags.credentials);
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const leaderGauge = new Gauge({ name: 'leader_election_master_status', help: '1 while this process leads', labelNames: ['name'], registers: [registry] });
  const clock = systemClock;
  const recorder = new EventRecorder(client, { component: 'controller-manager', host: flags.identity }, logger, () => clock.now());
  const factory = new SharedInformerFactory(client, logger, { transform: stripManagedFields });
  const ctx: ControllerContext = { client, factory, recorder, logger, registry, clock };
  const signing = flags.clusterSigningCertFile && flags.clusterSigningKeyFile;
  const loaded: LoadedFiles = signing ? { signer: await CaSigner.load(flags.clusterSigningCertFile, flags.clusterSigningKeyFile, flags.clusterSigningDurationMs) } : {};
  const running: { controller: Controller; workers: number }[] = [];
  const controllerRecorders: EventRecorder[] = [];
  for (const entry of CONTROLLERS) {
    if (!isControllerEnabled(entry.name, flags.controllers) || entry.configured?.(flags) === false) continue;
    const own = new EventRecorder(client, { component: entry.eventSource, host: flags.identity }, logger, () => clock.now());
    controllerRecorders.push(own);
    running.push(entry.build({ ...ctx, recorder: own }, flags, loaded));
  }
  const health = await startHealthServer(flags.healthPort, registry, () => true, flags.healthAddress, {}, await loadServingTls(flags.servingTls));
  logger.info({ apiserver: flags.apiserver, healthPort: health.port, identity: flags.identity, controllers: running.map((r) => r.controller.name) }, 'starting');

  let work: Promise<unknown> = Promise.resolve();
  await runComponent({
    flags,
    logger,
    client,
    recorder,
    factory,
    health,
    leaderGauge,
    leadingMessage: 'leading: controllers start',
    run: (signal) => {
      setMaxListeners(running.length * SIGNAL_LISTENERS_PER_CONTROLLER, signal);
      work = Promise.all(running.map(({ controller, workers }) => controller.run(workers, signal)));
      return work;
    },
    stop: async () => {
      await work;
      await Promise.all(controllerRecorders.map((r) => r.flush()));
    },
  });
}

runMain(main);
