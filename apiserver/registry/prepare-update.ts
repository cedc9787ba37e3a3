// Builds the object an update would store, from what is stored and what the
// client sent: server-owned metadata kept, status or spec taken from the
// right side, defaults applied, generation bumped, everything validated.
import { invalid } from '../../api/errors.js';
import type { StatusSliceSubresource } from '../../api/kinds/kind-definition.js';
import { apiVersionOf, isResource, resources, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject, ObjectMeta } from '../../api/types/index.js';
import { uidPreconditionConflict } from './conflicts.js';
import { serializedEqual } from '../../api/json-value.js';
import { validateSliceWrite, validateWrite } from './validate-object.js';
import { dropSpecNulls } from './zero-values.js';

/** The whole object, its status, or the slice of status one subresource owns (CSRs' approval). */
export type UpdateMode = 'main' | 'status' | StatusSliceSubresource;

/** Metadata only the server writes; an update keeps the stored values. */
const SERVER_OWNED_METADATA: (keyof ObjectMeta)[] = [
  'uid',
  'name',
  'namespace',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'generation',
];

function withoutMetadataAndStatus(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, status: _s, ...rest } = obj;
  return rest;
}

function stripResourceVersion(obj: KubeObject): KubeObject {
  const { resourceVersion: _rv, ...metadata } = obj.metadata ?? {};
  return { ...obj, metadata };
}

/** Everything but resourceVersion is the same. */
export function sameObject(a: KubeObject, b: KubeObject): boolean {
  return serializedEqual(stripResourceVersion(a), stripResourceVersion(b));
}

function mergeIncoming(info: ResourceInfo, stored: KubeObject, incoming: KubeObject, mode: UpdateMode): KubeObject {
  if (mode === 'status') {
    const next = structuredClone(stored);
    if (incoming.status === undefined) delete next.status;
    else next.status = structuredClone(incoming.status);
    info.strategy.prepareForStatusUpdate?.(next, stored);
    return next;
  }
  if (mode !== 'main') {
    const next = structuredClone(stored);
    next.status = structuredClone(mode.mergeStatus(stored, incoming)) as KubeObject['status'];
    return next;
  }
  const next = structuredClone(incoming);
  next.metadata = { ...(next.metadata ?? {}) };
  for (const field of SERVER_OWNED_METADATA) {
    if (stored.metadata[field] === undefined) delete next.metadata[field];
    else next.metadata[field] = structuredClone(stored.metadata[field]);
  }
  if (info.subresources.status) {
    if (stored.status === undefined) delete next.status;
    else next.status = structuredClone(stored.status);
  }
  return next;
}

/** Mutating admission of an update, run on the object to store before defaults and validation. */
export type AdmitUpdate = (next: KubeObject) => void;

/**
 * The object to store in place of `stored` (which carries its resourceVersion).
 * Throws Conflict on a uid mismatch and Invalid when validation fails.
 */
export function prepareUpdate(info: ResourceInfo, stored: KubeObject, incoming: KubeObject, mode: UpdateMode, admit?: AdmitUpdate): KubeObject {
  const name = stored.metadata.name ?? '';
  const wantedUid = incoming.metadata?.uid;
  if (mode === 'main' && wantedUid && wantedUid !== stored.metadata.uid) {
    throw uidPreconditionConflict(info, name, wantedUid, stored.metadata.uid ?? '');
  }
  const next = mergeIncoming(info, stored, incoming, mode);
  next.apiVersion = apiVersionOf(info);
  next.kind = info.kind;
  delete next.metadata.resourceVersion;

  const strategy = info.strategy;
  dropSpecNulls(next);
  if (mode === 'main') strategy.prepareForUpdate?.(next, stored);
  admit?.(next);
  strategy.applyDefaults(next);

  if (mode === 'main' && info.strategy.tracksGeneration) {
    const changed = !serializedEqual(withoutMetadataAndStatus(next), withoutMetadataAndStatus(stored));
    const generation = stored.metadata.generation ?? 1;
    next.metadata.generation = changed ? generation + 1 : generation;
  }

  // New finalizers on an object being deleted are refused by validateUpdate (object metadata rules).
  const errors = typeof mode === 'string' ? validateWrite(info, next, stored, mode) : validateSliceWrite(info, mode, next, stored);
  if (errors.length > 0) throw invalid(info.kind, info.group, name, errors);
  return next;
}

/**
 * An update that leaves an object deleted, with no grace left and no finalizers, removes it.
 * Not a namespace: a Terminating one goes only when the namespace loop has emptied it.
 */
export function shouldDeleteOnUpdate(info: ResourceInfo, obj: KubeObject): boolean {
  if (isResource(info, resources.namespaces)) return false;
  const meta = obj.metadata;
  return Boolean(meta.deletionTimestamp) && (meta.deletionGracePeriodSeconds ?? 0) === 0 && (meta.finalizers ?? []).length === 0;
}
