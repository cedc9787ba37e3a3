// pods/binding: assigns a pending pod to a node, once, in a transaction.
import { badRequest, conflict } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { Binding, KubeObject, Pod } from '../../api/types/index.js';
import { encodeObject, withResourceVersion } from '../storage/codec.js';
import { modifiedConflict } from './conflicts.js';
import type { RegistryContext } from './context.js';
import { rfc3339 } from './object-meta.js';
import { assertObjectPath, DEFAULT_NAMESPACE, parseJson } from './request-body.js';
import { mustReadObject } from './stored-object.js';

export const BIND_RACE_RETRIES = 10;

const PODS = findResource('pods', '') as ResourceInfo;

interface PodCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  [key: string]: unknown;
}

function parseBinding(json: string): Binding {
  const value = parseJson(json, 'binding');
  if (typeof value !== 'object' || value === null) throw badRequest('the binding must be a JSON object');
  const binding = value as Binding;
  if (!binding.metadata?.name) throw badRequest('the binding must name the pod in metadata.name');
  if (!binding.target?.name) throw badRequest('the binding must name the node in target.name');
  if (binding.target.kind && binding.target.kind !== 'Node') {
    throw badRequest(`a pod can only be bound to a Node, not to a ${binding.target.kind}`);
  }
  return binding;
}

/** The pod bound to `nodeName`: spec.nodeName set and PodScheduled=True recorded. */
export function boundPod(pod: KubeObject, binding: Binding, nowMs: number): KubeObject {
  const next = structuredClone(pod);
  delete next.metadata.resourceVersion;
  next.spec = { ...((next.spec as object | undefined) ?? {}), nodeName: binding.target.name };
  const annotations = binding.metadata.annotations;
  if (annotations && Object.keys(annotations).length > 0) {
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...annotations };
  }
  const status = { ...((next.status as Record<string, unknown> | undefined) ?? {}) };
  const conditions = ((status.conditions as PodCondition[] | undefined) ?? []).filter((c) => c.type !== 'PodScheduled');
  conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(nowMs) });
  status.conditions = conditions;
  next.status = status;
  return next;
}

export async function bindPod(ctx: RegistryContext, requestNamespace: string, bindingJson: string): Promise<Pod> {
  const binding = parseBinding(bindingJson);
  const bodyNamespace = binding.metadata.namespace ?? '';
  if (requestNamespace && bodyNamespace && requestNamespace !== bodyNamespace) {
    throw badRequest(`the namespace of the binding (${bodyNamespace}) does not match the namespace sent on the request (${requestNamespace})`);
  }
  const namespace = requestNamespace || bodyNamespace || DEFAULT_NAMESPACE;
  const name = binding.metadata.name ?? '';
  assertObjectPath(PODS, namespace, name);
  for (let attempt = 0; attempt <= BIND_RACE_RETRIES; attempt++) {
    const stored = await mustReadObject(ctx, PODS, namespace, name);
    const pod = stored.object as Pod;
    if (pod.metadata.deletionTimestamp) {
      throw conflict('pods/binding', name, `pod ${name} is being deleted, cannot be assigned to a host`);
    }
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    if (nodeName) throw conflict('pods/binding', name, `pod ${name} is already assigned to node "${nodeName}"`);
    const next = boundPod(pod, binding, ctx.now());
    const result = await ctx.store.update(stored.key, encodeObject(next), stored.modRevision, stored.lease);
    if (result.ok) return withResourceVersion(next, result.revision) as Pod;
  }
  throw modifiedConflict(PODS, name);
}
