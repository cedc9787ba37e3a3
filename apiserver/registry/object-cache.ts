// What the registry may read from memory instead of etcd: per resource, the
// objects as of one revision, kept current by one etcd watch (apiserver/watch).
// Reads that must be as fresh as etcd first check the cache has caught up.
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeObject } from '../../api/types/index.js';

export interface CachedItem {
  key: string;
  /** Shared and frozen: never modified, by anyone. */
  object: KubeObject;
}

export interface ResourceCacheView {
  /** Every change up to this revision is reflected, and none after it. */
  revision(): number;
  /** The object under `key` as of revision(). */
  get(key: string): KubeObject | undefined;
  /** The items whose keys start with `prefix`, in etcd's key order. */
  itemsUnder(prefix: string): readonly CachedItem[];
  /** Resolves true once revision() reached `revision`, false when `waitMs` passed first. */
  waitUntil(revision: number, waitMs: number): Promise<boolean>;
}

export interface ObjectCache {
  /** The cache of one resource; undefined while it does not hold a complete view (starting, re-listing). */
  of(info: ResourceInfo): ResourceCacheView | undefined;
}
