// Node health as the node lifecycle controller judges it: the last sign of
// life is a change in the node's Lease renewTime or its Ready heartbeat, timed
// by our own clock (so clock skew between hosts does not matter).
import type { Lease, Node, NodeCondition, Taint } from '../../api/types/index.js';
import { nodeReadyCondition as readyCondition } from '../../api/ready-conditions.js';
import { NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY } from '../../api/scheduling/node-condition-taints.js';

export { readyCondition, NOT_READY_TAINT_KEY, UNREACHABLE_TAINT_KEY };

/** The conditions the agent reports; all turn Unknown when it goes silent. */
export const REPORTED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

interface Probe {
  signature: string;
  observedAt: number;
}

export class NodeHealth {
  private readonly probes = new Map<string, Probe>();

  /** Records what we see now; answers ms since the node last showed a sign of life. */
  silenceMs(node: Node, lease: Lease | undefined, nowMs: number): number {
    const name = node.metadata.name ?? '';
    const ready = readyCondition(node);
    const signature = `${lease?.spec?.renewTime ?? ''}|${ready?.lastHeartbeatTime ?? ''}|${ready?.status ?? ''}`;
    const probe = this.probes.get(name);
    if (!probe || probe.signature !== signature) {
      this.probes.set(name, { signature, observedAt: nowMs });
      return 0;
    }
    return nowMs - probe.observedAt;
  }

  forget(name: string): void {
    this.probes.delete(name);
  }
}


/** The node's conditions with every reported one set to Unknown (a copy). */
export function unknownConditions(node: Node, nowMs: number): NodeCondition[] {
  const now = new Date(nowMs).toISOString();
  const existing = node.status?.conditions ?? [];
  const out: NodeCondition[] = existing.map((c) => {
    if (!REPORTED_CONDITIONS.includes(c.type) || c.status === 'Unknown') return { ...c };
    return { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: now };
  });
  if (!out.some((c) => c.type === 'Ready')) {
    out.push({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastTransitionTime: now, lastHeartbeatTime: now });
  }
  return out;
}

/** The node-condition taints the Ready status calls for (NoSchedule and NoExecute). */
export function wantedConditionTaints(node: Node, nowMs: number): Taint[] {
  const status = readyCondition(node)?.status;
  const key = status === 'Unknown' ? UNREACHABLE_TAINT_KEY : status === 'False' ? NOT_READY_TAINT_KEY : undefined;
  if (!key) return [];
  const existing = node.spec?.taints ?? [];
  const keep = (effect: Taint['effect']): Taint => existing.find((t) => t.key === key && t.effect === effect) ?? { key, effect, timeAdded: new Date(nowMs).toISOString() };
  return [keep('NoSchedule'), keep('NoExecute')];
}

/** The node's taints with the condition taints replaced by `wanted`; undefined when nothing changes. */
export function reconcileTaints(node: Node, wanted: readonly Taint[]): Taint[] | undefined {
  const existing = node.spec?.taints ?? [];
  const managed = (t: Taint): boolean => t.key === UNREACHABLE_TAINT_KEY || t.key === NOT_READY_TAINT_KEY;
  const next = [...existing.filter((t) => !managed(t)), ...wanted];
  const same = (a: readonly Taint[], b: readonly Taint[]): boolean =>
    a.length === b.length && a.every((t) => b.some((u) => u.key === t.key && u.effect === t.effect && u.value === t.value));
  return same(existing, next) ? undefined : next;
}
