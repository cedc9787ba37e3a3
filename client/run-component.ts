// The life of a control-plane process (scheduler, controller-manager): informers
// always, the component's work only while holding its Lease (or always with
// --leader-elect=false), and a clean shutdown on SIGTERM / SIGINT.
import type { Gauge } from 'prom-client';
import type { ApiClient } from './api-client.js';
import type { ComponentFlags } from './component-flags.js';
import type { EventRecorder } from './event-recorder.js';
import type { HealthServer } from './health-server.js';
import type { SharedInformerFactory } from './informer-factory.js';
import { boundHeapGrowth } from './heap-growth.js';
import { systemClock } from './clock.js';
import { startQuietHeapCollection } from './quiet-heap-collection.js';
import { LeaderElector } from './leader-election.js';
import type { Logger } from './logger.js';
import { exitOnShutdownSignal } from './shutdown-signals.js';

/** How long startup waits for the first list of every informer. */
export const INFORMER_SYNC_TIMEOUT_MS = 120_000;

export interface Component {
  flags: ComponentFlags;
  logger: Logger;
  client: ApiClient;
  recorder: EventRecorder;
  factory: SharedInformerFactory;
  health: HealthServer;
  /** leader_election_master_status, labelled by Lease name. */
  leaderGauge: Gauge<'name'>;
  /** Logged on taking the Lease, e.g. "leading: scheduling starts". */
  leadingMessage: string;
  /** Runs the component's work until `signal` aborts. */
  run(signal: AbortSignal): Promise<unknown>;
  /** Called after the informers start, before waiting for their sync. */
  start?(): void;
  /** Extra fields for the "caches synced" line. */
  syncedFields?(): Record<string, unknown>;
  /** Ends the component's work at shutdown, after the Lease is released. */
  stop(): Promise<void>;
}

/** Runs `component` until a signal stops it (exit 0) or it loses its Lease (exit 1). */
export async function runComponent(component: Component): Promise<void> {
  const { flags, logger, client, recorder, factory, health, leaderGauge } = component;
  const loop = new AbortController();
  let elector: LeaderElector | undefined;
  const shutdown = exitOnShutdownSignal(logger, { stopping: 'shutting down', failed: 'shutdown failed' }, async () => {
    loop.abort();
    await elector?.stop();
    await component.stop();
    await recorder.flush();
    await factory.stop();
    await health.close();
    client.close();
  });

  factory.start();
  component.start?.();
  await factory.waitForSync(INFORMER_SYNC_TIMEOUT_MS);
  logger.info(component.syncedFields?.() ?? {}, 'caches synced');

  if (!flags.leaderElect) {
    await component.run(loop.signal);
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
          leaderGauge.set({ name: flags.leaseName }, 1);
          logger.info(component.leadingMessage);
          return component.run(AbortSignal.any([signal, loop.signal]));
        },
        onStoppedLeading: () => {
          leaderGauge.set({ name: flags.leaseName }, 0);
          if (shutdown.requested) return;
          // As kube-scheduler and kube-controller-manager: a process that lost the lease exits and starts clean.
          logger.fatal('leader election lost');
          process.exit(1);
        },
        onNewLeader: (id) => logger.info({ leader: id }, 'leader observed'),
      },
    },
    logger,
  );
  leaderGauge.set({ name: flags.leaseName }, 0);
  await elector.run();
}

/**
 * Runs a process's main with its heap growth bounded (heap-growth.ts) and its heap
 * collected once quiet (quiet-heap-collection.ts), printing what makes it fail and exiting 1.
 */
export function runMain(main: () => Promise<void>): void {
  boundHeapGrowth();
  startQuietHeapCollection(systemClock);
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
