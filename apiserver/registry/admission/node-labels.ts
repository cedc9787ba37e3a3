// Which labels a node may set on its own Node, as NodeRestriction decides:
// never one under node-restriction.kubernetes.io/ (that prefix exists so
// administrators can label nodes in ways the node cannot forge), and of the
// kubernetes.io and k8s.io labels only those the kubelet itself sets.
const RESTRICTED_NAMESPACE = 'node-restriction.kubernetes.io';
const KUBELET_LABELS = new Set([
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'beta.kubernetes.io/os',
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
]);
/** Label namespaces (and their subdomains) the kubelet may use freely. */
const KUBELET_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function labelNamespace(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function within(namespace: string, domain: string): boolean {
  return namespace === domain || namespace.endsWith(`.${domain}`);
}

function isKubeletLabel(key: string): boolean {
  const namespace = labelNamespace(key);
  return KUBELET_LABELS.has(key) || KUBELET_NAMESPACES.some((d) => within(namespace, d));
}

function isForbidden(key: string): boolean {
  const namespace = labelNamespace(key);
  if (within(namespace, RESTRICTED_NAMESPACE)) return true;
  const kubernetes = within(namespace, 'kubernetes.io') || within(namespace, 'k8s.io');
  return kubernetes && !isKubeletLabel(key);
}

/** The keys added, removed or changed between `next` and `previous` that a node may not touch, sorted. */
export function forbiddenNodeLabels(next: Record<string, string> | undefined, previous: Record<string, string> | undefined): string[] {
  const after = next ?? {};
  const before = previous ?? {};
  const keys = new Set([...Object.keys(after), ...Object.keys(before)]);
  return [...keys].filter((k) => after[k] !== before[k] && isForbidden(k)).sort();
}
