// Strategic-merge metadata for the built-in kinds: what Kubernetes declares
// with the patchStrategy / patchMergeKey struct tags. Only fields that differ
// from the defaults are listed; a field that is absent here merges as a map
// when its value is a map and is replaced whole when its value is a list.

/** How one field is patched. */
export interface FieldSchema {
  /**
   * For a list value: 'merge' merges element by element (by `mergeKey` for
   * lists of maps, as a set union for lists of primitives); 'replace', the
   * default, takes the patch's list whole.
   */
  readonly list?: 'merge' | 'replace';
  /** The member that identifies an element of a merged list of maps. */
  readonly mergeKey?: string;
  /**
   * The map (or, for a list, each element) is a union of alternatives: a
   * three-way patch names the members to keep in `$retainKeys`, so switching
   * alternatives clears the old one.
   */
  readonly retainKeys?: boolean;
  /** The fields of the map, or of each map element of the list. */
  readonly schema?: PatchSchema;
}

export interface PatchSchema {
  readonly fields: Readonly<Record<string, FieldSchema>>;
}

export type ListStrategy =
  | { readonly kind: 'replace' }
  | { readonly kind: 'merge-primitives' }
  | { readonly kind: 'merge-by-key'; readonly mergeKey: string };

/** The schema entry for one member of a map, if the schema says anything about it. */
export function fieldOf(schema: PatchSchema | undefined, name: string): FieldSchema | undefined {
  if (!schema || !Object.prototype.hasOwnProperty.call(schema.fields, name)) return undefined;
  return schema.fields[name];
}

/** Follows a path of member names (`['spec', 'template', 'spec', 'containers']`). */
export function fieldAt(schema: PatchSchema | undefined, path: readonly string[]): FieldSchema | undefined {
  let field: FieldSchema | undefined;
  let current = schema;
  for (const name of path) {
    field = fieldOf(current, name);
    if (!field) return undefined;
    current = field.schema;
  }
  return field;
}

/** How a list in this field is patched. */
export function listStrategyOf(field: FieldSchema | undefined): ListStrategy {
  if (field?.list !== 'merge') return { kind: 'replace' };
  return field.mergeKey ? { kind: 'merge-by-key', mergeKey: field.mergeKey } : { kind: 'merge-primitives' };
}

function object(fields: Record<string, FieldSchema>): FieldSchema {
  return { schema: { fields } };
}

function mergeByKey(mergeKey: string, fields: Record<string, FieldSchema> = {}, retainKeys = false): FieldSchema {
  const field: FieldSchema = { list: 'merge', mergeKey, schema: { fields } };
  return retainKeys ? { ...field, retainKeys } : field;
}

const MERGE_PRIMITIVES: FieldSchema = { list: 'merge' };
const REPLACE: FieldSchema = { list: 'replace' };

const CONDITIONS = mergeByKey('type');

const OBJECT_META = object({
  ownerReferences: mergeByKey('uid'),
  finalizers: MERGE_PRIMITIVES,
  managedFields: REPLACE,
});

const CONTAINER_FIELDS: Record<string, FieldSchema> = {
  ports: mergeByKey('containerPort'),
  env: mergeByKey('name'),
  envFrom: REPLACE,
  volumeMounts: mergeByKey('mountPath'),
  volumeDevices: mergeByKey('devicePath'),
  resizePolicy: REPLACE,
  command: REPLACE,
  args: REPLACE,
};

const POD_SPEC = object({
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

const POD_STATUS = object({
  conditions: CONDITIONS,
  podIPs: mergeByKey('ip'),
  hostIPs: mergeByKey('ip'),
  initContainerStatuses: REPLACE,
  containerStatuses: REPLACE,
  ephemeralContainerStatuses: REPLACE,
  resourceClaimStatuses: mergeByKey('name', {}, true),
});

const POD_TEMPLATE = object({ metadata: OBJECT_META, spec: POD_SPEC });

const WORKLOAD_STATUS = object({ conditions: CONDITIONS });

function kind(fields: Record<string, FieldSchema>): PatchSchema {
  return { fields: { metadata: OBJECT_META, ...fields } };
}

const SCHEMAS: Readonly<Record<string, PatchSchema>> = {
  Namespace: kind({
    spec: object({ finalizers: REPLACE }),
    status: object({ conditions: CONDITIONS }),
  }),
  Node: kind({
    spec: object({ taints: REPLACE, podCIDRs: MERGE_PRIMITIVES }),
    status: object({
      conditions: CONDITIONS,
      addresses: mergeByKey('type'),
      images: REPLACE,
      volumesInUse: REPLACE,
      volumesAttached: REPLACE,
    }),
  }),
  Pod: kind({ spec: POD_SPEC, status: POD_STATUS }),
  Event: kind({}),
  Lease: kind({}),
  ReplicaSet: kind({
    spec: object({ template: POD_TEMPLATE }),
    status: WORKLOAD_STATUS,
  }),
  Deployment: kind({
    spec: object({ template: POD_TEMPLATE, strategy: { retainKeys: true } }),
    status: WORKLOAD_STATUS,
  }),
  DaemonSet: kind({
    spec: object({ template: POD_TEMPLATE }),
    status: WORKLOAD_STATUS,
  }),
  StatefulSet: kind({
    spec: object({ template: POD_TEMPLATE, volumeClaimTemplates: REPLACE }),
    status: WORKLOAD_STATUS,
  }),
  ControllerRevision: kind({}),
};

/**
 * The strategic-merge metadata of a built-in kind, or undefined for a kind
 * without it (callers then refuse strategic merge patches, as Kubernetes does
 * for custom resources).
 */
export function patchSchemaFor(kind: string): PatchSchema | undefined {
  return Object.prototype.hasOwnProperty.call(SCHEMAS, kind) ? SCHEMAS[kind] : undefined;
}
