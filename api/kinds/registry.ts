// The kinds Flotilla serves. Everything about a kind lives in its module; this
// list is the only other place a kind is named, and storage, routing, tables,
// field selectors, patches and `api-resources` are derived from it.
import type { PatchSchema } from '../patch/patch-schema.js';
import { certificateSigningRequestKind } from './certificatesigningrequest.js';
import { configMapKind } from './configmap.js';
import { controllerRevisionKind } from './controllerrevision.js';
import { cronJobKind } from './cronjob.js';
import { daemonSetKind } from './daemonset.js';
import { deploymentKind } from './deployment.js';
import { endpointsKind } from './endpoints.js';
import { endpointSliceKind } from './endpointslice.js';
import { eventKind } from './event.js';
import { horizontalPodAutoscalerKind } from './horizontalpodautoscaler.js';
import { jobKind } from './job.js';
import type { KindDefinition } from './kind-definition.js';
import { leaseKind } from './lease.js';
import { limitRangeKind } from './limitrange.js';
import { namespaceKind } from './namespace.js';
import { persistentVolumeKind } from './persistentvolume.js';
import { persistentVolumeClaimKind } from './persistentvolumeclaim.js';
import { nodeKind } from './node.js';
import { podKind } from './pod.js';
import { podDisruptionBudgetKind } from './poddisruptionbudget.js';
import { clusterRoleBindingKind, roleBindingKind } from './rbac-bindings.js';
import { clusterRoleKind, roleKind } from './rbac-roles.js';
import { replicaSetKind } from './replicaset.js';
import { resourceQuotaKind } from './resourcequota.js';
import { secretKind } from './secret.js';
import { serviceKind } from './service.js';
import { serviceAccountKind } from './serviceaccount.js';
import { statefulSetKind } from './statefulset.js';
import { storageClassKind } from './storageclass.js';

/**
 * Typed handles, one per kind: `client.get(resources.pods, ns, name)` returns a
 * Pod. Components name resources only through these, never by strings.
 */
export const resources = {
  namespaces: namespaceKind,
  nodes: nodeKind,
  pods: podKind,
  // Right after pods: `get all` prints kinds in this order, and kubectl's lists services second.
  services: serviceKind,
  events: eventKind,
  leases: leaseKind,
  configMaps: configMapKind,
  secrets: secretKind,
  serviceAccounts: serviceAccountKind,
  persistentVolumeClaims: persistentVolumeClaimKind,
  resourceQuotas: resourceQuotaKind,
  limitRanges: limitRangeKind,
  persistentVolumes: persistentVolumeKind,
  storageClasses: storageClassKind,
  daemonSets: daemonSetKind,
  deployments: deploymentKind,
  replicaSets: replicaSetKind,
  statefulSets: statefulSetKind,
  controllerRevisions: controllerRevisionKind,
  // HPAs, then CronJobs before Jobs: `get all` prints them in kubectl's order.
  horizontalPodAutoscalers: horizontalPodAutoscalerKind,
  cronJobs: cronJobKind,
  jobs: jobKind,
  endpoints: endpointsKind,
  endpointSlices: endpointSliceKind,
  podDisruptionBudgets: podDisruptionBudgetKind,
  clusterRoles: clusterRoleKind,
  clusterRoleBindings: clusterRoleBindingKind,
  roles: roleKind,
  roleBindings: roleBindingKind,
  certificateSigningRequests: certificateSigningRequestKind,
} as const;

/** Every served kind, in the order `api-resources` and namespace cleanup meet them. */
export const KINDS: readonly KindDefinition[] = Object.values(resources);

/** The kind with this name (kind names are unique across the served groups). */
export function kindNamed(kind: string): KindDefinition | undefined {
  return KINDS.find((k) => k.kind === kind);
}

/**
 * The strategic-merge metadata of a served kind, or undefined for a kind
 * without it (callers then refuse strategic merge patches, as Kubernetes does
 * for custom resources).
 */
export function patchSchemaFor(kind: string): PatchSchema | undefined {
  return kindNamed(kind)?.patchSchema;
}
