// kubectl describe: fetches what each kind's description needs besides the
// object itself (its events, owned replica sets or pods, a node's lease) and
// renders it. Missing extras never fail a describe; they are left out.
import { resources, type ResourceInfo } from '../../api/resources.js';
import { selectorFromLabelSelector, selectorToString } from '../../api/labels/label-selector.js';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../api/types/apps.js';
import type { KubeObject, LabelSelector } from '../../api/types/meta.js';
import type { Event, Lease, Namespace, Node } from '../../api/types/node.js';
import type { Pod, PodTemplateSpec } from '../../api/types/pod.js';
import type { ApiClient } from '../../client/api-client.js';
import { sortKeys } from '../object-output.js';
import { describeGeneric, describeNamespace } from './generic.js';
import { describeNode } from './node.js';
import { describePod } from './pod.js';
import { describePersistentVolume, describePersistentVolumeClaim, describeStorageClass } from './storage.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import { describeDaemonSet, describeDeployment, describeReplicaSet, describeStatefulSet, type DeploymentReplicaSets } from './workloads.js';

export type DescribeClient = Pick<ApiClient, 'get' | 'list'>;

const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/** The events about one object, found as kubectl finds them: by involvedObject fields. */
export async function eventsFor(client: DescribeClient, info: ResourceInfo, obj: KubeObject): Promise<Event[]> {
  const terms = [`involvedObject.name=${obj.metadata.name ?? ''}`];
  if (info.namespaced) terms.push(`involvedObject.namespace=${obj.metadata.namespace ?? ''}`);
  terms.push(`involvedObject.kind=${info.kind}`);
  if (obj.metadata.uid) terms.push(`involvedObject.uid=${obj.metadata.uid}`);
  try {
    const list = await client.list(resources.events, {
      namespace: info.namespaced ? obj.metadata.namespace : '',
      fieldSelector: terms.join(','),
    });
    return list.items;
  } catch {
    return [];
  }
}

async function listOrEmpty<T extends KubeObject>(client: DescribeClient, resource: ResourceInfo<T>, namespace: string, selector?: LabelSelector, fieldSelector?: string): Promise<T[]> {
  try {
    const parsed = selector ? selectorFromLabelSelector(selector) : null;
    const labelSelector = parsed ? selectorToString(parsed) : '';
    return (await client.list(resource, { namespace, labelSelector, fieldSelector })).items;
  } catch {
    return [];
  }
}

function templateKey(template: PodTemplateSpec | undefined): string {
  const copy = structuredClone(template ?? { spec: { containers: [] } });
  if (copy.metadata?.labels) delete copy.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  return JSON.stringify(sortKeys(copy));
}

/** The deployment's replica sets, split as kubectl does: the one running the current template, and the rest. */
export function splitReplicaSets(d: Deployment, all: readonly ReplicaSet[]): DeploymentReplicaSets {
  const owned = all
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === d.metadata.uid))
    .sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''));
  const wanted = templateKey(d.spec?.template);
  const current = owned.find((rs) => templateKey(rs.spec?.template) === wanted);
  return { current, old: owned.filter((rs) => rs !== current && (rs.spec?.replicas ?? 0) > 0) };
}

export async function describeObject(client: DescribeClient, info: ResourceInfo, obj: KubeObject, now: Date): Promise<string> {
  const namespace = obj.metadata.namespace ?? '';
  const events = await eventsFor(client, info, obj);
  switch (info.kind) {
    case 'Pod':
      return describePod(obj as Pod, events, now);
    case 'Deployment': {
      const d = obj as Deployment;
      const sets = splitReplicaSets(d, await listOrEmpty(client, resources.replicaSets, namespace, d.spec?.selector));
      return describeDeployment(d, sets, events, now);
    }
    case 'ReplicaSet': {
      const rs = obj as ReplicaSet;
      return describeReplicaSet(rs, await listOrEmpty(client, resources.pods, namespace, rs.spec?.selector), events, now);
    }
    case 'DaemonSet': {
      const ds = obj as DaemonSet;
      return describeDaemonSet(ds, await listOrEmpty(client, resources.pods, namespace, ds.spec?.selector), events, now);
    }
    case 'StatefulSet': {
      const sts = obj as StatefulSet;
      return describeStatefulSet(sts, await listOrEmpty(client, resources.pods, namespace, sts.spec?.selector), events, now);
    }
    case 'Node': {
      const node = obj as Node;
      const name = node.metadata.name ?? '';
      const pods = await listOrEmpty(client, resources.pods, '', undefined, `spec.nodeName=${name},status.phase!=Failed,status.phase!=Succeeded`);
      let lease: Lease | undefined;
      try {
        lease = await client.get(resources.leases, NODE_LEASE_NAMESPACE, name);
      } catch {
        lease = undefined;
      }
      return describeNode(node, pods, lease, events, now);
    }
    case 'Namespace':
      return describeNamespace(obj as Namespace);
    case 'PersistentVolumeClaim':
      return describePersistentVolumeClaim(obj as PersistentVolumeClaim, await listOrEmpty(client, resources.pods, namespace), events, now);
    case 'PersistentVolume':
      return describePersistentVolume(obj as PersistentVolume, events, now);
    case 'StorageClass':
      return describeStorageClass(obj as StorageClass, events, now);
    default:
      return describeGeneric(obj, events, now);
  }
}
