// What one object charges to a namespace's quota, as Kubernetes' quota
// evaluators count it: every kind counts as `count/<plural>[.<group>]`, and
// pods, services, PVCs, ConfigMaps and Secrets also under their own names and
// (pods, PVCs) by the compute and storage they ask for.
import type { KubeObject } from '../types/meta.js';
import { addAmounts, amountsOf, millisOf, type Amounts } from './resource-amounts.js';

const ONE = 1000n;

/** The kind as quota names it. */
export interface QuotaKind {
  group: string;
  plural: string;
}

export function countResourceName(kind: QuotaKind): string {
  return kind.group ? `count/${kind.plural}.${kind.group}` : `count/${kind.plural}`;
}

/** Core kinds with a short quota name besides their count/ name. */
const OBJECT_COUNTS: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  configmaps: 'configmaps',
  secrets: 'secrets',
  persistentvolumeclaims: 'persistentvolumeclaims',
  resourcequotas: 'resourcequotas',
};

type JsonRecord = Record<string, unknown>;

function recordAt(value: unknown): JsonRecord {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as JsonRecord) : {};
}

function containersOf(spec: JsonRecord, field: string): JsonRecord[] {
  const list = spec[field];
  return Array.isArray(list) ? list.map(recordAt) : [];
}

/** A container's cpu/memory as quota names them; only what it sets. */
export function containerUsage(container: JsonRecord): Amounts {
  const resources = recordAt(container.resources);
  const requests = recordAt(resources.requests);
  const limits = recordAt(resources.limits);
  const out: Amounts = new Map();
  for (const name of ['cpu', 'memory']) {
    if (requests[name] !== undefined) {
      out.set(`requests.${name}`, millisOf(requests[name]));
      out.set(name, millisOf(requests[name]));
    }
    if (limits[name] !== undefined) out.set(`limits.${name}`, millisOf(limits[name]));
  }
  return out;
}

function maxAmounts(a: Amounts, b: Amounts): Amounts {
  const out: Amounts = new Map(a);
  for (const [name, value] of b) if ((out.get(name) ?? -1n) < value) out.set(name, value);
  return out;
}

/** A pod's compute: the sum of its containers, or the largest init container when that is more. */
export function podComputeUsage(pod: KubeObject): Amounts {
  const spec = recordAt(pod.spec);
  let sum: Amounts = new Map();
  for (const c of containersOf(spec, 'containers')) sum = addAmounts(sum, containerUsage(c));
  for (const c of containersOf(spec, 'initContainers')) sum = maxAmounts(sum, containerUsage(c));
  return sum;
}

/** A pod that finished, or is going away, no longer counts against quota. */
export function podCountsAgainstQuota(pod: KubeObject): boolean {
  const phase = recordAt(pod.status).phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

function serviceUsage(service: KubeObject): Amounts {
  const spec = recordAt(service.spec);
  const out: Amounts = new Map();
  const ports = Array.isArray(spec.ports) ? spec.ports.length : 0;
  if (spec.type === 'LoadBalancer') out.set('services.loadbalancers', ONE);
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') out.set('services.nodeports', BigInt(ports) * ONE);
  return out;
}

function claimUsage(claim: KubeObject): Amounts {
  const storage = recordAt(recordAt(recordAt(claim.spec).resources).requests).storage;
  return storage === undefined ? new Map() : new Map([['requests.storage', millisOf(storage)]]);
}

/** Everything `obj` charges; an empty map for an object that no longer counts. */
export function objectUsage(kind: QuotaKind, obj: KubeObject): Amounts {
  const isCore = kind.group === '';
  if (isCore && kind.plural === 'pods' && !podCountsAgainstQuota(obj)) return new Map();
  let out: Amounts = new Map([[countResourceName(kind), ONE]]);
  const short = isCore ? OBJECT_COUNTS[kind.plural] : undefined;
  if (short) out.set(short, ONE);
  if (!isCore) return out;
  if (kind.plural === 'pods') out = addAmounts(out, podComputeUsage(obj));
  if (kind.plural === 'services') out = addAmounts(out, serviceUsage(obj));
  if (kind.plural === 'persistentvolumeclaims') out = addAmounts(out, claimUsage(obj));
  return out;
}

/** The kind a quota resource name counts, or undefined for compute names (pods carry those). */
export function kindOfResourceName(name: string): QuotaKind | undefined {
  if (name.startsWith('count/')) {
    const rest = name.slice('count/'.length);
    const dot = rest.indexOf('.');
    return dot < 0 ? { group: '', plural: rest } : { group: rest.slice(dot + 1), plural: rest.slice(0, dot) };
  }
  if (OBJECT_COUNTS[name]) return { group: '', plural: name };
  if (name.startsWith('services.')) return { group: '', plural: 'services' };
  if (name === 'requests.storage') return { group: '', plural: 'persistentvolumeclaims' };
  if (/^(requests\.|limits\.)?(cpu|memory)$/.test(name)) return { group: '', plural: 'pods' };
  return undefined;
}

/** The hard limits a quota sets, by name. */
export function hardOf(quota: KubeObject): Amounts {
  return amountsOf(recordAt(quota.spec).hard);
}

/** Pods must name every cpu/memory request and limit a quota restricts (Kubernetes' backward-compatibility rule). */
const COMPUTE_NAMES = ['requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'cpu', 'memory'];

/** "must specify requests.cpu for: app" when a pod leaves out what the quota restricts; undefined when it does not. */
export function missingComputeError(pod: KubeObject, hard: Amounts): string | undefined {
  const required = COMPUTE_NAMES.filter((n) => hard.has(n));
  if (required.length === 0) return undefined;
  const missing = new Map<string, string[]>();
  for (const c of containersOf(recordAt(pod.spec), 'containers')) {
    const usage = containerUsage(c);
    for (const name of required) {
      if (!usage.has(name)) missing.set(name, [...(missing.get(name) ?? []), String(c.name ?? '')]);
    }
  }
  if (missing.size === 0) return undefined;
  const parts = [...missing.keys()].sort().map((name) => `${name} for: ${(missing.get(name) ?? []).sort().join(',')}`);
  return `must specify ${parts.join('; ')}`;
}
