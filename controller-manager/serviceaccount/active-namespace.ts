// Objects are only made in namespaces that are not being deleted.
import type { Namespace } from '../../api/types/index.js';

export function isActive(ns: Namespace): boolean {
  return !ns.metadata.deletionTimestamp && ns.status?.phase !== 'Terminating';
}
