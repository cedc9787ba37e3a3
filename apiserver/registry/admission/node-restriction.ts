// Kubernetes' NodeRestriction admission: the node authorizer lets every node
// write nodes, pods, leases and tokens in general; this plugin narrows each
// write to the node's own objects, with upstream's messages. A node may
// modify only its own Node (not its taints, nor labels that would steer
// workloads to it), only pods bound to it, only its own Lease in
// kube-node-lease, only the status of a claim, and ask tokens only for pods
// bound to it. Users who are not nodes are not restricted here.
import { isDeepStrictEqual } from 'node:util';
import { forbidden, notFound } from '../../../api/errors.js';
import { isResource, resources } from '../../../api/resources.js';
import type { KubeObject, Node } from '../../../api/types/index.js';
import { isRecord } from '../../../api/validation/values.js';
import { NODE_LEASE_NAMESPACE, nodeIdentity } from '../../authorization/node-identity.js';
import type { RegistryContext } from '../context.js';
import { readObject } from '../stored-object.js';
import type { AdmissionAttributes } from './attributes.js';
import { forbiddenNodeLabels } from './node-labels.js';
import { admitMirrorPodCreate, admitPodChange, type Refuse } from './node-restriction-pods.js';

function refusal(attrs: AdmissionAttributes): Refuse {
  const name = attrs.name || attrs.object?.metadata.name || '';
  return (why) => forbidden(attrs.info.plural, name, why, attrs.info.group);
}

function taintsOf(node: KubeObject | undefined): unknown[] {
  return (node as Node | undefined)?.spec?.taints ?? [];
}

function admitNode(node: string, attrs: AdmissionAttributes, refuse: Refuse): void {
  const requested = attrs.name || attrs.object?.metadata.name || '';
  if (requested !== node) throw refuse(`node "${node}" is not allowed to modify node "${requested}"`);
  if (attrs.operation === 'CREATE') {
    const labels = forbiddenNodeLabels(attrs.object?.metadata.labels, undefined);
    if (labels.length > 0) throw refuse(`node "${node}" is not allowed to set the following labels: ${labels.join(', ')}`);
  }
  if (attrs.operation === 'UPDATE') {
    if (!isDeepStrictEqual(taintsOf(attrs.object), taintsOf(attrs.oldObject))) throw refuse(`node "${node}" is not allowed to modify taints`);
    const labels = forbiddenNodeLabels(attrs.object?.metadata.labels, attrs.oldObject?.metadata.labels);
    if (labels.length > 0) throw refuse(`is not allowed to modify labels: ${labels.join(', ')}`);
  }
}

function admitLease(node: string, attrs: AdmissionAttributes, refuse: Refuse): void {
  if (attrs.namespace !== NODE_LEASE_NAMESPACE) throw refuse(`can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
  const name = attrs.operation === 'CREATE' ? attrs.object?.metadata.name : attrs.name;
  if (name !== node) throw refuse('can only access node lease with the same name as the requesting node');
}

/** A claim's status may change only in its capacity and conditions. */
function admitClaimStatus(node: string, attrs: AdmissionAttributes, refuse: Refuse): void {
  if (attrs.subresource !== 'status') throw refuse('may only update PVC status');
  if (attrs.operation !== 'UPDATE') throw refuse(`unexpected operation "${attrs.operation}"`);
  const comparable = (claim: KubeObject | undefined): unknown => {
    const { resourceVersion: _rv, managedFields: _mf, ...metadata } = claim?.metadata ?? {};
    const { capacity: _c, conditions: _cond, ...status } = isRecord(claim?.status) ? claim.status : {};
    return { ...claim, metadata, status };
  };
  if (!isDeepStrictEqual(comparable(attrs.object), comparable(attrs.oldObject))) {
    throw refuse(`node "${node}" is not allowed to update fields other than status.capacity and status.conditions`);
  }
}

/** A node asks a token only bound to a pod that exists, with that uid, on that node. */
async function admitTokenRequest(ctx: RegistryContext, node: string, attrs: AdmissionAttributes, refuse: Refuse): Promise<void> {
  if (attrs.operation !== 'CREATE' || attrs.subresource !== 'token') return;
  const spec = attrs.object?.spec;
  const ref = isRecord(spec) && isRecord(spec.boundObjectRef) ? spec.boundObjectRef : undefined;
  if (!ref || ref.apiVersion !== 'v1' || ref.kind !== 'Pod' || typeof ref.name !== 'string' || ref.name === '') {
    throw refuse('node requested token not bound to a pod');
  }
  if (typeof ref.uid !== 'string' || ref.uid === '') throw refuse('node requested token with a pod binding without a uid');
  const pod = (await readObject(ctx, resources.pods, attrs.namespace, ref.name))?.object;
  if (!pod) throw notFound(resources.pods.plural, ref.name);
  if (pod.metadata.uid !== ref.uid) {
    throw refuse(`the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
  }
  if (!isRecord(pod.spec) || pod.spec.nodeName !== node) throw refuse('node requested token bound to a pod scheduled on a different node');
}

async function admitPod(ctx: RegistryContext, node: string, attrs: AdmissionAttributes, refuse: Refuse): Promise<void> {
  if (attrs.operation !== 'CREATE' || attrs.subresource !== '' || !attrs.object) return admitPodChange(node, attrs, refuse);
  const own = await readObject(ctx, resources.nodes, '', node);
  admitMirrorPodCreate(node, attrs.object, own?.object.metadata.uid, refuse);
}

export async function admitNodeRestriction(ctx: RegistryContext, attrs: AdmissionAttributes): Promise<void> {
  const node = nodeIdentity(attrs.user);
  if (node === undefined) return;
  const refuse = refusal(attrs);
  if (node === '') throw refuse(`could not determine node from user "${attrs.user.name}"`);
  const info = attrs.info;
  if (isResource(info, resources.pods)) return admitPod(ctx, node, attrs, refuse);
  if (isResource(info, resources.nodes)) return admitNode(node, attrs, refuse);
  if (isResource(info, resources.persistentVolumeClaims)) return admitClaimStatus(node, attrs, refuse);
  if (isResource(info, resources.serviceAccounts)) return admitTokenRequest(ctx, node, attrs, refuse);
  if (isResource(info, resources.leases)) return admitLease(node, attrs, refuse);
}
