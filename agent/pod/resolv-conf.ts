// The resolv.conf every container of a pod sees, from spec.dnsPolicy and
// spec.dnsConfig as the kubelet builds it. Written into the pod's directory
// and bind-mounted like /etc/hosts: Docker's own resolv.conf on a user-defined
// network names its embedded resolver, not the cluster DNS.
import type { Pod } from '../../api/types/index.js';

/** The resolver reads at most three nameservers. */
export const MAX_NAMESERVERS = 3;
/** The kubelet's limit on search domains. */
export const MAX_SEARCH_DOMAINS = 32;
const CLUSTER_NDOTS = 'ndots:5';

export interface DnsSettings {
  /** --cluster-dns: the kube-dns ClusterIP(s); empty: pods fall back to the host's resolver. */
  clusterDNS: string[];
  clusterDomain: string;
  /** The host's own /etc/resolv.conf. */
  hostResolvConf: string;
}

interface ResolverConfig {
  nameservers: string[];
  searches: string[];
  options: string[];
}

export function parseResolvConf(text: string): ResolverConfig {
  const out: ResolverConfig = { nameservers: [], searches: [], options: [] };
  for (const line of text.split('\n')) {
    const [key, ...values] = line.replace(/[#;].*$/, '').trim().split(/\s+/);
    if (key === 'nameserver' && values[0]) out.nameservers.push(values[0]);
    else if (key === 'search' || key === 'domain') out.searches = values;
    else if (key === 'options') out.options.push(...values);
  }
  return out;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v.length > 0))];
}

/** Options merge by name; a later value wins (dnsConfig over the policy's). */
function mergeOptions(base: string[], extra: readonly { name?: string; value?: string }[]): string[] {
  const byName = new Map<string, string>();
  for (const opt of base) byName.set(opt.split(':')[0] as string, opt);
  for (const opt of extra) if (opt.name) byName.set(opt.name, opt.value !== undefined ? `${opt.name}:${opt.value}` : opt.name);
  return [...byName.values()];
}

/** A loopback resolver (systemd-resolved's 127.0.0.53) answers only inside the host's network namespace. */
function reachableFrom(pod: Pod, nameserver: string): boolean {
  return pod.spec.hostNetwork === true || !(nameserver.startsWith('127.') || nameserver === '::1');
}

function wantsClusterDns(pod: Pod): boolean {
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  return policy === 'ClusterFirstWithHostNet' || (policy === 'ClusterFirst' && pod.spec.hostNetwork !== true);
}

/**
 * The kubelet's MissingClusterDNS warning: the pod asks for the cluster DNS but
 * the agent has none configured, so it gets the host's resolver (the Default
 * policy) instead. Undefined when the pod gets what it asked for.
 */
export function missingClusterDnsMessage(pod: Pod, settings: DnsSettings): string | undefined {
  if (!wantsClusterDns(pod) || settings.clusterDNS.length > 0) return undefined;
  const { name, namespace, uid } = pod.metadata;
  return `pod: "${name}_${namespace ?? 'default'}(${uid ?? ''})". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.`;
}

function baseConfig(pod: Pod, settings: DnsSettings): ResolverConfig {
  const policy = pod.spec.dnsPolicy ?? 'ClusterFirst';
  const parsed = parseResolvConf(settings.hostResolvConf);
  const host = { ...parsed, nameservers: parsed.nameservers.filter((n) => reachableFrom(pod, n)) };
  if (policy === 'None') return { nameservers: [], searches: [], options: [] };
  if (!wantsClusterDns(pod) || settings.clusterDNS.length === 0) return host;
  const domain = settings.clusterDomain;
  const ns = pod.metadata.namespace ?? 'default';
  return { nameservers: settings.clusterDNS, searches: [`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...host.searches], options: [CLUSTER_NDOTS] };
}

export function podResolvConf(pod: Pod, settings: DnsSettings): string {
  const base = baseConfig(pod, settings);
  const extra = pod.spec.dnsConfig ?? {};
  const nameservers = unique([...base.nameservers, ...(extra.nameservers ?? [])]).slice(0, MAX_NAMESERVERS);
  const searches = unique([...base.searches, ...(extra.searches ?? [])]).slice(0, MAX_SEARCH_DOMAINS);
  const options = mergeOptions(base.options, extra.options ?? []);
  const lines = nameservers.map((n) => `nameserver ${n}`);
  if (searches.length > 0) lines.push(`search ${searches.join(' ')}`);
  if (options.length > 0) lines.push(`options ${options.join(' ')}`);
  return lines.join('\n') + '\n';
}
