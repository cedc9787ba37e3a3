// Kubernetes' StorageObjectInUseProtection admission: every new claim and
// volume carries its protection finalizer, so neither can vanish while in use;
// the protection controllers remove it once nothing uses the object.
import type { KubeObject } from '../../../api/types/index.js';

export function addProtectionFinalizer(obj: KubeObject, finalizer: string): void {
  const current = obj.metadata.finalizers;
  // A malformed list is left for validation to report.
  if (current !== undefined && current !== null && !Array.isArray(current)) return;
  const finalizers = current ?? [];
  if (!finalizers.includes(finalizer)) obj.metadata.finalizers = [...finalizers, finalizer];
}
