// Building blocks of the kinds' strategic-merge metadata: what Kubernetes declares
// with the patchStrategy / patchMergeKey struct tags, shared by several kinds. Only fields that differ
// from the defaults are listed; a field that is absent here merges as a map
// when its value is a map and is replaced whole when its value is a list.
import type { FieldSchema, PatchSchema } from '../patch/patch-schema.js';

export function nested(fields: Record<string, FieldSchema>): FieldSchema {
  return { schema: { fields } };
}

export function mergeByKey(mergeKey: string, fields: Record<string, FieldSchema> = {}, retainKeys = false): FieldSchema {
  const field: FieldSchema = { list: 'merge', mergeKey, schema: { fields } };
  return retainKeys ? { ...field, retainKeys } : field;
}

export const MERGE_PRIMITIVES: FieldSchema = { list: 'merge' };
export const REPLACE: FieldSchema = { list: 'replace' };

export const CONDITIONS = mergeByKey('type');

export const OBJECT_META = nested({
  ownerReferences: mergeByKey('uid'),
  finalizers: MERGE_PRIMITIVES,
  managedFields: REPLACE,
});

export const CONTAINER_FIELDS: Record<string, FieldSchema> = {
  ports: mergeByKey('containerPort'),
  env: mergeByKey('name'),
  envFrom: REPLACE,
  volumeMounts: mergeByKey('mountPath'),
  volumeDevices: mergeByKey('devicePath'),
  resizePolicy: REPLACE,
  command: REPLACE,
  args: REPLACE,
};

export const POD_SPEC = nested({
  volumes: mergeByKey('name', {}, true),
  initContainers: mergeByKey('name', CONTAINER_FIELDS),
  containers: mergeByKey('name', CONTAINER_FIELDS),
  ephemeralContainers: mergeByKey('name', CONTAINER_FIELDS),
  imagePullSecrets: mergeByKey('name'),
  hostAliases: mergeByKey('ip'),
  tolerations: REPLACE,
  readinessGates: REPLACE,
  topologySpreadConstraints: mergeByKey('topologyKey'),
  schedulingGates: mergeByKey('name'),
  resourceClaims: mergeByKey('name', {}, true),
});

export const POD_STATUS = nested({
  conditions: CONDITIONS,
  podIPs: mergeByKey('ip'),
  hostIPs: mergeByKey('ip'),
  initContainerStatuses: REPLACE,
  containerStatuses: REPLACE,
  ephemeralContainerStatuses: REPLACE,
  resourceClaimStatuses: mergeByKey('name', {}, true),
});

export const POD_TEMPLATE = nested({ metadata: OBJECT_META, spec: POD_SPEC });

export const WORKLOAD_STATUS = nested({ conditions: CONDITIONS });

/** A kind's schema: its own fields plus the object metadata every kind has. */
export function kindPatchSchema(fields: Record<string, FieldSchema>): PatchSchema {
  return { fields: { metadata: OBJECT_META, ...fields } };
}
