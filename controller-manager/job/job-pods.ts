// Facts about a Job's pods: their outcome as the Job counts it, their
// completion index, their finish time, and the pod a Job creates for an index.
import { JOB_COMPLETION_INDEX, JOB_COMPLETION_INDEX_ENV, JOB_TRACKING_FINALIZER } from '../../api/batch/labels.js';
import type { Container, Job, Pod } from '../../api/types/index.js';
import { podFromTemplate } from '../common/pod-template.js';

export type PodOutcome = 'succeeded' | 'failed' | 'active' | 'terminating';

export function hasTrackingFinalizer(pod: Pod): boolean {
  return (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
}

/**
 * How the Job sees a pod: Succeeded and Failed as the phase says; a pod being
 * deleted before it succeeded counts as failed at once (the Job replaces it,
 * as podReplacementPolicy TerminatingOrFailed does); otherwise active.
 */
export function podOutcome(pod: Pod, replaceTerminating: boolean): PodOutcome {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return 'succeeded';
  if (phase === 'Failed') return 'failed';
  if (pod.metadata.deletionTimestamp) return replaceTerminating ? 'failed' : 'terminating';
  return 'active';
}

/** The pod's completion index, or undefined when it has none or a malformed one. */
export function completionIndexOf(pod: Pod): number | undefined {
  const raw = pod.metadata.annotations?.[JOB_COMPLETION_INDEX] ?? pod.metadata.labels?.[JOB_COMPLETION_INDEX];
  if (raw === undefined || !/^\d+$/.test(raw)) return undefined;
  return Number(raw);
}

/** When the pod stopped: its last container's finish time, else its deletion time. */
export function finishTimeMs(pod: Pod): number | undefined {
  let latest: number | undefined;
  for (const c of pod.status?.containerStatuses ?? []) {
    const at = c.state?.terminated?.finishedAt ? Date.parse(c.state.terminated.finishedAt) : NaN;
    if (!Number.isNaN(at)) latest = latest === undefined ? at : Math.max(latest, at);
  }
  if (latest !== undefined) return latest;
  const deleted = pod.metadata.deletionTimestamp ? Date.parse(pod.metadata.deletionTimestamp) : NaN;
  return Number.isNaN(deleted) ? undefined : deleted;
}

/** Restarts of the pod's containers, which count against backoffLimit when pods restart OnFailure. */
export function restartCount(pod: Pod): number {
  return [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])].reduce((n, c) => n + (c.restartCount ?? 0), 0);
}

function withIndexEnv(container: Container): Container {
  const env = (container.env ?? []).filter((e) => e.name !== JOB_COMPLETION_INDEX_ENV);
  env.push({ name: JOB_COMPLETION_INDEX_ENV, valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX}']` } } });
  return { ...container, env };
}

/**
 * A new pod of the Job, carrying the tracking finalizer; for an Indexed Job
 * also its index (annotation, label, `JOB_COMPLETION_INDEX`) and the hostname
 * `<job>-<index>`, as the Job controller builds them.
 */
export function podForJob(job: Job, index: number | undefined): Pod {
  const name = job.metadata.name ?? '';
  const generateName = index === undefined ? `${name}-` : `${name}-${index}-`;
  const pod = podFromTemplate(job.spec.template, job, generateName);
  pod.metadata.finalizers = [...(pod.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER];
  if (index === undefined) return pod;
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [JOB_COMPLETION_INDEX]: String(index) };
  pod.spec.hostname ??= `${name}-${index}`;
  pod.spec.containers = pod.spec.containers.map(withIndexEnv);
  if (pod.spec.initContainers) pod.spec.initContainers = pod.spec.initContainers.map(withIndexEnv);
  return pod;
}
