// Create: server metadata, status reset, defaults, validation, the namespace
// check, then a transaction on "key absent".
import { alreadyExists, forbidden, invalid, notFound } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import { strategyFor } from '../../api/strategy.js';
import type { KubeObject } from '../../api/types/index.js';
import { encodeObject, withResourceVersion } from '../storage/codec.js';
import type { RegistryContext } from './context.js';
import { isEvent, resetsStatusOnCreate, tracksGeneration } from './kind-rules.js';
import { generateName, newUid, rfc3339 } from './object-meta.js';
import { assertObjectPath, parseObject, resolveNamespace } from './request-body.js';
import { readObject } from './stored-object.js';

/** Attempts at a fresh generated name when the previous one was taken. */
export const GENERATE_NAME_ATTEMPTS = 8;

const NAMESPACES = findResource('namespaces', '') as ResourceInfo;

/** The object a create would store, before its name is fixed and before the namespace check. */
export function prepareCreate(info: ResourceInfo, obj: KubeObject, namespace: string, nowMs: number): KubeObject {
  const next = structuredClone(obj);
  const meta = next.metadata;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (info.namespaced) meta.namespace = namespace;
  else delete meta.namespace;
  meta.uid = newUid();
  meta.creationTimestamp = rfc3339(nowMs);
  if (tracksGeneration(info)) meta.generation = 1;
  else delete meta.generation;
  if (resetsStatusOnCreate(info)) next.status = {};
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
  const strategy = strategyFor(info);
  strategy.applyDefaults(next);
  const errors = strategy.validate(next);
  if (!meta.name && !errors.some((e) => e.field === 'metadata.name')) {
    errors.unshift({ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' });
  }
  if (errors.length > 0) throw invalid(info.kind, info.group, meta.name ?? '', errors);
  return next;
}

export async function assertNamespaceAcceptsContent(ctx: RegistryContext, info: ResourceInfo, namespace: string, name: string): Promise<void> {
  if (!info.namespaced) return;
  const ns = await readObject(ctx, NAMESPACES, '', namespace);
  if (!ns) throw notFound('namespaces', namespace);
  const phase = (ns.object.status as { phase?: string } | undefined)?.phase;
  if (ns.object.metadata.deletionTimestamp || phase === 'Terminating') {
    throw forbidden(info.plural, name, `unable to create new content in namespace ${namespace} because it is being terminated`, info.group);
  }
}

async function leaseFor(ctx: RegistryContext, info: ResourceInfo): Promise<string> {
  return isEvent(info) ? ctx.eventLeases.leaseId() : '0';
}

function isLeaseNotFound(err: unknown): boolean {
  return err instanceof Error && /requested lease not found/.test(err.message);
}

export async function createObject(
  ctx: RegistryContext,
  info: ResourceInfo,
  requestNamespace: string,
  objectJson: string,
  dryRun: boolean,
): Promise<KubeObject> {
  const body = parseObject(objectJson, info);
  const namespace = resolveNamespace(info, requestNamespace, body.metadata.namespace);
  const obj = prepareCreate(info, body, namespace, ctx.now());
  const name = obj.metadata.name ?? '';
  assertObjectPath(info, namespace, name);
  await assertNamespaceAcceptsContent(ctx, info, namespace, name);
  if (dryRun) return obj;

  const generated = !body.metadata.name && Boolean(body.metadata.generateName);
  for (let attempt = 1; ; attempt++) {
    const key = ctx.keys.objectKey(info, namespace, obj.metadata.name ?? '');
    let result;
    try {
      result = await ctx.store.create(key, encodeObject(obj), await leaseFor(ctx, info));
    } catch (err) {
      if (!isLeaseNotFound(err) || attempt > 1) throw err;
      ctx.eventLeases.reset();
      continue;
    }
    if (result.ok) return withResourceVersion(obj, result.revision);
    if (!generated || attempt >= GENERATE_NAME_ATTEMPTS) {
      throw alreadyExists(info.plural, obj.metadata.name ?? '', info.group);
    }
    obj.metadata.name = generateName(body.metadata.generateName ?? '');
  }
}
