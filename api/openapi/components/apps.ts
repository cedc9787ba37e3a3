// apps/v1: Deployment, ReplicaSet, DaemonSet, StatefulSet and ControllerRevision.
import { atomicList, bool, condition, int32, int64, intOrString, kindObject, mergedList, object, ref, str, time, type Properties } from '../builders.js';
import { APPS, CORE, META, RAW_EXTENSION } from '../names.js';
import type { ComponentTable, OpenApiSchema } from '../schema.js';

const gvk = (kind: string): { group: string; version: string; kind: string } => ({ group: 'apps', version: 'v1', kind });

function workload(kind: string, description: string): OpenApiSchema {
  return kindObject(gvk(kind), description, {
    spec: ref(`${APPS}${kind}Spec`, { default: {} }),
    status: ref(`${APPS}${kind}Status`, { default: {} }),
  });
}

/** The members every workload spec shares. */
const WORKLOAD_SPEC: Properties = {
  minReadySeconds: int32(),
  selector: ref(`${META}LabelSelector`),
  template: ref(`${CORE}PodTemplateSpec`, { default: {} }),
};

const conditions = (kind: string): OpenApiSchema => mergedList(`${APPS}${kind}Condition`, 'type');

export const APPS_COMPONENTS: ComponentTable = {
  [`${APPS}Deployment`]: workload('Deployment', 'Declarative updates for pods and replica sets.'),
  [`${APPS}DeploymentSpec`]: object(
    {
      ...WORKLOAD_SPEC,
      paused: bool(),
      progressDeadlineSeconds: int32(),
      replicas: int32(),
      revisionHistoryLimit: int32(),
      // A union of strategy types: switching to Recreate must clear rollingUpdate.
      strategy: ref(`${APPS}DeploymentStrategy`, { default: {}, 'x-kubernetes-patch-strategy': 'retainKeys' }),
    },
    ['selector', 'template'],
  ),
  [`${APPS}DeploymentStrategy`]: object({ rollingUpdate: ref(`${APPS}RollingUpdateDeployment`), type: str() }),
  [`${APPS}RollingUpdateDeployment`]: object({ maxSurge: intOrString(), maxUnavailable: intOrString() }),
  [`${APPS}DeploymentStatus`]: object({
    availableReplicas: int32(),
    collisionCount: int32(),
    conditions: conditions('Deployment'),
    observedGeneration: int64(),
    readyReplicas: int32(),
    replicas: int32(),
    terminatingReplicas: int32(),
    unavailableReplicas: int32(),
    updatedReplicas: int32(),
  }),
  [`${APPS}DeploymentCondition`]: condition({ lastUpdateTime: time() }),

  [`${APPS}ReplicaSet`]: workload('ReplicaSet', 'Keeps a number of identical pods running.'),
  [`${APPS}ReplicaSetSpec`]: object({ ...WORKLOAD_SPEC, replicas: int32() }, ['selector']),
  [`${APPS}ReplicaSetStatus`]: object(
    {
      availableReplicas: int32(),
      conditions: conditions('ReplicaSet'),
      fullyLabeledReplicas: int32(),
      observedGeneration: int64(),
      readyReplicas: int32(),
      replicas: int32({ default: 0 }),
      terminatingReplicas: int32(),
    },
    ['replicas'],
  ),
  [`${APPS}ReplicaSetCondition`]: condition(),

  [`${APPS}DaemonSet`]: workload('DaemonSet', 'Runs a copy of a pod on every eligible node.'),
  [`${APPS}DaemonSetSpec`]: object(
    {
      ...WORKLOAD_SPEC,
      revisionHistoryLimit: int32(),
      updateStrategy: ref(`${APPS}DaemonSetUpdateStrategy`, { default: {} }),
    },
    ['selector', 'template'],
  ),
  [`${APPS}DaemonSetUpdateStrategy`]: object({ rollingUpdate: ref(`${APPS}RollingUpdateDaemonSet`), type: str() }),
  [`${APPS}RollingUpdateDaemonSet`]: object({ maxSurge: intOrString(), maxUnavailable: intOrString() }),
  [`${APPS}DaemonSetStatus`]: object(
    {
      collisionCount: int32(),
      conditions: conditions('DaemonSet'),
      currentNumberScheduled: int32({ default: 0 }),
      desiredNumberScheduled: int32({ default: 0 }),
      numberAvailable: int32(),
      numberMisscheduled: int32({ default: 0 }),
      numberReady: int32({ default: 0 }),
      numberUnavailable: int32(),
      observedGeneration: int64(),
      updatedNumberScheduled: int32(),
    },
    ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
  ),
  [`${APPS}DaemonSetCondition`]: condition(),

  [`${APPS}StatefulSet`]: workload('StatefulSet', 'Pods with stable identities and storage, started in order.'),
  [`${APPS}StatefulSetSpec`]: object(
    {
      ...WORKLOAD_SPEC,
      ordinals: ref(`${APPS}StatefulSetOrdinals`),
      persistentVolumeClaimRetentionPolicy: ref(`${APPS}StatefulSetPersistentVolumeClaimRetentionPolicy`),
      podManagementPolicy: str(),
      replicas: int32(),
      revisionHistoryLimit: int32(),
      serviceName: str(),
      updateStrategy: ref(`${APPS}StatefulSetUpdateStrategy`, { default: {} }),
      volumeClaimTemplates: atomicList(`${CORE}PersistentVolumeClaim`),
    },
    ['selector', 'template'],
  ),
  [`${APPS}StatefulSetOrdinals`]: object({ start: int32({ default: 0 }) }),
  [`${APPS}StatefulSetPersistentVolumeClaimRetentionPolicy`]: object({ whenDeleted: str(), whenScaled: str() }),
  [`${APPS}StatefulSetUpdateStrategy`]: object({ rollingUpdate: ref(`${APPS}RollingUpdateStatefulSetStrategy`), type: str() }),
  [`${APPS}RollingUpdateStatefulSetStrategy`]: object({ maxUnavailable: intOrString(), partition: int32() }),
  [`${APPS}StatefulSetStatus`]: object(
    {
      availableReplicas: int32({ default: 0 }),
      collisionCount: int32(),
      conditions: conditions('StatefulSet'),
      currentReplicas: int32(),
      currentRevision: str(),
      observedGeneration: int64(),
      readyReplicas: int32(),
      replicas: int32({ default: 0 }),
      updateRevision: str(),
      updatedReplicas: int32(),
    },
    ['replicas'],
  ),
  [`${APPS}StatefulSetCondition`]: condition(),

  [`${APPS}ControllerRevision`]: kindObject(
    gvk('ControllerRevision'),
    'An immutable snapshot of a workload template, ordered by revision.',
    { data: ref(RAW_EXTENSION), revision: int64({ default: 0 }) },
    ['revision'],
  ),
};
