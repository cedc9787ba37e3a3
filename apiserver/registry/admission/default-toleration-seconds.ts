// Kubernetes' DefaultTolerationSeconds admission on pod create and update:
// a pod that does not already tolerate the not-ready or unreachable NoExecute
// taint gets a toleration for it that runs out after the configured seconds,
// so a brief node outage does not evict every pod on the node at once. A pod
// that has its own toleration for the taint (or one for every key or every
// effect) keeps exactly what it asked for.
import type { KubeObject } from '../../../api/types/index.js';
import { NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY } from '../../../api/scheduling/node-condition-taints.js';
import { arrayOf, isAbsent, isRecord, type JsonRecord } from '../../../api/validation/values.js';
import type { DefaultTolerationSeconds, RegistryContext } from '../context.js';

/**
 * As upstream: an empty key or effect matches, and the operator is not looked
 * at, so any toleration that could cover the taint counts.
 */
function covers(toleration: JsonRecord, taintKey: string): boolean {
  return (toleration.key === taintKey || !toleration.key) && (toleration.effect === 'NoExecute' || !toleration.effect);
}

/** Appends the missing default tolerations to `pod`'s spec (mutated in place). */
export function addDefaultTolerations(pod: KubeObject, seconds: DefaultTolerationSeconds): void {
  if (!isRecord(pod.spec)) return;
  const spec = pod.spec;
  // Tolerations of the wrong type are left for validation to report, not replaced.
  if (!isAbsent(spec.tolerations) && !Array.isArray(spec.tolerations)) return;
  const present = arrayOf(spec.tolerations).filter(isRecord);
  const wanted: [string, number][] = [[NOT_READY_TAINT_KEY, seconds.notReady], [UNREACHABLE_TAINT_KEY, seconds.unreachable]];
  const added = wanted
    .filter(([key]) => !present.some((t) => covers(t, key)))
    .map(([key, tolerationSeconds]) => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds }));
  if (added.length > 0) spec.tolerations = [...arrayOf(spec.tolerations), ...added];
}

/** The plugin: off when the context carries no seconds (the plugin is disabled). */
export function admitDefaultTolerationSeconds(ctx: RegistryContext, pod: KubeObject): void {
  if (ctx.defaultTolerationSeconds) addDefaultTolerations(pod, ctx.defaultTolerationSeconds);
}
