// An in-memory stand-in for ApiClient for unit tests: objects with resourceVersions,
// optimistic concurrency on update, and watches the test drives by hand.
import { alreadyExists, conflict, notFound, type ApiError } from '../../api/errors.js';
import { findResource, type ResourceInfo } from '../../api/resources.js';
import type { KubeList, KubeObject, WatchEvent } from '../../api/types/index.js';
import type { ApiClient, ListOptions, WatchOptions, WatchStream } from '../../client/api-client.js';
import { keyOf } from '../../client/object-key.js';

/** A watch the test feeds: push events, end it, or fail it. */
export class FakeWatch<T extends KubeObject = KubeObject> implements WatchStream<T> {
  readonly options: WatchOptions;
  cancelled = false;
  private buffer: WatchEvent<T>[] = [];
  private ended = false;
  private error: ApiError | undefined;
  private wake: (() => void) | undefined;

  constructor(options: WatchOptions) {
    this.options = { ...options };
  }

  push(event: WatchEvent<T>): void {
    this.buffer.push(structuredClone(event));
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(err: ApiError): void {
    this.error = err;
    this.notify();
  }

  cancel(): void {
    this.cancelled = true;
    this.ended = true;
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    for (;;) {
      const next = this.buffer.shift();
      if (next) {
        yield next;
        continue;
      }
      if (this.cancelled) return;
      if (this.error) throw this.error;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/** Tests seed and inspect the fake by plural; components reach it through handles. */
type ResourceName = string | ResourceInfo;

function resourceName(resource: ResourceName): string {
  if (typeof resource !== 'string') return resource.plural;
  return findResource(resource)?.plural ?? resource;
}

export class FakeApiClient {
  /** resource plural -> key -> object */
  readonly objects = new Map<string, Map<string, KubeObject>>();
  readonly watches: FakeWatch[] = [];
  readonly calls: { method: string; resource: string; args: unknown[] }[] = [];
  revision = 100;
  /** Errors the next list calls throw, in order. */
  listErrors: ApiError[] = [];
  /** Errors the next watch calls fail with at once, in order. */
  watchErrors: ApiError[] = [];
  /** Errors the next writes (create/update/patch) throw, in order. */
  writeErrors: ApiError[] = [];
  /** Updates take this long before they are applied, to open race windows. */
  updateDelayMs = 0;
  /** Suffix of the next name made from metadata.generateName. */
  private generated = 0;
  private watchWaiters: (() => void)[] = [];

  asClient(): ApiClient {
    return this as unknown as ApiClient;
  }

  private bucket(resource: ResourceName): Map<string, KubeObject> {
    const name = resourceName(resource);
    let b = this.objects.get(name);
    if (!b) {
      b = new Map();
      this.objects.set(name, b);
    }
    return b;
  }

  /** Puts an object straight into storage with a fresh resourceVersion (no watch event). */
  seed<T extends KubeObject>(resource: ResourceName, obj: T): T {
    const copy = structuredClone(obj);
    copy.metadata.resourceVersion = String(++this.revision);
    this.bucket(resource).set(keyOf(copy), copy);
    return structuredClone(copy);
  }

  remove(resource: ResourceName, key: string): void {
    this.bucket(resource).delete(key);
  }

  async list<T extends KubeObject>(resource: ResourceName, opts: ListOptions = {}): Promise<KubeList<T>> {
    this.calls.push({ method: 'list', resource: resourceName(resource), args: [opts] });
    const err = this.listErrors.shift();
    if (err) throw err;
    const items = [...this.bucket(resource).values()]
      .filter((o) => !opts.namespace || o.metadata.namespace === opts.namespace)
      .map((o) => structuredClone(o) as T);
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: String(this.revision) }, items };
  }

  watch<T extends KubeObject>(resource: ResourceName, opts: WatchOptions = {}): WatchStream<T> {
    this.calls.push({ method: 'watch', resource: resourceName(resource), args: [opts] });
    const w = new FakeWatch<T>(opts);
    const err = this.watchErrors.shift();
    if (err) w.fail(err);
    this.watches.push(w as unknown as FakeWatch);
    const waiters = this.watchWaiters;
    this.watchWaiters = [];
    for (const wake of waiters) wake();
    return w;
  }

  /** Resolves when at least `n` watches have been opened. */
  async waitForWatches(n: number): Promise<FakeWatch> {
    while (this.watches.length < n) await new Promise<void>((resolve) => this.watchWaiters.push(resolve));
    return this.watches[n - 1];
  }

  async get<T extends KubeObject>(resource: ResourceName, namespace: string, name: string): Promise<T> {
    this.calls.push({ method: 'get', resource: resourceName(resource), args: [namespace, name] });
    const obj = this.bucket(resource).get(namespace ? `${namespace}/${name}` : name);
    if (!obj) throw notFound(resourceName(resource), name);
    return structuredClone(obj) as T;
  }

  async create<T extends KubeObject>(resource: ResourceName, obj: T): Promise<T> {
    this.calls.push({ method: 'create', resource: resourceName(resource), args: [structuredClone(obj)] });
    const err = this.writeErrors.shift();
    if (err) throw err;
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj = { ...obj, metadata: { ...obj.metadata, name: `${obj.metadata.generateName}${++this.generated}` } };
    }
    const key = keyOf(obj);
    if (this.bucket(resource).has(key)) throw alreadyExists(resourceName(resource), obj.metadata.name ?? '');
    return this.seed(resource, obj);
  }

  /** Status writes are plain updates here: the fake keeps no spec/status split. */
  async updateStatus<T extends KubeObject>(resource: ResourceName, obj: T): Promise<T> {
    return this.update(resource, obj);
  }

  /** A status slice (a CSR's approval) is a plain update here too. */
  async updateStatusSlice<T extends KubeObject>(resource: ResourceName, _subresource: string, obj: T): Promise<T> {
    return this.update(resource, obj);
  }

  async delete(resource: ResourceName, namespace: string, name: string): Promise<void> {
    this.calls.push({ method: 'delete', resource: resourceName(resource), args: [namespace, name] });
    const key = namespace ? `${namespace}/${name}` : name;
    if (!this.bucket(resource).delete(key)) throw notFound(resourceName(resource), name);
  }

  async update<T extends KubeObject>(resource: ResourceName, obj: T): Promise<T> {
    this.calls.push({ method: 'update', resource: resourceName(resource), args: [structuredClone(obj)] });
    if (this.updateDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.updateDelayMs));
    const err = this.writeErrors.shift();
    if (err) throw err;
    const current = this.bucket(resource).get(keyOf(obj));
    if (!current) throw notFound(resourceName(resource), obj.metadata.name ?? '');
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw conflict(resourceName(resource), obj.metadata.name ?? '', 'the object has been modified; please apply your changes to the latest version and try again');
    }
    return this.seed(resource, obj);
  }

  async patch<T extends KubeObject>(resource: ResourceName, namespace: string, name: string, kind: string, patch: unknown): Promise<T> {
    this.calls.push({ method: 'patch', resource: resourceName(resource), args: [namespace, name, kind, structuredClone(patch)] });
    const err = this.writeErrors.shift();
    if (err) throw err;
    const current = this.bucket(resource).get(namespace ? `${namespace}/${name}` : name);
    if (!current) throw notFound(resourceName(resource), name);
    return this.seed(resource, { ...structuredClone(current), ...(patch as object) }) as T;
  }
}
