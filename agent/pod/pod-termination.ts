// Stopping a pod: every running container within a grace period (preStop
// first), the sandbox last; and graceful deletion: stop, remove everything,
// then the pod object.
import { isApiError } from '../../api/errors.js';
import type { Pod } from '../../api/types/index.js';
import { resources } from '../../api/resources.js';
import { ORPHAN_GRACE_PERIOD_SECONDS } from '../timing.js';
import { groupPodContainers, type PodContainers } from './pod-containers.js';
import type { PodContext, PodWorkerPhase } from './pod-context.js';
import { tearDownPodDir } from './volumes.js';

const MS_PER_SECOND = 1000;

type Terminating = Extract<PodWorkerPhase, { kind: 'terminating' }>;

/** Stops the pod's running containers within `graceSeconds`, then its sandbox. */
export async function stopAll(ctx: PodContext, pod: Pod, containers: PodContainers, graceSeconds: number): Promise<void> {
  ctx.probes.stopAll();
  const running = [...containers.byName.values()].flat().filter((c) => c.state === 'running');
  await Promise.all(
    running.map((c) => {
      const spec = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].find((s) => s.name === c.containerName);
      return ctx.lifecycle.kill(pod, spec, c.id, ctx.record.podIP, graceSeconds, graceSeconds > 0 ? `Stopping container ${c.containerName}` : '');
    }),
  );
  for (const s of containers.sandboxes) if (s.state === 'running') await ctx.deps.runtime.stop(s.id, 0);
}

/** The grace period a termination uses: the pod's own, or the orphan's when the object vanished without a graceful delete. */
export function terminationGraceSeconds(ctx: PodContext, phase: Terminating): number {
  const latest = ctx.record.pod;
  return phase.apiObjectGone && !latest.metadata.deletionTimestamp ? ORPHAN_GRACE_PERIOD_SECONDS : ctx.lifecycle.graceSeconds(latest);
}

/**
 * A stop in progress waits for its own grace period; when a shorter one comes
 * in, the running containers are stopped again with what is left of it.
 * Answers the phase with the new deadline.
 */
export function shortenStop(ctx: PodContext, phase: Terminating, graceSeconds: number): Terminating {
  if (phase.stopDeadlineMs === undefined) return phase;
  const deadline = ctx.deps.clock.now() + graceSeconds * MS_PER_SECOND;
  if (deadline >= phase.stopDeadlineMs) return phase;
  void ctx.deps.runtime
    .podContainers(ctx.uid)
    .then((containers) => Promise.all(containers.filter((c) => c.kind !== 'sandbox' && c.state === 'running').map((c) => ctx.deps.runtime.stop(c.id, graceSeconds))))
    .catch((err: unknown) => ctx.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'shortening the grace period failed'));
  return { ...phase, stopDeadlineMs: deadline };
}

export interface TerminationSteps {
  /** The phase now: a delete or a vanished object may come in while containers stop. */
  phase(): Terminating;
  setPhase(phase: Terminating): void;
}

/** Graceful deletion: stop within the grace period, remove everything, then the pod object. */
export async function terminate(ctx: PodContext, steps: TerminationSteps): Promise<void> {
  const pod = ctx.record.pod;
  const containers = groupPodContainers(await ctx.deps.runtime.podContainers(ctx.uid));
  const phase = steps.phase();
  const grace = terminationGraceSeconds(ctx, phase);
  const deadline = Math.min(phase.stopDeadlineMs ?? Infinity, ctx.deps.clock.now() + grace * MS_PER_SECOND);
  steps.setPhase({ ...phase, stopDeadlineMs: deadline });
  await stopAll(ctx, pod, containers, grace);
  for (const c of [...containers.byName.values()].flat()) await ctx.deps.runtime.remove(c.id);
  for (const s of containers.sandboxes) await ctx.deps.runtime.removeSandbox(s.id, ctx.deps.network);
  await tearDownPodDir(ctx.deps.stateDir, ctx.uid);
  if (!steps.phase().apiObjectGone) {
    try {
      await ctx.deps.client.delete(resources.pods, pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', {
        gracePeriodSeconds: 0,
        preconditions: { uid: ctx.uid },
      });
    } catch (err) {
      if (!isApiError(err, 'NotFound') && !isApiError(err, 'Conflict')) throw err;
    }
  }
  ctx.logger.info('pod stopped and removed');
}
