// Create: server metadata, status reset, defaults, validation, the namespace
// check, then a transaction on "key absent".
import { admitCreate } from './admission/admission.js';
import { admitValidating } from './admission/validating.js';
import { quotaClaims, withQuotaClaims } from './admission/resource-quota.js';
import { alreadyExists, forbidden, invalid, notFound } from '../../api/errors.js';
import { resources, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import { withResourceVersion } from '../storage/codec.js';
import { isStorageError } from '../storage/storage-errors.js';
import { modifiedConflict } from './conflicts.js';
import type { RegistryContext } from './context.js';
import { WRITE_RACE_RETRIES } from './lost-race.js';
import { dropSpecNulls } from './zero-values.js';
import { generateName, newUid, rfc3339 } from './object-meta.js';
import { assertObjectPath, parseObject, resolveNamespace } from './request-body.js';
import { readObject } from './stored-object.js';
import { encodeWithinLimit } from './stored-size.js';
import { hookFor, NO_SIDE_KEYS, prepareSideKeys } from './write-hooks.js';
import type { SideKeys } from '../storage/object-store.js';
import { validateWrite } from './validate-object.js';
import { stampUpdate, type Writer } from './managed-fields.js';

/** Attempts at a fresh generated name when the previous one was taken. */
export const GENERATE_NAME_ATTEMPTS = 8;
/**
 * Attempts after a guard moved: the namespace, or a value allocated with the
 * object that a concurrent create took first (hundreds of Services racing for
 * 2768 NodePorts meet a few such collisions).
 */
export const CREATE_GUARD_RETRIES = 16;

const NAMESPACES = resources.namespaces;

/** metadata.generateName when it is usable; a wrong type is left to validation. */
function generateNameOf(meta: KubeObject['metadata']): string {
  return typeof meta.generateName === 'string' ? meta.generateName : '';
}

/** The object a create would store, before its name is fixed and before the namespace check. */
export function prepareCreate(info: ResourceInfo, obj: KubeObject, namespace: string, nowMs: number): KubeObject {
  return prepareOwnedCreate(info, structuredClone(obj), namespace, nowMs);
}

/** prepareCreate on an object the caller hands over (a request body parsed for this create): changed in place. */
function prepareOwnedCreate(info: ResourceInfo, next: KubeObject, namespace: string, nowMs: number): KubeObject {
  const meta = next.metadata;
  delete meta.resourceVersion;
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  if (info.namespaced) meta.namespace = namespace;
  else delete meta.namespace;
  meta.uid = newUid();
  meta.creationTimestamp = rfc3339(nowMs);
  if (info.strategy.tracksGeneration) meta.generation = 1;
  else delete meta.generation;
  if (info.strategy.resetStatusOnCreate) next.status = {};
  const base = generateNameOf(meta);
  if (!meta.name && base) meta.name = generateName(base);
  const strategy = info.strategy;
  dropSpecNulls(next);
  strategy.applyDefaults(next);
  const errors = validateWrite(info, next, undefined, 'create');
  if (!meta.name && !errors.some((e) => e.field === 'metadata.name')) {
    errors.unshift({ field: 'metadata.name', type: 'Required', detail: 'name or generateName is required' });
  }
  if (errors.length > 0) throw invalid(info.kind, info.group, typeof meta.name === 'string' ? meta.name : '', errors);
  return next;
}

/** Why content cannot go into a namespace in this state; undefined when it can. */
function namespaceRefusal(ns: KubeObject, info: ResourceInfo, namespace: string, name: string): Error | undefined {
  const phase = (ns.status as { phase?: string } | undefined)?.phase;
  if (!ns.metadata.deletionTimestamp && phase !== 'Terminating') return undefined;
  return forbidden(info.plural, name, `unable to create new content in namespace ${namespace} because it is being terminated`, info.group);
}

/**
 * Checks the namespace can take new content; returns its key and mod revision (undefined for
 * cluster-scoped kinds) so the write can require it unchanged since the check. The watch
 * cache answers when it knows an active namespace: the write's guard catches a cache that
 * was behind, and the retry then reads etcd (`fromStore`). Anything else is read from etcd.
 */
export async function assertNamespaceAcceptsContent(
  ctx: RegistryContext,
  info: ResourceInfo,
  namespace: string,
  name: string,
  fromStore = false,
): Promise<{ key: string; modRevision: number } | undefined> {
  if (!info.namespaced) return undefined;
  if (!fromStore) {
    const key = ctx.keys.objectKey(NAMESPACES, '', namespace);
    const cached = ctx.cache?.of(NAMESPACES)?.get(key);
    if (cached && !namespaceRefusal(cached, info, namespace, name)) return { key, modRevision: Number(cached.metadata.resourceVersion) };
  }
  const ns = await readObject(ctx, NAMESPACES, '', namespace);
  if (!ns) throw notFound(NAMESPACES.plural, namespace);
  const refusal = namespaceRefusal(ns.object, info, namespace, name);
  if (refusal) throw refusal;
  return { key: ns.key, modRevision: ns.modRevision };
}

async function leaseFor(ctx: RegistryContext, info: ResourceInfo): Promise<string> {
  return info.expires ? ctx.eventLeases.leaseId() : '0';
}

export async function createObject(
  ctx: RegistryContext,
  info: ResourceInfo,
  requestNamespace: string,
  objectJson: string,
  dryRun: boolean,
  writer: Writer = {},
): Promise<KubeObject> {
  const body = parseObject(objectJson, info);
  const namespace = resolveNamespace(info, requestNamespace, body.metadata.namespace);
  await admitCreate(ctx, info, body, namespace);
  const now = ctx.now();
  // What the request asked for, read before the body becomes the object to store.
  const requested = { managedFields: body.metadata.managedFields, generated: !body.metadata.name && Boolean(generateNameOf(body.metadata)), generateName: generateNameOf(body.metadata) };
  const obj = prepareOwnedCreate(info, body, namespace, now);
  stampUpdate(info, undefined, obj, requested.managedFields, writer, now);
  const name = obj.metadata.name ?? '';
  assertObjectPath(info, namespace, name);
  await admitValidating(ctx, { operation: 'CREATE', info, subresource: '', namespace, name, object: obj });
  let namespaceGuard = await assertNamespaceAcceptsContent(ctx, info, namespace, name);
  // Encoded once for the usual create: no write hook, and the name stays (it changes only on a generateName retry).
  let encoded: { name: string; value: string } | undefined = { name, value: encodeWithinLimit(info, obj) };
  if (dryRun) {
    const { planned } = await planSideKeys(ctx, info, obj);
    await quotaClaims(ctx, info, planned);
    return planned;
  }

  const generated = requested.generated;
  let guardMoves = 0;
  for (let attempt = 1; ; attempt++) {
    const key = ctx.keys.objectKey(info, namespace, obj.metadata.name ?? '');
    // Planned again on every attempt: a value another writer claimed meanwhile is picked anew.
    const { planned, side: ownSide } = await planSideKeys(ctx, info, obj);
    // Quota usage is charged with the object, against the quotas as read for this attempt.
    const side = await withQuotaClaims(ctx, info, planned, ownSide);
    let result;
    try {
      // Guarded on the namespace as checked: content cannot slip into a namespace that has
      // meanwhile turned Terminating (and may already have been emptied) or gone.
      const value = encoded && planned === obj && encoded.name === obj.metadata.name ? encoded.value : encodeWithinLimit(info, planned);
      result = await ctx.store.create(key, value, await leaseFor(ctx, info), namespaceGuard, side);
    } catch (err) {
      if (!isStorageError(err, 'LeaseNotFound') || attempt > 1) throw err;
      ctx.eventLeases.reset();
      continue;
    }
    if (result.ok) return withResourceVersion(planned, result.revision);
    if (!result.current) {
      // The namespace moved, or a side key (an allocated value) was claimed by another writer.
      if (++guardMoves > CREATE_GUARD_RETRIES) throw modifiedConflict(namespaceGuard ? NAMESPACES : info, namespaceGuard ? namespace : name);
      if (namespaceGuard) namespaceGuard = await assertNamespaceAcceptsContent(ctx, info, namespace, name, true);
      continue;
    }
    if (!generated || attempt >= GENERATE_NAME_ATTEMPTS) {
      throw alreadyExists(info.plural, obj.metadata.name ?? '', info.group);
    }
    obj.metadata.name = generateName(requested.generateName);
    encoded = undefined;
  }
}

/** The object with its server-chosen values (a copy when the kind has a write hook) and the side keys to write with it. */
async function planSideKeys(ctx: RegistryContext, info: ResourceInfo, obj: KubeObject): Promise<{ planned: KubeObject; side: SideKeys }> {
  if (!hookFor(ctx, info)) return { planned: obj, side: NO_SIDE_KEYS };
  const planned = structuredClone(obj);
  return { planned, side: await prepareSideKeys(ctx, info, planned, undefined) };
}
