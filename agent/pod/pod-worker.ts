// One worker per pod serializes everything that happens to it: a loop that
// coalesces triggers into syncs, and a phase that says what a sync does:
// drive the containers toward the spec, stop and remove them, or nothing.
import type { Pod } from '../../api/types/index.js';
import { ORPHAN_GRACE_PERIOD_SECONDS } from '../timing.js';
import { ContainerLifecycle } from './container-lifecycle.js';
import { podNeedsSync } from './pod-changes.js';
import type { PodContext, PodWorkerPhase } from './pod-context.js';
import { PodLoop } from './pod-loop.js';
import { PodProbes } from './pod-probes.js';
import { PodStatusWriter } from './pod-status-writer.js';
import { PodSyncer } from './pod-syncer.js';
import { shortenStop, terminate } from './pod-termination.js';
import type { PodWorkerDeps } from './worker-deps.js';

export class PodWorker {
  readonly uid: string;
  private phaseState: PodWorkerPhase = { kind: 'sync' };
  private readonly ctx: PodContext;
  private readonly loop: PodLoop;
  private readonly syncer: PodSyncer;

  constructor(
    pod: Pod,
    deps: PodWorkerDeps,
    private readonly onFinished: (uid: string) => void,
  ) {
    this.uid = pod.metadata.uid ?? '';
    const logger = deps.logger.child({ ns: pod.metadata.namespace, pod: pod.metadata.name });
    this.loop = new PodLoop({ clock: deps.clock, logger, sync: () => this.syncOnce() });
    const record = { pod, podIP: '' };
    const lifecycle = new ContainerLifecycle(deps);
    const probes = new PodProbes({
      probeFailed: (message) => deps.events.event(record.pod, 'Warning', 'Unhealthy', message),
      requestSync: () => this.requestSync(),
      podGraceSeconds: () => lifecycle.graceSeconds(record.pod),
      clock: deps.clock,
    });
    this.ctx = {
      uid: this.uid,
      deps,
      logger,
      record,
      lifecycle,
      probes,
      status: new PodStatusWriter(this.uid, deps, record, probes),
      wakeIn: (ms) => this.loop.wakeIn(ms),
    };
    this.syncer = new PodSyncer(this.ctx);
  }

  get current(): Pod {
    return this.ctx.record.pod;
  }

  get phase(): PodWorkerPhase {
    return this.phaseState;
  }

  update(pod: Pod): void {
    const before = this.ctx.record.pod;
    this.ctx.record.pod = pod;
    if (pod.metadata.deletionTimestamp) {
      const phase = this.phaseState;
      if (phase.kind === 'sync') this.phaseState = { kind: 'terminating', apiObjectGone: false };
      // A second delete may shorten the grace period while the containers are stopping.
      else if (phase.kind === 'terminating') this.phaseState = shortenStop(this.ctx, phase, this.ctx.lifecycle.graceSeconds(pod));
    }
    if (podNeedsSync(before, pod)) this.requestSync();
  }

  /** The pod is gone from the API: stop everything and clean up. */
  podGone(): void {
    const phase = this.phaseState;
    if (phase.kind === 'terminated') return;
    const terminating = phase.kind === 'terminating' ? { ...phase, apiObjectGone: true } : { kind: 'terminating' as const, apiObjectGone: true };
    // Force-deleted while stopping: nobody waits for the rest of the grace period.
    this.phaseState = shortenStop(this.ctx, terminating, ORPHAN_GRACE_PERIOD_SECONDS);
    this.requestSync();
  }

  /** Stops probes and timers, leaving the containers running (agent shutdown). */
  shutdown(): void {
    this.loop.stop();
    this.ctx.probes.close();
  }

  /** Resolves when no sync is running. */
  whenIdle(): Promise<void> {
    return this.loop.whenIdle();
  }

  requestSync(): void {
    this.loop.request();
  }

  private async syncOnce(): Promise<void> {
    // A pod adopted mid-deletion, or whose status write came back deleted, terminates too.
    if (this.phaseState.kind === 'sync' && this.ctx.record.pod.metadata.deletionTimestamp) this.phaseState = { kind: 'terminating', apiObjectGone: false };
    const phase = this.phaseState;
    if (phase.kind === 'sync') return this.syncer.sync();
    if (phase.kind === 'terminated') return;
    await terminate(this.ctx, {
      phase: () => (this.phaseState.kind === 'terminating' ? this.phaseState : phase),
      setPhase: (next) => {
        if (this.phaseState.kind === 'terminating') this.phaseState = next;
      },
    });
    this.phaseState = { kind: 'terminated' };
    this.shutdown();
    this.onFinished(this.uid);
  }
}
