// A real ApiClient that counts list and watch calls, so integration tests can
// tell a re-watch from a re-list.
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeList, KubeObject } from '../../api/types/index.js';
import { ApiClient, type ListOptions, type WatchOptions, type WatchStream } from '../../client/api-client.js';

export class CountingApiClient extends ApiClient {
  lists = 0;
  readonly watchVersions: string[] = [];

  override list<T extends KubeObject>(resource: ResourceInfo<T>, opts?: ListOptions): Promise<KubeList<T>> {
    this.lists++;
    return super.list<T>(resource, opts);
  }

  override watch<T extends KubeObject>(resource: ResourceInfo<T>, opts: WatchOptions = {}): WatchStream<T> {
    this.watchVersions.push(opts.resourceVersion ?? '');
    return super.watch<T>(resource, opts);
  }
}
