// Cache keys as client-go's MetaNamespaceKeyFunc builds them: `ns/name`, or
// just `name` for cluster-scoped objects.
import type { KubeObject } from '../api/types/index.js';

export function keyOf(obj: Pick<KubeObject, 'metadata'>): string {
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

/** The inverse of keyOf: namespace is '' for a cluster-scoped key. */
export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  if (slash < 0) return { namespace: '', name: key };
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
