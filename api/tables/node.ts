// `kubectl get nodes`: NAME STATUS ROLES AGE VERSION (+ INTERNAL-IP EXTERNAL-IP
// OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME).
import type { KubeObject } from '../types/meta.js';
import type { Node } from '../types/node.js';
import { NONE } from './cells.js';
import { timestampSince } from './duration.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';
import { nodeReadyCondition } from '../ready-conditions.js';

const NODE_ROLE_LABEL_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_NODE_ROLE_LABEL = 'kubernetes.io/role';
const UNKNOWN = '<unknown>';

/** `Ready`, `NotReady` (False or Unknown), `Unknown` (no Ready condition), plus `SchedulingDisabled`. */
export function nodeStatus(node: Node): string {
  const parts: string[] = [];
  const ready = nodeReadyCondition(node);
  if (ready) parts.push(ready.status === 'True' ? 'Ready' : 'NotReady');
  if (parts.length === 0) parts.push('Unknown');
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function nodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(NODE_ROLE_LABEL_PREFIX)) {
      const role = key.slice(NODE_ROLE_LABEL_PREFIX.length);
      if (role) roles.add(role);
    } else if (key === LEGACY_NODE_ROLE_LABEL && value) {
      roles.add(value);
    }
  }
  return [...roles].sort();
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? NONE;
}

export const nodeTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Status', priority: 0, description: 'The status of the node' },
    { name: 'Roles', priority: 0, description: 'The roles of the node' },
    AGE_COLUMN,
    { name: 'Version', priority: 0, description: 'Kubelet Version reported by the node.' },
    { name: 'Internal-IP', priority: 1, description: 'The node\'s internal IP address.' },
    { name: 'External-IP', priority: 1, description: 'The node\'s external IP address.' },
    { name: 'OS-Image', priority: 1, description: 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).' },
    { name: 'Kernel-Version', priority: 1, description: 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).' },
    { name: 'Container-Runtime', priority: 1, description: 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).' },
  ],
  row(obj: KubeObject, now: Date): string[] {
    const node = obj as Node;
    const info = node.status?.nodeInfo ?? {};
    const roles = nodeRoles(node);
    return [
      node.metadata.name ?? '',
      nodeStatus(node),
      roles.length > 0 ? roles.join(',') : NONE,
      timestampSince(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      info.osImage || UNKNOWN,
      info.kernelVersion || UNKNOWN,
      info.containerRuntimeVersion || UNKNOWN,
    ];
  },
};
