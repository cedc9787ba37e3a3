// Cluster DNS answers as a pure function of the Service and EndpointSlice
// caches, following the Kubernetes DNS specification that CoreDNS implements:
//   <svc>.<ns>.svc.<domain>            A: the ClusterIP, or the ready endpoints of a headless Service;
//                                      CNAME for an ExternalName Service
//   <hostname>.<svc>.<ns>.svc.<domain> A: the endpoint with that hostname (StatefulSet pods)
//   _<port>._<proto>.<svc>.<ns>.svc.<domain>  SRV for a named port
//   <a-b-c-d>.<ns>.pod.<domain>        A: the address spelled in the name
// An existing name asked for another type answers no records (NODATA), an
// unknown name in the domain NXDOMAIN, and names outside it are forwarded.
import type { EndpointSlice, Service } from '../api/types/index.js';
import type { Answer, Question } from 'dns-packet';

export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';
/** Seconds resolvers may cache an answer; short, since endpoints change (CoreDNS uses 5 too). */
export const RECORD_TTL_SECONDS = 5;
const SRV_PRIORITY = 0;
const SRV_WEIGHT_TOTAL = 100;

export interface DnsView {
  /** `<ns>.svc.<domain>` exists (without records) only for a namespace that does, as in CoreDNS. */
  namespaceExists(name: string): boolean;
  service(namespace: string, name: string): Service | undefined;
  /** The EndpointSlices of a Service (label kubernetes.io/service-name). */
  slices(namespace: string, name: string): EndpointSlice[];
}

export type DnsResult = { kind: 'answer'; answers: Answer[] } | { kind: 'nxdomain' } | { kind: 'forward' };

interface ServiceEndpoint {
  ip: string;
  hostname?: string;
}

function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}

function readyEndpoints(svc: Service, slices: readonly EndpointSlice[]): ServiceEndpoint[] {
  const all = svc.spec?.publishNotReadyAddresses === true;
  const out: ServiceEndpoint[] = [];
  for (const slice of slices) {
    if (slice.addressType !== 'IPv4') continue;
    for (const ep of slice.endpoints ?? []) {
      if (!all && ep.conditions?.ready === false) continue;
      const ip = ep.addresses[0];
      if (ip && !out.some((o) => o.ip === ip)) out.push({ ip, hostname: ep.hostname });
    }
  }
  return out.sort((a, b) => a.ip.localeCompare(b.ip, 'en', { numeric: true }));
}

/** ANY is not in dns-packet's record types, but resolvers still send it. */
function wants(asked: string, type: string): boolean {
  return asked === type || asked === 'ANY';
}

function a(name: string, ip: string): Answer {
  return { type: 'A', class: 'IN', name, ttl: RECORD_TTL_SECONDS, data: ip };
}

/** The name a headless endpoint is known by: its hostname, or its address with dashes. */
function endpointLabel(ep: ServiceEndpoint): string {
  return ep.hostname ?? ep.ip.replaceAll('.', '-');
}

function serviceRecords(qname: string, type: string, svc: Service, view: DnsView, svcName: string): Answer[] {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') {
    return spec.externalName ? [{ type: 'CNAME', class: 'IN', name: qname, ttl: RECORD_TTL_SECONDS, data: spec.externalName }] : [];
  }
  if (!wants(type, 'A')) return [];
  if (!isHeadless(svc)) return spec.clusterIP ? [a(qname, spec.clusterIP)] : [];
  return readyEndpoints(svc, view.slices(svc.metadata.namespace ?? '', svcName)).map((ep) => a(qname, ep.ip));
}

function srvRecords(qname: string, svc: Service, view: DnsView, portLabel: string, protoLabel: string, base: string): Answer[] | undefined {
  const port = (svc.spec?.ports ?? []).find((p) => p.name !== undefined && `_${p.name}` === portLabel && `_${(p.protocol ?? 'TCP').toLowerCase()}` === protoLabel);
  if (!port) return undefined;
  const srv = (target: string, portNumber: number, weight: number): Answer => ({
    type: 'SRV', class: 'IN', name: qname, ttl: RECORD_TTL_SECONDS, data: { priority: SRV_PRIORITY, weight, port: portNumber, target },
  });
  if (!isHeadless(svc)) return [srv(base, port.port, SRV_WEIGHT_TOTAL)];
  const eps = readyEndpoints(svc, view.slices(svc.metadata.namespace ?? '', svc.metadata.name ?? ''));
  const weight = eps.length > 0 ? Math.floor(SRV_WEIGHT_TOTAL / eps.length) : SRV_WEIGHT_TOTAL;
  return eps.map((ep) => srv(`${endpointLabel(ep)}.${base}`, port.port, weight));
}

const DASHED_IPV4 = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/;

function podRecord(qname: string, type: string, label: string): DnsResult {
  const m = DASHED_IPV4.exec(label);
  if (!m || m.slice(1).some((o) => Number(o) > 255)) return { kind: 'nxdomain' };
  return { kind: 'answer', answers: wants(type, 'A') ? [a(qname, m.slice(1).join('.'))] : [] };
}

/** Answers one question; `domain` is the cluster domain without a trailing dot. */
export function answerQuestion(question: Question, view: DnsView, domain: string = DEFAULT_CLUSTER_DOMAIN): DnsResult {
  const qname = question.name.replace(/\.$/, '');
  const lower = qname.toLowerCase();
  const type = question.type;
  const suffix = `.${domain.toLowerCase()}`;
  if (!lower.endsWith(suffix) && lower !== domain.toLowerCase()) return { kind: 'forward' };
  const labels = lower === domain.toLowerCase() ? [] : lower.slice(0, -suffix.length).split('.');
  // labels read right to left: svc|pod, namespace, service, then hostname or _proto._port.
  const [zone, namespace, ...rest] = labels.reverse();
  if (zone === 'pod' && namespace && rest.length === 1) return podRecord(qname, type, rest[0] as string);
  if (zone !== 'svc' || !namespace || rest.length === 0) {
    // The zone's own names (cluster.local, svc.cluster.local, <ns>.svc.cluster.local) exist without records.
    const zoneName = labels.length <= 1 && (zone === undefined || zone === 'svc' || zone === 'pod');
    const namespaceName = labels.length === 2 && (zone === 'svc' || zone === 'pod') && view.namespaceExists(namespace ?? '');
    return zoneName || namespaceName ? { kind: 'answer', answers: [] } : { kind: 'nxdomain' };
  }
  const [svcName, ...inner] = rest as [string, ...string[]];
  const svc = view.service(namespace, svcName);
  if (!svc) return { kind: 'nxdomain' };
  const base = `${svcName}.${namespace}.svc.${domain}`;
  if (inner.length === 0) return { kind: 'answer', answers: serviceRecords(qname, type, svc, view, svcName) };
  if (inner.length === 2 && inner[0]?.startsWith('_') && inner[1]?.startsWith('_')) {
    // Reversed: inner[0] is _proto, inner[1] is _port.
    const records = srvRecords(qname, svc, view, inner[1], inner[0], base);
    if (!records) return { kind: 'nxdomain' };
    return { kind: 'answer', answers: wants(type, 'SRV') ? records : [] };
  }
  if (inner.length === 1 && isHeadless(svc)) {
    const ep = readyEndpoints(svc, view.slices(namespace, svcName)).find((e) => endpointLabel(e) === inner[0]);
    if (!ep) return { kind: 'nxdomain' };
    return { kind: 'answer', answers: wants(type, 'A') ? [a(qname, ep.ip)] : [] };
  }
  return { kind: 'nxdomain' };
}
