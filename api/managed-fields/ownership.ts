// Who owns which fields after a write. An update (create, update, patch, a
// subresource write) takes every field it adds or changes, from whoever held
// it, and nobody keeps a field the write removed. An apply claims exactly the
// fields of its configuration, prunes what it applied before and no longer
// does (unless someone else holds it), and may take a field another manager
// owns only by leaving its value alone (then they share it) or by force.
import { capUpdaters } from './update-cap.js';
import { applyConflictError, type ManagerConflict } from './conflicts.js';
import { compareObjects, type Comparison } from './compare.js';
import type { FieldSet } from './field-set.js';
import { sameManager, type ManagerEntry, type ManagerIdentity } from './managers.js';
import { mergeConfiguration } from './merge.js';
import { fieldSetOf } from './object-field-set.js';
import { fieldElement } from './path-element.js';
import { abandonedFields, removeFields } from './remove-fields.js';
import type { FieldType } from './schema-type.js';

/** Type meta and the metadata only the server sets: never owned, as Kubernetes strips them. */
const UNTRACKED_TOP = ['apiVersion', 'kind'].map(fieldElement);
const METADATA = fieldElement('metadata');
const UNTRACKED_METADATA = ['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'generation', 'managedFields', 'resourceVersion'].map(
  fieldElement,
);

/** Drops a member (leaving what is under it) and prunes the node when nothing is left. */
function dropMember(parent: FieldSet, element: string): void {
  const node = parent.children.get(element);
  if (!node) return;
  node.member = false;
  if (node.isEmpty()) parent.children.delete(element);
}

/**
 * The top-level members a write may own: a status write only `status`; a
 * write to the main resource of a kind with a status subresource all but it.
 */
export interface FieldScope {
  only?: string;
  without?: string;
}

/** `set` itself, narrowed to what a write with this scope may own. */
function scoped(set: FieldSet, scope: FieldScope): FieldSet {
  for (const element of UNTRACKED_TOP) dropMember(set, element);
  const metadata = set.children.get(METADATA);
  if (metadata) {
    for (const element of UNTRACKED_METADATA) dropMember(metadata, element);
    dropMember(set, METADATA);
  }
  if (scope.without) set.children.delete(fieldElement(scope.without));
  if (scope.only) {
    for (const element of [...set.children.keys()]) if (element !== fieldElement(scope.only)) set.children.delete(element);
  }
  set.member = false;
  return set;
}

function scopedComparison(c: Comparison, scope: FieldScope): Comparison {
  return { added: scoped(c.added, scope), modified: scoped(c.modified, scope), removed: scoped(c.removed, scope) };
}

export interface UpdateWrite {
  type: FieldType;
  /** The stored object; undefined on create. */
  before: unknown;
  after: unknown;
  managers: readonly ManagerEntry[];
  writer: ManagerIdentity;
  scope: FieldScope;
  /** RFC 3339 time of the write. */
  now: string;
}

/** The entries after an Update operation. */
export function recordUpdate(write: UpdateWrite): ManagerEntry[] {
  const c = scopedComparison(compareObjects(write.before ?? {}, write.after, write.type), write.scope);
  const changed = c.modified.isEmpty() ? c.added : c.added.union(c.modified);
  if (changed.isEmpty() && c.removed.isEmpty()) return [...write.managers];
  const entries = write.managers.map((e) => ({ ...e, fields: e.fields.difference(changed).difference(c.removed) }));
  if (!changed.isEmpty()) {
    const own = entries.find((e) => sameManager(e, write.writer));
    if (own) {
      own.fields = own.fields.union(changed);
      own.time = write.now;
    } else {
      entries.push({ ...write.writer, time: write.now, fields: changed });
    }
  }
  return capUpdaters(entries.filter((e) => !e.fields.isEmpty()));
}

export interface ApplyWrite {
  type: FieldType;
  /** The stored object; undefined when the apply creates it. */
  live: Record<string, unknown> | undefined;
  config: Record<string, unknown>;
  managers: readonly ManagerEntry[];
  applier: Omit<ManagerIdentity, 'operation'>;
  scope: FieldScope;
  force: boolean;
  now: string;
}

export interface ApplyOutcome {
  object: Record<string, unknown>;
  managers: ManagerEntry[];
}

/** Merges an applied configuration; throws the Conflict Kubernetes answers unless forced. */
export function applyConfiguration(write: ApplyWrite): ApplyOutcome {
  const identity: ManagerIdentity = { ...write.applier, operation: 'Apply' };
  const applied = scoped(fieldSetOf(write.config, write.type), write.scope);
  const own = write.managers.find((e) => sameManager(e, identity));
  const others = write.managers.filter((e) => e !== own);
  const live = write.live ?? {};
  let merged = mergeConfiguration(live, write.config, write.type);
  if (own) {
    const owned = others.reduce((all, e) => all.union(e.fields), applied);
    merged = removeFields(merged, abandonedFields(own.fields.difference(applied), owned), write.type);
  }
  const c = scopedComparison(compareObjects(live, merged, write.type), write.scope);
  const changed = c.added.union(c.modified);
  const conflicts: ManagerConflict[] = others
    .map((e) => ({ manager: e, fields: e.fields.intersection(changed) }))
    .filter((x) => !x.fields.isEmpty());
  if (conflicts.length > 0 && !write.force) throw applyConflictError(conflicts);
  const rest = others.map((e) => ({ ...e, fields: e.fields.difference(changed).difference(c.removed) })).filter((e) => !e.fields.isEmpty());
  const objectChanged = !changed.isEmpty() || !c.removed.isEmpty();
  const time = objectChanged || !own?.time ? write.now : own.time;
  return { object: merged, managers: capUpdaters([...rest, { ...identity, time, fields: applied }]) };
}
