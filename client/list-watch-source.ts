// Where an informer lists and watches from: the apiserver over gRPC for every
// component, or the apiserver's own registry and watches for the caches it
// keeps itself (its authorizers).
import type { ResourceInfo } from '../api/resources.js';
import type { KubeList, KubeObject } from '../api/types/index.js';
import type { ListOptions, WatchOptions, WatchStream } from './api-client.js';

export interface ListWatchSource {
  list<T extends KubeObject>(resource: ResourceInfo<T>, opts?: ListOptions): Promise<KubeList<T>>;
  watch<T extends KubeObject>(resource: ResourceInfo<T>, opts?: WatchOptions): WatchStream<T>;
}
