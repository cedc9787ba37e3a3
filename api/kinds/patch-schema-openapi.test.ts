// The strategic-merge metadata each kind derives from its OpenAPI schema,
// checked against the metadata the kinds carried by hand before it was
// derived (Kubernetes' patchStrategy / patchMergeKey struct tags). The derived
// schema lists more replaced lists than these; the comparison is of how they
// patch, path by path, both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FieldSchema, PatchSchema } from '../patch/patch-schema.js';
import { patchSchemaDifferences } from '../patch/patch-schema-diff.js';
import { KINDS } from './registry.js';

function nested(fields: Record<string, FieldSchema>): FieldSchema {
  return { schema: { fields } };
}

function mergeByKey(mergeKey: string, fields: Record<string, FieldSchema> = {}, retainKeys = false): FieldSchema {
  const field: FieldSchema = { list: 'merge', mergeKey, schema: { fields } };
  return retainKeys ? { ...field, retainKeys } : field;
}

const MERGE_PRIMITIVES: FieldSchema = { list: 'merge' };
const REPLACE: FieldSchema = { list: 'replace' };
const CONDITIONS = mergeByKey('type');

const OBJECT_META = nested({
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

const POD_SPEC = nested({
  // An ephemeral volume's claim template embeds ObjectMeta, whose owner
  // references and finalizers Kubernetes merges there too (the hand-written
  // schema stopped at the volume).
  volumes: mergeByKey('name', { ephemeral: nested({ volumeClaimTemplate: nested({ metadata: OBJECT_META }) }) }, true),
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

const POD_STATUS = nested({
  conditions: CONDITIONS,
  podIPs: mergeByKey('ip'),
  hostIPs: mergeByKey('ip'),
  initContainerStatuses: REPLACE,
  containerStatuses: REPLACE,
  ephemeralContainerStatuses: REPLACE,
  resourceClaimStatuses: mergeByKey('name', {}, true),
});

const POD_TEMPLATE = nested({ metadata: OBJECT_META, spec: POD_SPEC });
const WORKLOAD_STATUS = nested({ conditions: CONDITIONS });

function kindPatchSchema(fields: Record<string, FieldSchema>): PatchSchema {
  return { fields: { metadata: OBJECT_META, ...fields } };
}

const EXPECTED: Record<string, PatchSchema> = {
  Namespace: kindPatchSchema({ spec: nested({ finalizers: REPLACE }), status: nested({ conditions: CONDITIONS }) }),
  Node: kindPatchSchema({
    spec: nested({ taints: REPLACE, podCIDRs: MERGE_PRIMITIVES }),
    status: nested({
      conditions: CONDITIONS,
      addresses: mergeByKey('type'),
      images: REPLACE,
      volumesInUse: REPLACE,
      volumesAttached: REPLACE,
    }),
  }),
  Pod: kindPatchSchema({ spec: POD_SPEC, status: POD_STATUS }),
  Event: kindPatchSchema({}),
  Lease: kindPatchSchema({}),
  ConfigMap: kindPatchSchema({}),
  Secret: kindPatchSchema({}),
  ServiceAccount: kindPatchSchema({ secrets: mergeByKey('name') }),
  ResourceQuota: kindPatchSchema({ spec: nested({ scopes: REPLACE, scopeSelector: nested({ matchExpressions: REPLACE }) }) }),
  LimitRange: kindPatchSchema({ spec: nested({ limits: REPLACE }) }),
  Deployment: kindPatchSchema({
    spec: nested({ template: POD_TEMPLATE, strategy: { retainKeys: true } }),
    status: WORKLOAD_STATUS,
  }),
  ReplicaSet: kindPatchSchema({ spec: nested({ template: POD_TEMPLATE }), status: WORKLOAD_STATUS }),
  DaemonSet: kindPatchSchema({ spec: nested({ template: POD_TEMPLATE }), status: WORKLOAD_STATUS }),
  StatefulSet: kindPatchSchema({
    spec: nested({ template: POD_TEMPLATE, volumeClaimTemplates: REPLACE }),
    status: WORKLOAD_STATUS,
  }),
  ControllerRevision: kindPatchSchema({}),
  Job: kindPatchSchema({ spec: nested({ template: POD_TEMPLATE }), status: WORKLOAD_STATUS }),
  CronJob: kindPatchSchema({
    spec: nested({ jobTemplate: nested({ metadata: OBJECT_META, spec: nested({ template: POD_TEMPLATE }) }) }),
    status: nested({ active: REPLACE }),
  }),
  Service: kindPatchSchema({ spec: nested({ ports: mergeByKey('port') }), status: nested({ conditions: CONDITIONS }) }),
  Endpoints: kindPatchSchema({ subsets: REPLACE }),
  EndpointSlice: kindPatchSchema({ endpoints: REPLACE, ports: REPLACE }),
  PodDisruptionBudget: kindPatchSchema({ status: nested({ conditions: CONDITIONS }) }),
  PersistentVolume: kindPatchSchema({}),
  PersistentVolumeClaim: kindPatchSchema({ status: nested({ conditions: CONDITIONS }) }),
  StorageClass: kindPatchSchema({}),
  Role: kindPatchSchema({ rules: REPLACE }),
  ClusterRole: kindPatchSchema({ rules: REPLACE, aggregationRule: nested({ clusterRoleSelectors: REPLACE }) }),
  RoleBinding: kindPatchSchema({ subjects: REPLACE }),
  ClusterRoleBinding: kindPatchSchema({ subjects: REPLACE }),
  CertificateSigningRequest: kindPatchSchema({ spec: nested({ usages: REPLACE, groups: REPLACE }), status: nested({ conditions: REPLACE }) }),
  HorizontalPodAutoscaler: kindPatchSchema({
    spec: nested({ metrics: REPLACE, behavior: nested({ scaleUp: nested({ policies: REPLACE }), scaleDown: nested({ policies: REPLACE }) }) }),
    status: nested({ currentMetrics: REPLACE, conditions: CONDITIONS }),
  }),
};

test('every served kind has expected patch metadata here', () => {
  assert.deepEqual(KINDS.map((k) => k.kind).sort(), Object.keys(EXPECTED).sort());
});

for (const kind of KINDS) {
  test(`${kind.kind}: the patch schema derived from its OpenAPI schema patches as Kubernetes' struct tags say`, () => {
    const expected = EXPECTED[kind.kind];
    assert.ok(expected, kind.kind);
    assert.deepEqual(patchSchemaDifferences(expected, kind.patchSchema), []);
  });
}

test('a schema that patches differently is caught', () => {
  const pod = KINDS.find((k) => k.kind === 'Pod')!;
  const broken = structuredClone(EXPECTED.Pod!) as { fields: Record<string, FieldSchema> };
  const spec = broken.fields.spec!.schema!.fields as Record<string, FieldSchema>;
  spec.tolerations = mergeByKey('key');
  assert.deepEqual(patchSchemaDifferences(broken, pod.patchSchema), ['spec.tolerations: expected merge by key, got replace']);
});
