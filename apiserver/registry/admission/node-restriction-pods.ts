// NodeRestriction's rules for pods: a node deletes only pods bound to it,
// writes status only of pods bound to it (and cannot relabel them that way),
// and creates no pod but a mirror pod of its own that references nothing a
// node could use to read other objects through the graph.
import { isDeepStrictEqual } from 'node:util';
import type { KubeObject, Pod } from '../../../api/types/index.js';
import { isRecord } from '../../../api/validation/values.js';
import { podReferences, type ReferenceKind } from '../../authorization/pod-references.js';
import type { AdmissionAttributes } from './attributes.js';

export const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

/** How a refusal is worded and raised: the caller turns the reason into Forbidden for the request's object. */
export type Refuse = (why: string) => Error;

/** Upstream's plural wording of each kind of reference a mirror pod may not have. */
const REFERENCE_WORDS: Readonly<Record<ReferenceKind, string>> = {
  serviceaccount: 'a service account',
  secret: 'secrets',
  configmap: 'configmaps',
  persistentvolumeclaim: 'persistentvolumeclaims',
};

function boundNode(pod: KubeObject | undefined): string {
  const spec = pod?.spec;
  return isRecord(spec) && typeof spec.nodeName === 'string' ? spec.nodeName : '';
}

function checkOwner(node: string, pod: KubeObject, nodeUid: string | undefined, refuse: Refuse): void {
  const owners = pod.metadata.ownerReferences ?? [];
  if (owners.length > 1) throw refuse(`node "${node}" can only create pods with a single owner reference set to itself`);
  const [owner] = owners;
  if (!owner || owner.apiVersion !== 'v1' || owner.kind !== 'Node' || owner.name !== node) {
    throw refuse(`node "${node}" can only create pods with an owner reference set to itself`);
  }
  if (owner.controller !== true) throw refuse(`node "${node}" can only create pods with a controller owner reference set to itself`);
  if (owner.blockOwnerDeletion === true) throw refuse(`node "${node}" must not set blockOwnerDeletion on an owner reference`);
  if (nodeUid !== undefined && owner.uid !== nodeUid) throw refuse(`node ${node} UID mismatch: expected ${owner.uid} got ${nodeUid}`);
}

/** `nodeUid`: the uid of the requesting node's Node object (undefined: not found, then the owner check cannot pass). */
export function admitMirrorPodCreate(node: string, pod: KubeObject, nodeUid: string | undefined, refuse: Refuse): void {
  if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] === undefined) {
    throw refuse(`pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node "${node}" can only create mirror pods`);
  }
  if (boundNode(pod) !== node) throw refuse(`node "${node}" can only create pods with spec.nodeName set to itself`);
  checkOwner(node, pod, nodeUid, refuse);
  // Every pod runs as some account (`default` when unnamed); only naming one is a reference here.
  const spec = isRecord(pod.spec) ? pod.spec : {};
  if (typeof spec.serviceAccountName === 'string' && spec.serviceAccountName !== '') throw refuse(`node "${node}" can not create pods that reference ${REFERENCE_WORDS.serviceaccount}`);
  const first = podReferences(pod as Pod).find((ref) => ref.kind !== 'serviceaccount');
  if (first) throw refuse(`node "${node}" can not create pods that reference ${REFERENCE_WORDS[first.kind]}`);
}

/** The pod rules for everything but a create (which needs the node's uid: admitMirrorPodCreate). */
export function admitPodChange(node: string, attrs: AdmissionAttributes, refuse: Refuse): void {
  if (attrs.subresource === 'status') {
    if (attrs.operation !== 'UPDATE') throw refuse(`unexpected operation "${attrs.operation}"`);
    if (boundNode(attrs.oldObject) !== node) throw refuse(`node "${node}" can only update pod status for pods with spec.nodeName set to itself`);
    if (!isDeepStrictEqual(attrs.oldObject?.metadata.labels ?? {}, attrs.object?.metadata.labels ?? {})) {
      throw refuse(`node "${node}" cannot update labels through pod status`);
    }
    return;
  }
  if (attrs.subresource !== '') throw refuse(`unexpected pod subresource "${attrs.subresource}", only 'status' and 'eviction' are allowed`);
  if (attrs.operation !== 'DELETE') throw refuse(`unexpected operation "${attrs.operation}", node "${node}" can only create and delete mirror pods`);
  if (boundNode(attrs.oldObject) !== node) throw refuse(`node "${node}" can only delete pods with spec.nodeName set to itself`);
}
