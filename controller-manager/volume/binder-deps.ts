// What the claim and volume syncs read and write through: the caches (with a
// live read where a lagging cache would make the binder destroy a binding), the
// client, the clock and the event recorder.
import type { Node } from '../../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../api/types/storage.js';
import type { ApiClient } from '../../client/api-client.js';
import type { Clock } from '../../client/clock.js';
import type { EventType } from '../../client/event-recorder.js';
import type { KubeObject } from '../../api/types/index.js';

export interface BinderDeps {
  client: ApiClient;
  clock: Clock;
  event(obj: KubeObject, type: EventType, reason: string, message: string): void;
  volume(name: string): PersistentVolume | undefined;
  volumes(): PersistentVolume[];
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  storageClass(name: string): StorageClass | undefined;
  node(name: string): Node | undefined;
  /** The volume as the apiserver has it now (undefined: it does not exist). */
  liveVolume(name: string): Promise<PersistentVolume | undefined>;
  /** The claim as the apiserver has it now (undefined: it does not exist). */
  liveClaim(namespace: string, name: string): Promise<PersistentVolumeClaim | undefined>;
  enqueueClaim(namespace: string, name: string): void;
}
