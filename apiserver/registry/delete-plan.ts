// Decides what a delete does to one stored object: remove it now, mark it
// (graceful pod termination, finalizers, namespace termination), or nothing.
import { badRequest } from '../../api/errors.js';
import { isResource, resources, type ResourceInfo } from '../../api/resources.js';
import type { DeleteOptions, KubeObject } from '../../api/types/index.js';
import { rfc3339 } from './object-meta.js';

export const ORPHAN_FINALIZER = 'orphan';
export const FOREGROUND_FINALIZER = 'foregroundDeletion';
/** A pod's grace period when neither the request nor the pod names one. */
export const DEFAULT_POD_GRACE_SECONDS = 30;

const PROPAGATION_POLICIES = new Set(['Orphan', 'Background', 'Foreground']);

export type DeletePlan = { action: 'remove' } | { action: 'mark'; object: KubeObject } | { action: 'none' };

export function parseDeleteOptions(json: string): DeleteOptions {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw badRequest(`the delete options are not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the delete options must be a JSON object');
  const options = value as DeleteOptions;
  if (options.propagationPolicy !== undefined && !PROPAGATION_POLICIES.has(options.propagationPolicy)) {
    throw badRequest(`unsupported propagationPolicy "${String(options.propagationPolicy)}": use Orphan, Background or Foreground`);
  }
  const grace = options.gracePeriodSeconds;
  if (grace !== undefined && (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 0)) {
    throw badRequest(`gracePeriodSeconds must be a non-negative integer, got ${JSON.stringify(grace)}`);
  }
  return options;
}

/** The finalizers after applying the propagation policy, as the garbage collector expects them. */
export function finalizersForPolicy(current: string[], policy: DeleteOptions['propagationPolicy']): string[] {
  const without = (f: string): string[] => current.filter((x) => x !== f);
  switch (policy) {
    case 'Orphan':
      return addOnce(without(FOREGROUND_FINALIZER), ORPHAN_FINALIZER);
    case 'Foreground':
      return addOnce(without(ORPHAN_FINALIZER), FOREGROUND_FINALIZER);
    case 'Background':
      return current.filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
    default:
      return [...current];
  }
}

function addOnce(list: string[], item: string): string[] {
  return list.includes(item) ? list : [...list, item];
}

/** Seconds a pod gets to stop; 0 when it can go at once (not on a node, or already finished). */
export function podGraceSeconds(pod: KubeObject, options: DeleteOptions): number {
  const spec = (pod.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
  return options.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? DEFAULT_POD_GRACE_SECONDS;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function setFinalizers(obj: KubeObject, finalizers: string[]): void {
  if (finalizers.length > 0) obj.metadata.finalizers = finalizers;
  else delete obj.metadata.finalizers;
}

export function planDelete(info: ResourceInfo, stored: KubeObject, options: DeleteOptions, nowMs: number): DeletePlan {
  const next = structuredClone(stored);
  delete next.metadata.resourceVersion;
  const before = stored.metadata.finalizers ?? [];
  const finalizers = finalizersForPolicy(before, options.propagationPolicy);
  const finalizersChanged = !sameList(before, finalizers);
  setFinalizers(next, finalizers);

  if (isResource(info, resources.namespaces)) return planNamespaceDelete(next, stored, finalizersChanged, nowMs);

  const grace = isResource(info, resources.pods) ? podGraceSeconds(stored, options) : 0;
  const meta = next.metadata;
  if (meta.deletionTimestamp) {
    const currentGrace = meta.deletionGracePeriodSeconds ?? 0;
    const shortened = grace < currentGrace;
    if (shortened) {
      const deadline = Math.min(Date.parse(meta.deletionTimestamp), nowMs + grace * 1000);
      meta.deletionTimestamp = rfc3339(deadline);
      meta.deletionGracePeriodSeconds = grace;
    }
    if (finalizers.length === 0 && (meta.deletionGracePeriodSeconds ?? 0) === 0) return { action: 'remove' };
    return shortened || finalizersChanged ? { action: 'mark', object: next } : { action: 'none' };
  }
  if (grace > 0) {
    meta.deletionTimestamp = rfc3339(nowMs + grace * 1000);
    meta.deletionGracePeriodSeconds = grace;
    return { action: 'mark', object: next };
  }
  if (finalizers.length > 0) {
    meta.deletionTimestamp = rfc3339(nowMs);
    meta.deletionGracePeriodSeconds = 0;
    return { action: 'mark', object: next };
  }
  return { action: 'remove' };
}

/** A namespace is never removed by the delete call: it turns Terminating and the namespace loop removes it once empty. */
function planNamespaceDelete(next: KubeObject, stored: KubeObject, finalizersChanged: boolean, nowMs: number): DeletePlan {
  const status = { ...((stored.status as Record<string, unknown> | undefined) ?? {}) };
  const alreadyTerminating = Boolean(stored.metadata.deletionTimestamp) && status.phase === 'Terminating';
  if (alreadyTerminating && !finalizersChanged) return { action: 'none' };
  next.metadata.deletionTimestamp ??= rfc3339(nowMs);
  next.metadata.deletionGracePeriodSeconds = 0;
  next.status = { ...status, phase: 'Terminating' };
  return { action: 'mark', object: next };
}
