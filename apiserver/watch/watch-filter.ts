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
}

export function matchesFilter(filter: WatchFilter, obj: KubeObject): boolean {
  if (filter.namespace && filter.info.namespaced && obj.metadata?.namespace !== filter.namespace) return false;
  if (filter.labels && !matchesSelector(filter.labels, obj.metadata?.labels ?? {})) return false;
  if (filter.fields && !matchesFields(filter.fields, filter.info, obj)) return false;
  return true;
}

export function eventFor(filter: WatchFilter, change: ObjectChange): OutgoingEvent | undefined {
  const prevMatches = change.prev !== undefined && matchesFilter(filter, change.prev);
  if (change.type === 'delete' || !change.object) {
    return prevMatches ? { type: 'DELETED', objectJson: change.lastStateJson() } : undefined;
  }
  const nowMatches = matchesFilter(filter, change.object);
  if (nowMatches) return { type: prevMatches ? 'MODIFIED' : 'ADDED', objectJson: change.objectJson() };
  return prevMatches ? { type: 'DELETED', objectJson: change.lastStateJson() } : undefined;
}
