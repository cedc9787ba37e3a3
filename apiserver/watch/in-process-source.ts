// Lists and watches for informers inside the apiserver (its authorizers'
// caches), straight from the registry and the shared watches: the same
// objects and events a gRPC client gets, without encoding, encrypting and
// parsing every change on its way out of and back into this process.
import { ApiError } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import type { KubeList, KubeObject, WatchEvent } from '../../api/types/index.js';
import type { ListOptions, WatchOptions, WatchStream } from '../../client/api-client.js';
import type { ListWatchSource } from '../../client/list-watch-source.js';
import type { Registry } from '../registry/registry.js';
import { buildFilter } from '../registry/selectors.js';
import type { WatchService } from './watch-service.js';
import type { WatchSession } from './watch-session.js';
import type { OutgoingEvent } from './watch-filter.js';

type Next<T extends KubeObject> = IteratorResult<WatchEvent<T>>;

/** Events queued for one in-process watcher, handed out as an async iterator. */
class EventQueue<T extends KubeObject> {
  private readonly queued: WatchEvent<T>[] = [];
  private waiting: { resolve: (next: Next<T>) => void; reject: (err: unknown) => void } | undefined;
  private failure: unknown;
  private ended = false;

  push(event: OutgoingEvent): void {
    if (this.ended) return;
    const object = (event.object ?? JSON.parse(event.objectJson)) as T;
    this.handOut({ type: event.type, object });
  }

  end(err?: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = err;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!waiting) return;
    if (err === undefined) waiting.resolve({ done: true, value: undefined });
    else waiting.reject(err);
  }

  next(): Promise<Next<T>> {
    const event = this.queued.shift();
    if (event) return Promise.resolve({ done: false, value: event });
    if (this.ended) return this.failure === undefined ? Promise.resolve({ done: true, value: undefined }) : Promise.reject(this.failure);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  private handOut(event: WatchEvent<T>): void {
    const waiting = this.waiting;
    if (!waiting) {
      this.queued.push(event);
      return;
    }
    this.waiting = undefined;
    waiting.resolve({ done: false, value: event });
  }
}

export class InProcessSource implements ListWatchSource {
  constructor(
    private readonly registry: Registry,
    private readonly watches: WatchService,
  ) {}

  async list<T extends KubeObject>(resource: ResourceInfo<T>, opts: ListOptions = {}): Promise<KubeList<T>> {
    return (await this.registry.list(resource, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? '')) as KubeList<T>;
  }

  watch<T extends KubeObject>(resource: ResourceInfo<T>, opts: WatchOptions = {}): WatchStream<T> {
    const queue = new EventQueue<T>();
    let session: WatchSession | undefined;
    let cancelled = false;
    const starting = (async () => {
      const filter = buildFilter(resource, opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? '');
      const output = { send: (event: OutgoingEvent) => queue.push(event), fail: (err: ApiError) => queue.end(err), close: () => queue.end() };
      session = await this.watches.watch(filter, { resourceVersion: opts.resourceVersion ?? '', allowBookmarks: opts.allowBookmarks ?? false }, output);
      if (cancelled) session.cancel();
    })();
    starting.catch((err: unknown) => queue.end(err instanceof ApiError ? err : new ApiError('InternalError', String(err))));
    const iterator: AsyncIterator<WatchEvent<T>> = {
      next: () => queue.next(),
      return: async () => {
        cancel();
        return { done: true, value: undefined };
      },
    };
    const cancel = (): void => {
      cancelled = true;
      session?.cancel();
      queue.end();
    };
    return { [Symbol.asyncIterator]: () => iterator, cancel };
  }
}
