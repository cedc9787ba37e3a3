// The ConfigMaps, Secrets and claims (with their volumes) the node's pods use, read from the apiserver by
// targeted gets: only the objects a pod names, in its namespace, and each at
// most once per short period, so a pod with many containers or a resync
// storm costs one get per object; pods starting together that ask while a get
// is under way share it.
import { isApiError } from '../../api/errors.js';
import { resources } from '../../api/resources.js';
import type { ConfigMap, KubeObject, Pod, Secret, Service } from '../../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../../api/types/storage.js';
import type { ClaimReader } from './claim-volumes.js';
import type { ApiClient } from '../../client/api-client.js';
import { CONFIG_OBJECT_CACHE_TTL_MS } from '../timing.js';
import { PodTokens, type TokenWish } from './pod-tokens.js';

/** What pods read their configuration from; undefined means the object does not exist. */
export interface ConfigReader {
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
  /** A token of the pod's ServiceAccount bound to the pod, for a serviceAccountToken projection. */
  podToken(pod: Pod, wish: TokenWish): Promise<string>;
}

/** The Services whose variables containers get (the `kubernetes` one, for in-cluster clients). */
export interface ServiceReader {
  service(namespace: string, name: string): Promise<Service | undefined>;
}

interface Cached {
  value: KubeObject | undefined;
  readAtMs: number;
}

export class ConfigObjects implements ConfigReader, ClaimReader, ServiceReader {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<KubeObject | undefined>>();
  private readonly tokens: PodTokens;

  constructor(
    private readonly client: Pick<ApiClient, 'get' | 'createToken'>,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = new PodTokens(client, now);
  }

  podToken(pod: Pod, wish: TokenWish): Promise<string> {
    return this.tokens.token(pod, wish);
  }

  configMap(namespace: string, name: string): Promise<ConfigMap | undefined> {
    return this.read(`configmap/${namespace}/${name}`, () => this.client.get(resources.configMaps, namespace, name));
  }

  secret(namespace: string, name: string): Promise<Secret | undefined> {
    return this.read(`secret/${namespace}/${name}`, () => this.client.get(resources.secrets, namespace, name));
  }

  service(namespace: string, name: string): Promise<Service | undefined> {
    return this.read(`service/${namespace}/${name}`, () => this.client.get(resources.services, namespace, name));
  }

  claim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined> {
    return this.read(`pvc/${namespace}/${name}`, () => this.client.get(resources.persistentVolumeClaims, namespace, name));
  }

  volume(name: string): Promise<PersistentVolume | undefined> {
    return this.read(`pv/${name}`, () => this.client.get(resources.persistentVolumes, '', name));
  }

  private async read<T extends KubeObject>(key: string, get: () => Promise<T>): Promise<T | undefined> {
    const now = this.now();
    this.forgetOlderThan(now - CONFIG_OBJECT_CACHE_TTL_MS);
    const hit = this.cache.get(key);
    if (hit) return hit.value as T | undefined;
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T | undefined>;
    const reading = this.fetch(key, get, now).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, reading);
    return reading;
  }

  private async fetch<T extends KubeObject>(key: string, get: () => Promise<T>, now: number): Promise<T | undefined> {
    let value: T | undefined;
    try {
      value = await get();
    } catch (err) {
      if (!isApiError(err, 'NotFound')) throw err;
    }
    this.cache.set(key, { value, readAtMs: now });
    return value;
  }

  /** Keeps the cache bounded by what was read recently. */
  private forgetOlderThan(cutoffMs: number): void {
    for (const [key, entry] of this.cache) if (entry.readAtMs <= cutoffMs) this.cache.delete(key);
  }
}
