// v1 Pod and its status: conditions, IPs, container states and the status of
// resource claims. PodSpec lives in core-pod-spec.ts.
import {
  condition,
  arrayOf,
  atomicList,
  bool,
  int32,
  int64,
  keyedList,
  kindObject,
  mergedList,
  object,
  preserved,
  quantityMap,
  ref,
  str,
  time,
} from '../builders.js';
import { CORE } from '../names.js';
import type { ComponentTable } from '../schema.js';

const ip = (): ReturnType<typeof object> => object({ ip: str({ default: '' }) }, ['ip']);

export const POD_COMPONENTS: ComponentTable = {
  [`${CORE}Pod`]: kindObject({ group: '', version: 'v1', kind: 'Pod' }, 'A group of containers scheduled together on one node.', {
    spec: ref(`${CORE}PodSpec`, { default: {} }),
    status: ref(`${CORE}PodStatus`, { default: {} }),
  }),
  [`${CORE}PodStatus`]: object({
    conditions: mergedList(`${CORE}PodCondition`, 'type'),
    containerStatuses: atomicList(`${CORE}ContainerStatus`),
    ephemeralContainerStatuses: atomicList(`${CORE}ContainerStatus`),
    extendedResourceClaimStatus: ref(`${CORE}PodExtendedResourceClaimStatus`),
    hostIP: str(),
    // Kubernetes merges these by ip under strategic merge yet replaces them under server-side apply.
    hostIPs: arrayOf(ref(`${CORE}HostIP`), {
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-patch-merge-key': 'ip',
      'x-kubernetes-list-type': 'atomic',
    }),
    initContainerStatuses: atomicList(`${CORE}ContainerStatus`),
    message: str(),
    nominatedNodeName: str(),
    observedGeneration: int64(),
    phase: str(),
    podIP: str(),
    podIPs: mergedList(`${CORE}PodIP`, 'ip'),
    qosClass: str(),
    reason: str(),
    resize: str(),
    resourceClaimStatuses: mergedList(`${CORE}PodResourceClaimStatus`, 'name', {
      'x-kubernetes-patch-strategy': 'merge,retainKeys',
    }),
    startTime: time(),
  }),
  // Written only by the scheduler's dynamic resource allocation, an alpha feature Flotilla does not run.
  [`${CORE}PodExtendedResourceClaimStatus`]: preserved('Where extended resource requests of the pod are satisfied.'),
  [`${CORE}PodCondition`]: condition({ lastProbeTime: time(), observedGeneration: int64() }),
  [`${CORE}PodIP`]: ip(),
  [`${CORE}HostIP`]: ip(),
  [`${CORE}PodResourceClaimStatus`]: object({ name: str({ default: '' }), resourceClaimName: str() }, ['name']),
  [`${CORE}ContainerStatus`]: object(
    {
      allocatedResources: quantityMap(),
      allocatedResourcesStatus: keyedList(`${CORE}ResourceStatus`, ['name']),
      containerID: str(),
      image: str({ default: '' }),
      imageID: str({ default: '' }),
      lastState: ref(`${CORE}ContainerState`, { default: {} }),
      name: str({ default: '' }),
      ready: bool({ default: false }),
      resources: ref(`${CORE}ResourceRequirements`),
      restartCount: int32({ default: 0 }),
      started: bool(),
      state: ref(`${CORE}ContainerState`, { default: {} }),
      stopSignal: str(),
      user: ref(`${CORE}ContainerUser`),
      volumeMounts: keyedList(`${CORE}VolumeMountStatus`, ['mountPath']),
    },
    ['name', 'ready', 'restartCount', 'image', 'imageID'],
  ),
  [`${CORE}ResourceStatus`]: object(
    { name: str({ default: '' }), resources: keyedList(`${CORE}ResourceHealth`, ['resourceID']) },
    ['name'],
  ),
  [`${CORE}ResourceHealth`]: object({ health: str(), resourceID: str({ default: '' }) }, ['resourceID']),
  [`${CORE}ContainerUser`]: object({ linux: ref(`${CORE}LinuxContainerUser`) }),
  [`${CORE}LinuxContainerUser`]: object(
    {
      gid: int64({ default: 0 }),
      supplementalGroups: arrayOf(int64({ default: 0 }), { 'x-kubernetes-list-type': 'atomic' }),
      uid: int64({ default: 0 }),
    },
    ['uid', 'gid'],
  ),
  [`${CORE}VolumeMountStatus`]: object(
    { mountPath: str({ default: '' }), name: str({ default: '' }), readOnly: bool(), recursiveReadOnly: str() },
    ['name', 'mountPath'],
  ),
  [`${CORE}ContainerState`]: object({
    running: ref(`${CORE}ContainerStateRunning`),
    terminated: ref(`${CORE}ContainerStateTerminated`),
    waiting: ref(`${CORE}ContainerStateWaiting`),
  }),
  [`${CORE}ContainerStateRunning`]: object({ startedAt: time() }),
  [`${CORE}ContainerStateTerminated`]: object(
    {
      containerID: str(),
      exitCode: int32({ default: 0 }),
      finishedAt: time(),
      message: str(),
      reason: str(),
      signal: int32(),
      startedAt: time(),
    },
    ['exitCode'],
  ),
  [`${CORE}ContainerStateWaiting`]: object({ message: str(), reason: str() }),
};
