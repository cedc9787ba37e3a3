// Lists and watches for informers inside the apiserver (its authorizers'
// caches), straight from the registry and the shared watches: the same
// objects and events a gRPC client gets, without encoding, encrypting and
// parsing every change on its way out of and back into this process.
import { PassThrough } from 'node:stream';
import { ApiError } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeList, KubeObject, WatchEvent } from '../../api/types/index.js';
import type { ListOptions, WatchOptions, WatchStream } from '../../client/api-client.js';
import type { ListWatchSource } from '../../client/list-watch-source.js';
import type { Registry } from '../registry/registry.js';
import { buildFilter } from '../registry/selectors.js';
import type { WatchService } from './watch-service.js';
import type { WatchSession } from './watch-session.js';
import type { OutgoingEvent, WatchFilter } from './watch-filter.js';

export class InProcessSource implements ListWatchSource {
  constructor(
    private readonly registry: Registry,
    private readonly watches: WatchService,
  ) {}

  async list<T extends KubeObject>(resource: ResourceInfo<T>, opts: ListOptions = {}): Promise<KubeList<T>> {
    return (await this.registry.list(resource, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? '')) as KubeList<T>;
  }

  watch<T extends KubeObject>(resource: ResourceInfo<T>, opts: WatchOptions = {}): WatchStream<T> {
    // An object-mode stream is the queue between the watch session and the informer's loop.
    const events = new PassThrough({ objectMode: true });
    // The failure reaches the consumer through its iterator; a stream nobody iterates yet must not crash the process with it.
    events.on('error', () => undefined);
    let session: WatchSession | undefined;
    const output = {
      send: (event: OutgoingEvent) => {
        const object = (event.object ?? JSON.parse(event.objectJson)) as T;
        events.write({ type: event.type, object } satisfies WatchEvent<T>);
      },
      fail: (err: ApiError) => events.destroy(err),
      close: () => events.end(),
    };
    const filter = (): WatchFilter => buildFilter(resource, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? '');
    const request = { resourceVersion: opts.resourceVersion ?? '', allowBookmarks: opts.allowBookmarks ?? false };
    Promise.resolve()
      .then(() => this.watches.watch(filter(), request, output))
      .then(
        (started) => {
          session = started;
          if (events.destroyed) started.cancel();
        },
        (err: unknown) => events.destroy(err instanceof ApiError ? err : new ApiError('InternalError', String(err))),
      );
    let cancelled = false;
    const cancel = (): void => {
      cancelled = true;
      session?.cancel();
      events.destroy();
    };
    // As a cancelled gRPC watch does, a cancelled one just ends.
    async function* iterate(): AsyncGenerator<WatchEvent<T>> {
      try {
        for await (const event of events) yield event as WatchEvent<T>;
      } catch (err) {
        if (!cancelled) throw err;
      }
    }
    const iterator = iterate();
    return { [Symbol.asyncIterator]: () => iterator, cancel };
  }
}
