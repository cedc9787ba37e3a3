// Turns a change into the event one watcher should see, given its namespace
// and selectors. As Kubernetes does, an object that stops matching is DELETED
// for that watcher and one that starts matching is ADDED.
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject, WatchEventType } from '../../api/types/index.js';
import { matchesSelector, type Selector } from '../../api/labels/label-selector.js';
import { matchesFields, type FieldSelector } from '../../api/fields/field-selector.js';
import type { ObjectChange } from './object-change.js';

export interface WatchFilter {
  info: ResourceInfo;
  /** Empty: every namespace. */
  namespace: string;
  labels?: Selector;
  fields?: FieldSelector;
}

export interface OutgoingEvent {
  type: WatchEventType;
  objectJson: string;
  /** The object `objectJson` spells, shared and frozen, for a watcher in this process; absent on bookmarks. */
  object?: KubeObject;
}

export function matchesFilter(filter: WatchFilter, obj: KubeObject): boolean {
  if (filter.namespace && filter.info.namespaced && obj.metadata?.namespace !== filter.namespace) return false;
  if (filter.labels && !matchesSelector(filter.labels, obj.metadata?.labels ?? {})) return false;
  if (filter.fields && !matchesFields(filter.fields, filter.info, obj)) return false;
  return true;
}

export function eventFor(filter: WatchFilter, change: ObjectChange): OutgoingEvent | undefined {
  const prevMatches = change.prev !== undefined && matchesFilter(filter, change.prev);
  const deleted = (): OutgoingEvent => ({ type: 'DELETED', get objectJson() { return change.lastStateJson(); }, object: change.lastState() });
  if (change.type === 'delete' || !change.object) return prevMatches ? deleted() : undefined;
  const object = change.object;
  if (matchesFilter(filter, object)) return { type: prevMatches ? 'MODIFIED' : 'ADDED', get objectJson() { return change.objectJson(); }, object };
  return prevMatches ? deleted() : undefined;
}
