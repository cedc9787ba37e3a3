// What the scheduler needs to know about a pod, computed once per pod
// version: effective requests (init containers and sidecars counted as
// Kubernetes does), host ports, and the controlling owner.
import { selectorFromLabelSelector, type Selector } from '../../api/labels/label-selector.js';
import type { Container, Pod, PodAffinityTerm } from '../../api/types/index.js';
import {
  addInto,
  cloneResources,
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  emptyResources,
  maxInto,
  parseResourceList,
  type Resources,
} from './resources.js';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

/** A pod (anti-)affinity term, parsed once. */
export interface AffinityTerm {
  /** null selects nothing. */
  selector: Selector | null;
  /** Namespaces the term looks in; undefined: all of them (namespaceSelector `{}`). */
  namespaces: ReadonlySet<string> | undefined;
  topologyKey: string;
}

export interface PodInfo {
  key: string;
  pod: Pod;
  /** Effective request used by the fit filter and balanced allocation. */
  requests: Resources;
  /** Like requests but a container that asks for no cpu/memory counts the defaults (scoring only). */
  nonZeroRequests: { milliCpu: number; memory: number };
  hostPorts: HostPort[];
  /** uid of the controller owner (ReplicaSet, StatefulSet, ...), for spreading. */
  ownerUid: string | undefined;
  requiredAffinityTerms: AffinityTerm[];
  requiredAntiAffinityTerms: AffinityTerm[];
  preferredAffinityTerms: WeightedAffinityTerm[];
  preferredAntiAffinityTerms: WeightedAffinityTerm[];
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

/** Whether the pod has any pod (anti-)affinity term, required or preferred. */
export function hasPodAffinityTerms(p: PodInfo): boolean {
  return (
    p.requiredAffinityTerms.length + p.requiredAntiAffinityTerms.length + p.preferredAffinityTerms.length + p.preferredAntiAffinityTerms.length > 0
  );
}

export const WILDCARD_IP = '0.0.0.0';

export function podKey(pod: Pick<Pod, 'metadata'>): string {
  const ns = pod.metadata.namespace ?? '';
  return ns ? `${ns}/${pod.metadata.name ?? ''}` : (pod.metadata.name ?? '');
}

export function newPodInfo(pod: Pod): PodInfo {
  return {
    key: podKey(pod),
    pod,
    requests: podRequests(pod),
    nonZeroRequests: podNonZeroRequests(pod),
    hostPorts: podHostPorts(pod),
    ownerUid: pod.metadata.ownerReferences?.find((o) => o.controller === true)?.uid,
    requiredAffinityTerms: affinityTerms(pod, 'podAffinity'),
    requiredAntiAffinityTerms: affinityTerms(pod, 'podAntiAffinity'),
    preferredAffinityTerms: weightedTerms(pod, 'podAffinity'),
    preferredAntiAffinityTerms: weightedTerms(pod, 'podAntiAffinity'),
  };
}

type RawAffinityTerm = PodAffinityTerm & { namespaceSelector?: unknown };

interface PodAffinityRules {
  requiredDuringSchedulingIgnoredDuringExecution?: RawAffinityTerm[];
  preferredDuringSchedulingIgnoredDuringExecution?: { weight: number; podAffinityTerm: RawAffinityTerm }[];
}

function parseSelector(term: PodAffinityTerm): Selector | null {
  try {
    return selectorFromLabelSelector(term.labelSelector);
  } catch {
    // The apiserver validates selectors; one it let through but we cannot read selects nothing.
    return null;
  }
}

function affinityTerms(pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): AffinityTerm[] {
  const rules = pod.spec.affinity?.[kind] as PodAffinityRules | undefined;
  return (rules?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => parseTerm(pod, term));
}

function weightedTerms(pod: Pod, kind: 'podAffinity' | 'podAntiAffinity'): WeightedAffinityTerm[] {
  const rules = pod.spec.affinity?.[kind] as PodAffinityRules | undefined;
  return (rules?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    .filter((w) => w.weight !== 0 && w.podAffinityTerm)
    .map((w) => ({ ...parseTerm(pod, w.podAffinityTerm), weight: w.weight }));
}

/** Namespaces: those listed, else the pod's own; a `{}` namespaceSelector alone means all of them. */
function parseTerm(pod: Pod, term: RawAffinityTerm): AffinityTerm {
  const listed = term.namespaces ?? [];
  const selectsAll =
    listed.length === 0 &&
    typeof term.namespaceSelector === 'object' &&
    term.namespaceSelector !== null &&
    Object.keys(term.namespaceSelector).length === 0;
  return {
    selector: parseSelector(term),
    namespaces: selectsAll ? undefined : new Set(listed.length > 0 ? listed : [pod.metadata.namespace ?? 'default']),
    topologyKey: term.topologyKey,
  };
}

function containerRequests(c: Container): Resources {
  return parseResourceList(c.resources?.requests);
}

function isSidecar(c: Container): boolean {
  return c.restartPolicy === 'Always';
}

/**
 * max(sum of app containers + sidecars, each regular init container + the
 * sidecars started before it): init containers run one at a time before the
 * app containers, sidecars keep running next to everything after them.
 */
function effectiveRequests(pod: Pod, perContainer: (c: Container) => Resources): Resources {
  const total = emptyResources();
  for (const c of pod.spec.containers ?? []) addInto(total, perContainer(c));
  const sidecars = emptyResources();
  const initPeak = emptyResources();
  for (const c of pod.spec.initContainers ?? []) {
    const req = perContainer(c);
    if (isSidecar(c)) {
      addInto(sidecars, req);
      maxInto(initPeak, sidecars);
    } else {
      const during = cloneResources(sidecars);
      addInto(during, req);
      maxInto(initPeak, during);
    }
  }
  addInto(total, sidecars);
  maxInto(total, initPeak);
  return total;
}

/** The effective request plus the pod's overhead. */
export function podRequests(pod: Pod): Resources {
  const total = effectiveRequests(pod, containerRequests);
  const overhead = pod.spec.overhead as Record<string, string> | undefined;
  if (overhead) addInto(total, parseResourceList(overhead));
  return total;
}

/** The effective cpu/memory request where a container asking for none counts the scoring defaults. */
export function podNonZeroRequests(pod: Pod): { milliCpu: number; memory: number } {
  const total = effectiveRequests(pod, (c) => {
    const r = containerRequests(c);
    const requests = c.resources?.requests ?? {};
    return {
      milliCpu: requests.cpu === undefined ? DEFAULT_MILLI_CPU_REQUEST : r.milliCpu,
      memory: requests.memory === undefined ? DEFAULT_MEMORY_REQUEST : r.memory,
      scalar: {},
    };
  });
  return { milliCpu: total.milliCpu, memory: total.memory };
}

/** Host ports of app containers; a hostNetwork pod publishes its container ports on the host. */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  const containers = [...(pod.spec.initContainers ?? []).filter(isSidecar), ...(pod.spec.containers ?? [])];
  for (const c of containers) {
    for (const p of c.ports ?? []) {
      const port = p.hostPort ?? (pod.spec.hostNetwork ? p.containerPort : 0);
      if (!port || port <= 0) continue;
      out.push({ ip: p.hostIP || WILDCARD_IP, protocol: p.protocol ?? 'TCP', port });
    }
  }
  return out;
}
