// Components every group-version document needs besides its kinds: the
// list of each kind, the Status errors come back as, DeleteOptions, WatchEvent,
// the Patch body, and the kinds subresources speak (Scale, Binding, Eviction). Named as
// Kubernetes names them, so `kubectl explain` and generated clients find them.
import { arrayOf, bool, int32, int64, object, ref, str, strings } from '../../../api/openapi/builders.js';
import { CORE, META, RAW_EXTENSION } from '../../../api/openapi/names.js';
import type { ComponentTable, GroupVersionKind, OpenApiSchema } from '../../../api/openapi/schema.js';

export const AUTOSCALING_V1 = 'io.k8s.api.autoscaling.v1.';
export const STATUS = `${META}Status`;
export const DELETE_OPTIONS = `${META}DeleteOptions`;
export const WATCH_EVENT = `${META}WatchEvent`;
export const PATCH = `${META}Patch`;
export const SCALE = `${AUTOSCALING_V1}Scale`;
export const BINDING = `${CORE}Binding`;
export const EVICTION = 'io.k8s.api.policy.v1.Eviction';

/** `io.k8s.api.apps.v1.Deployment` -> `io.k8s.api.apps.v1.DeploymentList`. */
export function listComponentName(root: string): string {
  return `${root}List`;
}

export function listComponent(root: string, kind: GroupVersionKind): OpenApiSchema {
  return object(
    {
      apiVersion: str(),
      items: arrayOf(ref(root, { default: {} })),
      kind: str(),
      metadata: ref(`${META}ListMeta`, { default: {} }),
    },
    ['items'],
    {
      description: `${kind.kind}List is a list of ${kind.kind} objects.`,
      'x-kubernetes-group-version-kind': [{ ...kind, kind: `${kind.kind}List` }],
    },
  );
}

/**
 * The meta components. DeleteOptions and WatchEvent are served in every group,
 * so they carry one kind per group-version, as upstream's do.
 */
export function metaComponents(groupVersions: readonly { group: string; version: string }[]): ComponentTable {
  const everywhere = (kind: string): GroupVersionKind[] => groupVersions.map((gv) => ({ group: gv.group, version: gv.version, kind }));
  return {
    [STATUS]: object(
      {
        apiVersion: str(),
        code: int32(),
        details: ref(`${META}StatusDetails`),
        kind: str(),
        message: str(),
        metadata: ref(`${META}ListMeta`, { default: {} }),
        reason: str(),
        status: str(),
      },
      [],
      { description: 'Status is a return value for calls that do not return other objects.', 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Status' }] },
    ),
    [`${META}StatusDetails`]: object({
      causes: arrayOf(ref(`${META}StatusCause`, { default: {} }), { 'x-kubernetes-list-type': 'atomic' }),
      group: str(),
      kind: str(),
      name: str(),
      retryAfterSeconds: int32(),
      uid: str(),
    }),
    [`${META}StatusCause`]: object({ field: str(), message: str(), reason: str() }),
    [DELETE_OPTIONS]: object(
      {
        apiVersion: str(),
        dryRun: strings(),
        gracePeriodSeconds: int64(),
        ignoreStoreReadErrorWithClusterBreakingPotential: bool(),
        kind: str(),
        orphanDependents: bool(),
        preconditions: ref(`${META}Preconditions`),
        propagationPolicy: str(),
      },
      [],
      { description: 'DeleteOptions may be provided when deleting an API object.', 'x-kubernetes-group-version-kind': everywhere('DeleteOptions') },
    ),
    [`${META}Preconditions`]: object({ resourceVersion: str(), uid: str() }),
    [WATCH_EVENT]: object(
      { object: ref(RAW_EXTENSION), type: str({ default: '' }) },
      ['type', 'object'],
      { description: 'Event represents a single event to a watched resource.', 'x-kubernetes-group-version-kind': everywhere('WatchEvent') },
    ),
    [PATCH]: { type: 'object', description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.' },
  };
}

export const SCALE_COMPONENTS: ComponentTable = {
  [SCALE]: object(
    {
      apiVersion: str(),
      kind: str(),
      metadata: ref(`${META}ObjectMeta`, { default: {} }),
      spec: ref(`${AUTOSCALING_V1}ScaleSpec`, { default: {} }),
      status: ref(`${AUTOSCALING_V1}ScaleStatus`),
    },
    [],
    { description: 'Scale represents a scaling request for a resource.', 'x-kubernetes-group-version-kind': [{ group: 'autoscaling', version: 'v1', kind: 'Scale' }] },
  ),
  [`${AUTOSCALING_V1}ScaleSpec`]: object({ replicas: int32() }),
  [`${AUTOSCALING_V1}ScaleStatus`]: object({ replicas: int32({ default: 0 }), selector: str() }, ['replicas']),
};

export const BINDING_COMPONENTS: ComponentTable = {
  [BINDING]: object(
    {
      apiVersion: str(),
      kind: str(),
      metadata: ref(`${META}ObjectMeta`, { default: {} }),
      target: ref(`${CORE}ObjectReference`, { default: {} }),
    },
    ['target'],
    { description: 'Binding ties one object to another; for example, a pod is bound to a node by a scheduler.', 'x-kubernetes-group-version-kind': [{ group: '', version: 'v1', kind: 'Binding' }] },
  ),
};

export const EVICTION_COMPONENTS: ComponentTable = {
  [EVICTION]: object(
    {
      apiVersion: str(),
      deleteOptions: ref(DELETE_OPTIONS),
      kind: str(),
      metadata: ref(`${META}ObjectMeta`, { default: {} }),
    },
    [],
    {
      description: 'Eviction evicts a pod from its node subject to certain policies and safety constraints. This is a subresource of Pod.  A request to cause such an eviction is created by POSTing to .../pods/<pod name>/evictions.',
      'x-kubernetes-group-version-kind': [{ group: 'policy', version: 'v1', kind: 'Eviction' }],
    },
  ),
};
