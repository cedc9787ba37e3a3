// A pod's containers as Docker holds them, sorted for the pod worker: the
// sandboxes newest first, and each container's instances newest first; and
// the timing of one instance that the restart backoff reads.
import type { RuntimeContainer } from '../runtime/runtime-types.js';
import { byCodeUnits } from '../ordering.js';

export interface PodContainers {
  sandboxes: RuntimeContainer[];
  /** Instances by container name, newest first. */
  byName: Map<string, RuntimeContainer[]>;
}

export function groupPodContainers(containers: RuntimeContainer[]): PodContainers {
  const sandboxes = containers.filter((c) => c.kind === 'sandbox').sort((a, b) => byCodeUnits(b.createdAt, a.createdAt));
  const byName = new Map<string, RuntimeContainer[]>();
  for (const c of containers) {
    if (c.kind === 'sandbox') continue;
    byName.set(c.containerName, [...(byName.get(c.containerName) ?? []), c]);
  }
  for (const list of byName.values()) list.sort((a, b) => b.restartCount - a.restartCount || byCodeUnits(b.createdAt, a.createdAt));
  return { sandboxes, byName };
}

/** Every container id in the group: sandboxes and all instances. */
export function podContainerIds(containers: PodContainers): string[] {
  return [...containers.sandboxes, ...[...containers.byName.values()].flat()].map((c) => c.id);
}

/** How long a finished instance ran (0 when it never started). */
export function ranForMs(c: RuntimeContainer): number {
  if (!c.startedAt || !c.finishedAt) return 0;
  return Date.parse(c.finishedAt) - Date.parse(c.startedAt);
}

/** When an instance finished (its creation time when it never ran). */
export function finishedAtMs(c: RuntimeContainer): number {
  return Date.parse(c.finishedAt ?? c.createdAt);
}
