// The API objects a pod makes its node read: the Secrets, ConfigMaps and
// PersistentVolumeClaims named by its volumes (projected sources and generic
// ephemeral volumes included), by its containers' env and envFrom and by its
// imagePullSecrets, and its ServiceAccount. The node authorizer's graph is
// built from these, so a missed reference is a read the node is refused.
import type { Container, Pod, Volume } from '../../api/types/index.js';
import { DEFAULT_SERVICE_ACCOUNT } from '../../api/kinds/serviceaccount.js';
import { isRecord } from '../../api/validation/values.js';

export type ReferenceKind = 'secret' | 'configmap' | 'persistentvolumeclaim' | 'serviceaccount';

export interface PodReference {
  readonly kind: ReferenceKind;
  /** Always the pod's own namespace: a pod cannot reference objects elsewhere. */
  readonly name: string;
}

/** Volume sources of other storage systems that carry credentials in a Secret of the pod's namespace. */
const SECRET_REF_SOURCES = ['cephfs', 'rbd', 'iscsi', 'flexVolume', 'scaleIO', 'storageos', 'cinder', 'csi'] as const;

function nameAt(value: unknown, field: string): string {
  if (!isRecord(value)) return '';
  const name = value[field];
  return typeof name === 'string' ? name : '';
}

function volumeReferences(pod: Pod, volume: Volume, add: (kind: ReferenceKind, name: string) => void): void {
  add('secret', nameAt(volume.secret, 'secretName'));
  add('configmap', nameAt(volume.configMap, 'name'));
  add('persistentvolumeclaim', nameAt(volume.persistentVolumeClaim, 'claimName'));
  // A generic ephemeral volume's claim is named after the pod and the volume.
  if (isRecord(volume.ephemeral)) add('persistentvolumeclaim', `${pod.metadata.name ?? ''}-${volume.name}`);
  for (const source of volume.projected?.sources ?? []) {
    add('secret', nameAt(source.secret, 'name'));
    add('configmap', nameAt(source.configMap, 'name'));
  }
  for (const field of SECRET_REF_SOURCES) {
    const source = volume[field];
    if (!isRecord(source)) continue;
    add('secret', nameAt(source.secretRef, 'name'));
    add('secret', nameAt(source.nodePublishSecretRef, 'name'));
  }
  add('secret', nameAt(volume.azureFile, 'secretName'));
}

function containerReferences(container: Container, add: (kind: ReferenceKind, name: string) => void): void {
  for (const from of container.envFrom ?? []) {
    add('secret', nameAt(from.secretRef, 'name'));
    add('configmap', nameAt(from.configMapRef, 'name'));
  }
  for (const env of container.env ?? []) {
    add('secret', nameAt(env.valueFrom?.secretKeyRef, 'name'));
    add('configmap', nameAt(env.valueFrom?.configMapKeyRef, 'name'));
  }
}

function listAt<T>(spec: Record<string, unknown>, field: string): T[] {
  const list = spec[field];
  return Array.isArray(list) ? (list.filter(isRecord) as T[]) : [];
}

/** Each object the pod references, once. */
export function podReferences(pod: Pod): PodReference[] {
  const seen = new Map<string, PodReference>();
  const add = (kind: ReferenceKind, name: string): void => {
    if (name !== '') seen.set(`${kind}/${name}`, { kind, name });
  };
  const spec: Record<string, unknown> = isRecord(pod.spec) ? pod.spec : {};
  // A pod that names no account runs as `default`, as the token issuer and the agent read it.
  add('serviceaccount', typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '' ? spec.serviceAccountName : DEFAULT_SERVICE_ACCOUNT);
  for (const ref of listAt<unknown>(spec, 'imagePullSecrets')) add('secret', nameAt(ref, 'name'));
  for (const volume of listAt<Volume>(spec, 'volumes')) volumeReferences(pod, volume, add);
  for (const field of ['initContainers', 'containers', 'ephemeralContainers']) {
    for (const container of listAt<Container>(spec, field)) containerReferences(container, add);
  }
  return [...seen.values()];
}

function definedFields(entries: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}

function containerView(container: Container): Record<string, unknown> {
  return definedFields({
    name: container.name,
    env: container.env?.filter((env) => env.valueFrom !== undefined),
    envFrom: container.envFrom,
  });
}

/**
 * The part of a pod podReferences reads, and what the node graph's cache keeps
 * of each pod: images, commands, probes, labels and status are most of a pod
 * and none of the graph's business.
 */
export function referenceView(obj: Pod): Pod {
  const spec: Record<string, unknown> = isRecord(obj.spec) ? obj.spec : {};
  const { name, namespace, uid, resourceVersion } = obj.metadata;
  const containers = (field: string) => (Array.isArray(spec[field]) ? listAt<Container>(spec, field).map(containerView) : undefined);
  return {
    apiVersion: obj.apiVersion,
    kind: obj.kind,
    metadata: definedFields({ name, namespace, uid, resourceVersion }),
    spec: definedFields({
      nodeName: spec.nodeName,
      serviceAccountName: spec.serviceAccountName,
      imagePullSecrets: spec.imagePullSecrets,
      volumes: spec.volumes,
      initContainers: containers('initContainers'),
      containers: containers('containers') ?? [],
      ephemeralContainers: containers('ephemeralContainers'),
    }),
  } as unknown as Pod;
}
