// The well-known names of Kubernetes' storage machinery, shared by the kinds,
// the apiserver's admission and the volume controllers.

/** On a StorageClass: "true" makes it the class of claims that name none. */
export const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';
/** The beta spelling, still honoured by Kubernetes. */
export const BETA_DEFAULT_CLASS_ANNOTATION = 'storageclass.beta.kubernetes.io/is-default-class';
/** On a claim or volume: the class before spec.storageClassName existed; still honoured. */
export const BETA_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/** Keeps a claim while a pod uses it. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
/** Keeps a volume while a claim is bound to it. */
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** The class every cluster starts with, and its provisioner: directories on the node that needs them. */
export const DEFAULT_STORAGE_CLASS_NAME = 'standard';
export const LOCAL_PATH_PROVISIONER = 'flotilla.io/local-path';
