// The /etc/hosts every container of a pod sees: the pod's own name on its IP
// plus spec.hostAliases. Docker cannot add hosts to containers that join
// another container's network, so the agent writes the file and bind-mounts it.
import type { HostAlias } from '../../api/types/index.js';

const LOCALHOST_ENTRIES = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::0\tip6-localnet',
  'fe00::0\tip6-mcastprefix',
  'fe00::1\tip6-allnodes',
  'fe00::2\tip6-allrouters',
];

export interface HostsFileInput {
  podIP: string;
  hostname: string;
  /** The pod's FQDN when it has spec.subdomain; listed before the short name. */
  fqdn?: string;
  hostAliases?: readonly HostAlias[];
  /** For hostNetwork pods: the host's own /etc/hosts, used instead of the managed header. */
  hostFile?: string;
}

function aliasLines(aliases: readonly HostAlias[] | undefined): string[] {
  if (!aliases || aliases.length === 0) return [];
  const lines = ['', '# Entries added by HostAliases.'];
  for (const alias of aliases) {
    const names = (alias.hostnames ?? []).filter((h) => h.length > 0);
    if (names.length > 0) lines.push(`${alias.ip}\t${names.join('\t')}`);
  }
  return lines;
}

export function hostsFileContent(input: HostsFileInput): string {
  if (input.hostFile !== undefined) {
    return [input.hostFile.trimEnd(), ...aliasLines(input.hostAliases)].join('\n') + '\n';
  }
  const names = input.fqdn ? `${input.fqdn}\t${input.hostname}` : input.hostname;
  const lines = ['# Kubernetes-managed hosts file (Flotilla).', ...LOCALHOST_ENTRIES];
  if (input.podIP) lines.push(`${input.podIP}\t${names}`);
  return [...lines, ...aliasLines(input.hostAliases)].join('\n') + '\n';
}
