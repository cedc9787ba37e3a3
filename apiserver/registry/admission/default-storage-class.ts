// Kubernetes' DefaultStorageClass admission: a claim that names no class (the
// field absent, not "") gets the cluster's default class at creation. Without
// a default class the claim is left as it is, and only volumes without a
// class can bind it.
import { resources } from '../../../api/resources.js';
import { defaultStorageClass } from '../../../api/storage/default-class.js';
import { BETA_STORAGE_CLASS_ANNOTATION } from '../../../api/storage/names.js';
import type { KubeObject, StorageClass } from '../../../api/types/index.js';
import { isAbsent, isRecord } from '../../../api/validation/values.js';
import type { RegistryContext } from '../context.js';
import { listObjects } from '../list.js';
import { buildFilter } from '../selectors.js';

/** A claim names a class by the field (even "") or the beta annotation, as Kubernetes' PVCHasStorageClass. */
function namesClass(claim: KubeObject): boolean {
  if (claim.metadata.annotations?.[BETA_STORAGE_CLASS_ANNOTATION] !== undefined) return true;
  return isRecord(claim.spec) && !isAbsent(claim.spec.storageClassName);
}

export async function admitDefaultStorageClass(ctx: RegistryContext, claim: KubeObject): Promise<void> {
  // A spec of the wrong shape is validation's to report.
  if (!isAbsent(claim.spec) && !isRecord(claim.spec)) return;
  if (namesClass(claim)) return;
  const classes = (await listObjects(ctx, buildFilter(resources.storageClasses, '', '', ''))).items as StorageClass[];
  const chosen = defaultStorageClass(classes);
  if (!chosen?.metadata.name) return;
  claim.spec = { ...(claim.spec ?? {}), storageClassName: chosen.metadata.name };
}
