// What the control-plane components' informers keep of each object:
// everything but metadata.managedFields, as kube-scheduler and
// kube-controller-manager set on their informers. Field ownership is the
// apiserver's bookkeeping; no controller reads it, and it is often the
// biggest part of a small object's metadata, held once per cached object.
// Writing back an object without it is safe: an update that sends no
// managedFields keeps the stored ones.
import type { KubeObject } from '../api/types/index.js';

/** The object without metadata.managedFields; the same object when it has none. Never edits its argument. */
export function stripManagedFields<T extends KubeObject>(obj: T): T {
  if (obj.metadata?.managedFields === undefined) return obj;
  const { managedFields: _dropped, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}
