// One node as the scheduler sees it: the Node object plus the pods bound or
// assumed to it and what they add up to. Owned and changed only by the cache.
import type { Node, Taint } from '../../api/types/index.js';
import { hasPodAffinityTerms, WILDCARD_IP, type HostPort, type PodInfo } from './pod-info.js';
import { addInto, emptyResources, parsePodCount, parseResourceList, type Resources } from './resources.js';
import { nodeReadyCondition } from '../../api/ready-conditions.js';
import { zoneKey } from './zone-key.js';

export class NodeInfo {
  readonly name: string;
  node: Node | undefined;
  readonly pods = new Map<string, PodInfo>();
  readonly requested: Resources = emptyResources();
  readonly nonZeroRequested = { milliCpu: 0, memory: 0 };
  allocatable: Resources = emptyResources();
  allowedPodNumber = 0;
  /** Status of the Ready condition; undefined when the node reports none. */
  readyStatus: string | undefined;
  /** NoSchedule and NoExecute taints (filtering). */
  hardTaints: readonly Taint[] = [];
  /** PreferNoSchedule taints (scoring). */
  softTaints: readonly Taint[] = [];
  /** Region and zone labels together ('' for neither), for spreading. */
  zoneKey = '';
  /** spec.unschedulable (cordoned). */
  unschedulable = false;
  /** Pods here per controlling owner uid (spreading). */
  readonly ownerCounts = new Map<string, number>();
  /** Pods here with required anti-affinity terms (they may repel newcomers). */
  podsWithAntiAffinity = 0;
  /** Pods here with any pod (anti-)affinity term (they may attract or repel, for scoring). */
  podsWithAffinity = 0;
  /** `protocol/port` -> host IPs in use. */
  private readonly usedPorts = new Map<string, Map<string, number>>();

  constructor(name: string, node?: Node) {
    this.name = name;
    if (node) this.setNode(node);
  }

  setNode(node: Node): void {
    this.node = node;
    // Kubernetes defaults allocatable to capacity when a node reports none.
    const list = node.status?.allocatable ?? node.status?.capacity;
    this.allocatable = parseResourceList(list);
    this.allowedPodNumber = parsePodCount(list);
    this.readyStatus = nodeReadyCondition(node)?.status;
    this.zoneKey = zoneKey(node);
    this.unschedulable = node.spec?.unschedulable === true;
    const taints = node.spec?.taints ?? [];
    this.hardTaints = taints.filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
    this.softTaints = taints.filter((t) => t.effect === 'PreferNoSchedule');
  }

  addPod(info: PodInfo): void {
    this.pods.set(info.key, info);
    this.account(info, 1);
  }

  removePod(key: string): PodInfo | undefined {
    const info = this.pods.get(key);
    if (!info) return undefined;
    this.pods.delete(key);
    this.account(info, -1);
    return info;
  }

  /** True when `port` clashes with a host port already in use here. */
  portInUse(port: HostPort): boolean {
    const ips = this.usedPorts.get(`${port.protocol}/${port.port}`);
    if (!ips || ips.size === 0) return false;
    if (port.ip === WILDCARD_IP) return true;
    return ips.has(WILDCARD_IP) || ips.has(port.ip);
  }

  private account(info: PodInfo, sign: 1 | -1): void {
    addInto(this.requested, info.requests, sign);
    this.nonZeroRequested.milliCpu += sign * info.nonZeroRequests.milliCpu;
    this.nonZeroRequested.memory += sign * info.nonZeroRequests.memory;
    if (info.requiredAntiAffinityTerms.length > 0) this.podsWithAntiAffinity += sign;
    if (hasPodAffinityTerms(info)) this.podsWithAffinity += sign;
    if (info.ownerUid) {
      const count = (this.ownerCounts.get(info.ownerUid) ?? 0) + sign;
      if (count > 0) this.ownerCounts.set(info.ownerUid, count);
      else this.ownerCounts.delete(info.ownerUid);
    }
    for (const p of info.hostPorts) {
      const id = `${p.protocol}/${p.port}`;
      let ips = this.usedPorts.get(id);
      if (!ips) this.usedPorts.set(id, (ips = new Map()));
      const next = (ips.get(p.ip) ?? 0) + sign;
      if (next <= 0) ips.delete(p.ip);
      else ips.set(p.ip, next);
      if (ips.size === 0) this.usedPorts.delete(id);
    }
  }
}
