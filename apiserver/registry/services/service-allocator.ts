// ClusterIPs and NodePorts, one etcd key per allocated value
// (`<prefix>/ranges/serviceips/<ip>`, `<prefix>/ranges/servicenodeports/<port>`)
// holding the owning Service, claimed in the Service's own transaction: two
// apiservers on one etcd, or one restarted, can never hand a value out twice,
// and a create that fails leaves nothing behind. A key whose owner no longer
// holds the value (written by a path that bypassed this hook) counts as free,
// like the repair loop of kube-apiserver would find it.
import type { FieldError } from '../../../api/errors.js';
import { internalError, invalid } from '../../../api/errors.js';
import { isHeadless, needsClusterIp, needsNodePorts, CLUSTER_IP_NONE } from '../../../api/kinds/service-validation.js';
import { resources, type ResourceInfo } from '../../../api/resources.js';
import type { KubeObject } from '../../../api/types/index.js';
import { invalidGoValue, invalidValue } from '../../../api/validation/field-errors.js';
import { goStringSlice } from '../../../api/validation/go-format.js';
import { arrayOf, isRecord, recordOf, type JsonRecord } from '../../../api/validation/values.js';
import type { SideKeys } from '../../storage/object-store.js';
import type { RegistryContext } from '../context.js';
import { readObject } from '../stored-object.js';
import type { KindWriteHook, WriteHooks } from '../write-hooks.js';
import { ipAt, offsetOf, type IpRange } from './ip-range.js';
import { formatPortRange, type PortRange } from './port-range.js';

/** Random candidates tried before scanning the whole range for a free value. */
export const RANDOM_PICKS = 8;
/** Random ClusterIPs start here: offset 1 is the `kubernetes` Service's. */
const FIRST_DYNAMIC_IP_OFFSET = 2;

interface Holder {
  namespace: string;
  name: string;
  uid: string;
}

type KeyState = { free: true; modRevision: number } | { free: false };

export interface ServiceRanges {
  ips: IpRange;
  nodePorts: PortRange;
}

function portsOf(spec: JsonRecord): JsonRecord[] {
  return arrayOf(spec.ports).filter(isRecord);
}

/** The allocatable addresses a spec holds ("None" and an ExternalName hold none). */
function ipsOf(spec: JsonRecord): string[] {
  if (!needsClusterIp(spec) || isHeadless(spec)) return [];
  const ips = arrayOf(spec.clusterIPs).filter((ip): ip is string => typeof ip === 'string' && ip !== CLUSTER_IP_NONE);
  if (ips.length === 0 && typeof spec.clusterIP === 'string' && spec.clusterIP && spec.clusterIP !== CLUSTER_IP_NONE) return [spec.clusterIP];
  return ips;
}

function nodePortsOf(spec: JsonRecord): number[] {
  if (!needsNodePorts(spec)) return [];
  return [...new Set(portsOf(spec).map((p) => p.nodePort).filter((n): n is number => typeof n === 'number' && n > 0))];
}

/** The service range is IPv4 only: IPv6 families and required dual stack are refused as on a single-stack cluster. */
function familyErrors(spec: JsonRecord): FieldError[] {
  if (!needsClusterIp(spec)) return [];
  const errs: FieldError[] = [];
  arrayOf(spec.ipFamilies).forEach((family, i) => {
    if (family === 'IPv6') errs.push(invalidValue(`spec.ipFamilies[${i}]`, family, 'not configured on this cluster'));
  });
  if (spec.ipFamilyPolicy === 'RequireDualStack' && !isHeadless(spec)) {
    errs.push(invalidValue('spec.ipFamilyPolicy', spec.ipFamilyPolicy, 'this cluster is not configured for dual-stack services'));
  }
  return errs;
}

export class ServiceAllocator implements KindWriteHook {
  constructor(
    private readonly ranges: ServiceRanges,
    private readonly random: () => number = Math.random,
  ) {}

  ipKey(ctx: RegistryContext, ip: string): string {
    return `${ctx.keys.root}/ranges/serviceips/${ip}`;
  }

  nodePortKey(ctx: RegistryContext, port: number): string {
    return `${ctx.keys.root}/ranges/servicenodeports/${port}`;
  }

  async prepare(ctx: RegistryContext, next: KubeObject, old: KubeObject | undefined): Promise<SideKeys> {
    const spec = recordOf(next.spec);
    const before = old ? recordOf(old.spec) : {};
    const holder: Holder = { namespace: next.metadata.namespace ?? '', name: next.metadata.name ?? '', uid: next.metadata.uid ?? '' };
    const side: SideKeys = { claim: [], release: [] };
    const errs: FieldError[] = familyErrors(spec);
    await this.prepareIps(ctx, spec, ipsOf(before), holder, side, errs);
    await this.prepareNodePorts(ctx, spec, nodePortsOf(before), holder, side, errs);
    if (errs.length > 0) throw invalid('Service', '', holder.name, errs);
    for (const ip of ipsOf(before)) if (!ipsOf(spec).includes(ip)) side.release.push(this.ipKey(ctx, ip));
    for (const port of nodePortsOf(before)) if (!nodePortsOf(spec).includes(port)) side.release.push(this.nodePortKey(ctx, port));
    return side;
  }

  released(ctx: RegistryContext, old: KubeObject): SideKeys {
    const spec = recordOf(old.spec);
    return {
      claim: [],
      release: [...ipsOf(spec).map((ip) => this.ipKey(ctx, ip)), ...nodePortsOf(spec).map((p) => this.nodePortKey(ctx, p))],
    };
  }

  private async prepareIps(ctx: RegistryContext, spec: JsonRecord, held: string[], holder: Holder, side: SideKeys, errs: FieldError[]): Promise<void> {
    if (!needsClusterIp(spec) || isHeadless(spec)) return;
    const wanted = ipsOf(spec);
    if (wanted.length === 0) {
      const picked = await this.pickIp(ctx, holder);
      spec.clusterIP = picked.ip;
      spec.clusterIPs = [picked.ip];
      side.claim.push(this.claim(this.ipKey(ctx, picked.ip), holder, picked.modRevision));
      return;
    }
    for (const ip of wanted) {
      if (held.includes(ip)) continue;
      const failed = (why: string) => errs.push(invalidGoValue('spec.clusterIPs', goStringSlice(wanted), `failed to allocate IP ${ip}: ${why}`));
      if (offsetOf(this.ranges.ips, ip) === undefined) {
        failed(`the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${this.ranges.ips.cidr}`);
        continue;
      }
      const state = await this.keyState(ctx, this.ipKey(ctx, ip), holder);
      if (!state.free) failed('provided IP is already allocated');
      else side.claim.push(this.claim(this.ipKey(ctx, ip), holder, state.modRevision));
    }
  }

  private async prepareNodePorts(ctx: RegistryContext, spec: JsonRecord, held: number[], holder: Holder, side: SideKeys, errs: FieldError[]): Promise<void> {
    if (!needsNodePorts(spec)) return;
    const chosen = new Map<number, true>();
    const ports = portsOf(spec);
    for (const [i, port] of ports.entries()) {
      const requested = typeof port.nodePort === 'number' && port.nodePort > 0 ? port.nodePort : undefined;
      if (requested === undefined || chosen.has(requested) || held.includes(requested)) continue;
      const field = `spec.ports[${i}].nodePort`;
      if (requested < this.ranges.nodePorts.min || requested > this.ranges.nodePorts.max) {
        errs.push(invalidValue(field, requested, `provided port is not in the valid range. The range of valid ports is ${formatPortRange(this.ranges.nodePorts)}`));
        continue;
      }
      const state = await this.keyState(ctx, this.nodePortKey(ctx, requested), holder);
      if (!state.free) errs.push(invalidValue(field, requested, 'provided port is already allocated'));
      else {
        chosen.set(requested, true);
        side.claim.push(this.claim(this.nodePortKey(ctx, requested), holder, state.modRevision));
      }
    }
    for (const port of ports) {
      if (typeof port.nodePort === 'number' && port.nodePort > 0) continue;
      const picked = await this.pickNodePort(ctx, holder, new Set([...chosen.keys(), ...held]));
      port.nodePort = picked.port;
      chosen.set(picked.port, true);
      side.claim.push(this.claim(this.nodePortKey(ctx, picked.port), holder, picked.modRevision));
    }
  }

  private claim(key: string, holder: Holder, modRevision: number): SideKeys['claim'][number] {
    return { key, value: JSON.stringify(holder), modRevision };
  }

  /** Free when absent, or when the Service it names no longer holds the value (a leak to reclaim). */
  private async keyState(ctx: RegistryContext, key: string, holder: Holder): Promise<KeyState> {
    const stored = await ctx.store.get(key);
    if (!stored) return { free: true, modRevision: 0 };
    let owner: Holder;
    try {
      owner = JSON.parse(stored.value.toString()) as Holder;
    } catch {
      return { free: false };
    }
    if (owner.uid === holder.uid && owner.name === holder.name && owner.namespace === holder.namespace) return { free: false };
    const current = await readObject(ctx, resources.services, owner.namespace, owner.name);
    const value = key.slice(key.lastIndexOf('/') + 1);
    const spec = recordOf(current?.object.spec);
    const holds = current?.object.metadata.uid === owner.uid && (ipsOf(spec).includes(value) || nodePortsOf(spec).includes(Number(value)));
    return holds ? { free: false } : { free: true, modRevision: stored.modRevision };
  }

  private async pickIp(ctx: RegistryContext, holder: Holder): Promise<{ ip: string; modRevision: number }> {
    const { ips } = this.ranges;
    const count = ips.size - 1 - FIRST_DYNAMIC_IP_OFFSET;
    const found = await this.pick(ctx, holder, count, (i) => this.ipKey(ctx, ipAt(ips, FIRST_DYNAMIC_IP_OFFSET + i)), new Set());
    if (found === undefined) throw internalError('failed to allocate a serviceIP: range is full');
    return { ip: ipAt(ips, FIRST_DYNAMIC_IP_OFFSET + found.index), modRevision: found.modRevision };
  }

  private async pickNodePort(ctx: RegistryContext, holder: Holder, avoid: Set<number>): Promise<{ port: number; modRevision: number }> {
    const { min, max } = this.ranges.nodePorts;
    const avoided = new Set([...avoid].map((p) => p - min));
    const found = await this.pick(ctx, holder, max - min + 1, (i) => this.nodePortKey(ctx, min + i), avoided);
    if (found === undefined) throw internalError('failed to allocate a nodePort: range is full');
    return { port: min + found.index, modRevision: found.modRevision };
  }

  /** A free index below `count`: a few random tries, then a scan of what is taken from a random start. */
  private async pick(
    ctx: RegistryContext,
    holder: Holder,
    count: number,
    keyAt: (i: number) => string,
    avoid: Set<number>,
  ): Promise<{ index: number; modRevision: number } | undefined> {
    for (let attempt = 0; attempt < RANDOM_PICKS; attempt++) {
      const i = Math.floor(this.random() * count);
      if (avoid.has(i)) continue;
      const state = await this.keyState(ctx, keyAt(i), holder);
      if (state.free) return { index: i, modRevision: state.modRevision };
    }
    const prefix = keyAt(0).slice(0, keyAt(0).lastIndexOf('/') + 1);
    const taken = new Set((await ctx.store.range(prefix)).items.map((kv) => kv.key));
    const start = Math.floor(this.random() * count);
    for (let step = 0; step < count; step++) {
      const i = (start + step) % count;
      if (!avoid.has(i) && !taken.has(keyAt(i))) return { index: i, modRevision: 0 };
    }
    return undefined;
  }
}

/** The write hooks of an apiserver: Services allocate from `ranges`. */
export function serviceWriteHooks(ranges: ServiceRanges): WriteHooks {
  return new Map([[resources.services as ResourceInfo, new ServiceAllocator(ranges) as KindWriteHook]]);
}
