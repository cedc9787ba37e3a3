// One informer per (resource, namespace, selectors) for the whole process, so
// ten controllers watching pods cost one watch and one cache.
import type { Logger } from 'pino';
import { qualifiedResource, type ResourceInfo } from '../api/resources.js';
import type { KubeObject } from '../api/types/index.js';
import type { ApiClient } from './api-client.js';
import { DEFAULT_SYNC_TIMEOUT_MS, Informer, type InformerOptions } from './informer.js';
import { silentLogger } from './silent-logger.js';

export interface InformerFactoryOptions {
  /**
   * What every informer of this factory keeps of each object, unless the
   * caller of informerFor gives its own (client-go's WithTransform).
   */
  transform?: InformerOptions['transform'];
}

export class SharedInformerFactory {
  private readonly client: ApiClient;
  private readonly logger: Logger;
  private readonly defaults: Readonly<InformerFactoryOptions>;
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private started = false;
  private stopped = false;

  constructor(client: ApiClient, logger?: Logger, defaults: InformerFactoryOptions = {}) {
    this.client = client;
    this.logger = logger ?? silentLogger();
    this.defaults = { ...defaults };
  }

  /**
   * The shared informer for this resource and filter. `resyncPeriodMs` and
   * `transform` are taken from the first caller; later callers share that
   * informer as it is.
   * Informers asked for after start() are started at once.
   */
  informerFor<T extends KubeObject>(resource: ResourceInfo<T>, opts: InformerOptions = {}): Informer<T> {
    const key = informerKey(resource, opts);
    let informer = this.informers.get(key);
    if (!informer) {
      const transform = opts.transform ?? this.defaults.transform;
      informer = new Informer<KubeObject>(this.client, resource, { ...opts, ...(transform ? { transform } : {}) }, this.logger);
      this.informers.set(key, informer);
      if (this.started && !this.stopped) informer.start();
    }
    // The key names the resource, so the informer under it lists and watches
    // this handle's kind. A Map cannot tie each key to its own value type, and
    // Informer<KubeObject> and Informer<T> do not overlap for TypeScript (T
    // appears in both argument and result positions), so only via unknown.
    return informer as unknown as Informer<T>;
  }

  start(): void {
    if (this.stopped) return;
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  /** Waits until every informer made so far has synced. */
  async waitForSync(timeoutMs = DEFAULT_SYNC_TIMEOUT_MS): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync(timeoutMs)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}

function informerKey(resource: ResourceInfo, opts: InformerOptions): string {
  return JSON.stringify([qualifiedResource(resource), opts.namespace ?? '', opts.labelSelector ?? '', opts.fieldSelector ?? '']);
}
