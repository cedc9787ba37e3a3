// The claims a pod uses: its persistentVolumeClaim volumes (read defensively,
// the field is whatever the pod was stored with) in the pod's own namespace.
import type { Pod } from '../types/index.js';

function claimNameOf(source: unknown): string | undefined {
  if (typeof source !== 'object' || source === null) return undefined;
  const name = (source as { claimName?: unknown }).claimName;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** The names of the claims the pod's volumes refer to, each once. */
export function podClaimNames(pod: Pod): string[] {
  const names = new Set<string>();
  for (const volume of pod.spec?.volumes ?? []) {
    const name = claimNameOf(volume.persistentVolumeClaim);
    if (name) names.add(name);
  }
  return [...names];
}

/** A pod that has not finished still needs its claims; a Succeeded or Failed one does not. */
export function podIsTerminated(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** The pod is running or may run, in the claim's namespace, with a volume of that claim. */
export function podUsesClaim(pod: Pod, namespace: string, claimName: string): boolean {
  return (pod.metadata.namespace ?? '') === namespace && !podIsTerminated(pod) && podClaimNames(pod).includes(claimName);
}
