// pods/binding: assigns a pending pod to a node, once, in a transaction.
import { badRequest, conflict } from '../../api/errors.js';
import { resources, type ResourceInfo } from '../../api/resources.js';
import type { Binding, KubeObject, Pod } from '../../api/types/index.js';
import { withResourceVersion } from '../storage/codec.js';
import { resourceVersionPreconditionConflict, uidPreconditionConflict } from './conflicts.js';
import type { RegistryContext } from './context.js';
import { guaranteedUpdate } from './guaranteed-update.js';
import { WRITE_RACE_RETRIES } from './lost-race.js';
import { rfc3339 } from './object-meta.js';
import { assertObjectPath, DEFAULT_NAMESPACE, parseJson, preconditionResourceVersion } from './request-body.js';
import { encodeWithinLimit, SERVER_WRITE_ALLOWANCE_BYTES } from './stored-size.js';

export const BIND_RACE_RETRIES = WRITE_RACE_RETRIES;

const PODS = resources.pods;

interface PodCondition {
  type: string;
  status: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
  [key: string]: unknown;
}

function isStringMap(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function parseBinding(json: string): Binding {
  const value = parseJson(json, 'binding');
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badRequest('the binding must be a JSON object');
  const binding = value as Binding;
  if (typeof binding.metadata?.name !== 'string' || !binding.metadata.name) {
    throw badRequest('the binding must name the pod in metadata.name');
  }
  if (typeof binding.target?.name !== 'string' || !binding.target.name) throw badRequest('the binding must name the node in target.name');
  for (const field of ['namespace', 'uid', 'resourceVersion'] as const) {
    const v: unknown = binding.metadata[field];
    if (v !== undefined && v !== null && typeof v !== 'string') throw badRequest(`the binding's metadata.${field} must be a string`);
  }
  if (binding.metadata.annotations !== undefined && !isStringMap(binding.metadata.annotations)) {
    throw badRequest("the binding's metadata.annotations must be a map of strings");
  }
  if (binding.target.kind && binding.target.kind !== 'Node') {
    throw badRequest(`a pod can only be bound to a Node, not to a ${binding.target.kind}`);
  }
  return binding;
}

/**
 * The pod bound to `nodeName`: spec.nodeName set and PodScheduled=True recorded. Only the
 * parts that change are copied; the rest is shared with `pod`, which may be a frozen cached one.
 */
export function boundPod(pod: KubeObject, binding: Binding, nowMs: number): KubeObject {
  const { resourceVersion: _stored, ...metadata } = pod.metadata;
  const next: KubeObject = { ...pod, metadata };
  next.spec = { ...((pod.spec as object | undefined) ?? {}), nodeName: binding.target.name };
  const annotations = binding.metadata.annotations;
  if (annotations && Object.keys(annotations).length > 0) {
    metadata.annotations = { ...(metadata.annotations ?? {}), ...annotations };
  }
  const status = { ...((pod.status as Record<string, unknown> | undefined) ?? {}) };
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
  const wantedVersion = preconditionResourceVersion(binding.metadata.resourceVersion);
  return guaranteedUpdate(ctx, {
    info: PODS,
    namespace,
    name,
    retries: BIND_RACE_RETRIES,
    dryRun: false,
    attempt: async (stored) => {
      const pod = stored.object as Pod;
      // The scheduler names the pod it decided for: a pod recreated under the same name is another pod.
      const wantedUid = binding.metadata.uid;
      if (wantedUid && wantedUid !== pod.metadata.uid) throw uidPreconditionConflict(PODS, name, wantedUid, pod.metadata.uid ?? '');
      if (wantedVersion && wantedVersion !== String(stored.modRevision)) {
        throw resourceVersionPreconditionConflict(PODS, name, wantedVersion, String(stored.modRevision));
      }
      if (pod.metadata.deletionTimestamp) {
        throw conflict('pods/binding', name, `pod ${name} is being deleted, cannot be assigned to a host`);
      }
      const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
      if (nodeName) throw conflict('pods/binding', name, `pod ${name} is already assigned to node "${nodeName}"`);
      const next = boundPod(pod, binding, ctx.now());
      const result = await ctx.store.update(stored.key, encodeWithinLimit(PODS, next, SERVER_WRITE_ALLOWANCE_BYTES), stored.modRevision, stored.lease);
      return result.ok ? { value: withResourceVersion(next, result.revision) as Pod, wrote: true } : 'lost-race';
    },
  });
}
