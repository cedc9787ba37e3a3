// Which StorageClass is the default: the one claims without a class get.
import type { KubeObject } from '../types/meta.js';
import type { StorageClass } from '../types/storage.js';
import { BETA_DEFAULT_CLASS_ANNOTATION, DEFAULT_CLASS_ANNOTATION } from './names.js';

/** Marked default by either annotation, as Kubernetes' IsDefaultAnnotation. */
export function isDefaultStorageClass(obj: KubeObject): boolean {
  const annotations = obj.metadata.annotations ?? {};
  return annotations[DEFAULT_CLASS_ANNOTATION] === 'true' || annotations[BETA_DEFAULT_CLASS_ANNOTATION] === 'true';
}

/**
 * The default among these classes; when several are marked, the newest one
 * (then the first name), as Kubernetes does since 1.26 so adding a new default
 * before unmarking the old one does not stop claims from being created.
 */
export function defaultStorageClass(classes: readonly StorageClass[]): StorageClass | undefined {
  const marked = classes.filter(isDefaultStorageClass);
  marked.sort((a, b) => {
    const byAge = (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '');
    return byAge !== 0 ? byAge : (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
  });
  return marked[0];
}
