// Records metadata.managedFields on the registry's writes: who wrote (the
// front end names the manager), through which subresource, and whether the
// incoming object already carries what an apply computed.
import { apiVersionOf, type ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';
import {
  isResetRequest,
  readManagers,
  recordUpdate,
  rootTypeOf,
  writeManagers,
  type FieldScope,
  type ManagerEntry,
} from '../../api/managed-fields/index.js';
import { rfc3339 } from './object-meta.js';

/** Kubernetes' FieldManagerMaxLength. */
export const FIELD_MANAGER_MAX_LENGTH = 128;

/** The manager a User-Agent names, as Kubernetes derives it: up to the first '/' ("" when there is none). */
export function managerFromUserAgent(userAgent: string | undefined): string {
  return (userAgent ?? '').split('/')[0].trim().slice(0, FIELD_MANAGER_MAX_LENGTH);
}

export type WriteSubresource = '' | 'status' | 'scale';

export interface Writer {
  /** The field manager; without one (the apiserver's own writes) nothing is recorded. */
  manager?: string;
  subresource?: WriteSubresource;
  /** The incoming object holds the managed fields an apply computed: keep them. */
  applied?: boolean;
}

export function scopeOf(info: ResourceInfo, subresource: WriteSubresource): FieldScope {
  if (subresource === 'status') return { only: 'status' };
  return info.subresources.status ? { without: 'status' } : {};
}

/**
 * The entries an update starts from, as Kubernetes picks them: a subresource
 * write keeps the stored ones; a main write takes the client's when it sent
 * some (`[{}]` clears them), else the stored ones.
 */
function baseManagers(before: KubeObject | undefined, incoming: unknown, subresource: WriteSubresource): ManagerEntry[] {
  const stored = readManagers(before?.metadata.managedFields);
  if (subresource !== '') return stored;
  if (isResetRequest(incoming)) return [];
  const sent = readManagers(incoming);
  return sent.length > 0 ? sent : stored;
}

export function setManagers(obj: KubeObject, entries: readonly ManagerEntry[]): void {
  const managedFields = writeManagers(entries);
  if (managedFields.length > 0) obj.metadata.managedFields = managedFields;
  else delete obj.metadata.managedFields;
}

/**
 * Sets `next`'s managed fields after an Update operation from `before` (undefined on create).
 * `incoming` is the managedFields the client sent.
 */
export function stampUpdate(
  info: ResourceInfo,
  before: KubeObject | undefined,
  next: KubeObject,
  incoming: unknown,
  writer: Writer,
  nowMs: number,
): void {
  if (writer.applied) {
    if (incoming === undefined) delete next.metadata.managedFields;
    else next.metadata.managedFields = incoming;
    return;
  }
  const subresource = writer.subresource ?? '';
  if (!writer.manager) {
    // Not a recorded write, but what the client left out must not wipe the owners.
    setManagers(next, baseManagers(before, incoming, subresource));
    return;
  }
  const managers = baseManagers(before, incoming, subresource);
  try {
    const entries = recordUpdate({
      type: rootTypeOf(info.schema),
      before,
      after: next,
      managers,
      writer: { manager: writer.manager, operation: 'Update', apiVersion: apiVersionOf(info), subresource },
      scope: scopeOf(info, subresource),
      now: rfc3339(nowMs),
    });
    setManagers(next, entries);
  } catch {
    // As Kubernetes' UpdateNoErrors: an object the field sets cannot describe (a list-map item
    // without its key) is still written; its owners stay as they were.
    setManagers(next, managers);
  }
}
