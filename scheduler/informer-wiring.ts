// Feeds pod and node informers into the scheduler's handlers. One pod
// informer serves both sides: bound pods fill the cache, unbound ones the queue.
// Claims, volumes and storage classes are read by volume binding from their
// caches, and any change to them may let a waiting pod fit.
import type { KubeObject, Node, Pod } from '../api/types/index.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api/types/storage.js';
import type { Informer } from '../client/informer.js';
import type { SharedInformerFactory } from '../client/informer-factory.js';
import type { VolumeListers } from './plugins/volume-claims.js';
import type { Scheduler } from './scheduler.js';
import { resources } from '../api/resources.js';

export interface SchedulerInformers {
  pods: Informer<Pod>;
  nodes: Informer<Node>;
}

export interface VolumeInformers {
  claims: Informer<PersistentVolumeClaim>;
  volumes: Informer<PersistentVolume>;
  classes: Informer<StorageClass>;
}

export function wireInformers(factory: SharedInformerFactory, scheduler: Scheduler): SchedulerInformers {
  const pods = factory.informerFor(resources.pods);
  const nodes = factory.informerFor(resources.nodes);
  nodes.addEventHandler({
    onAdd: (n) => scheduler.onNodeAdd(n),
    onUpdate: (o, n) => scheduler.onNodeUpdate(o, n),
    onDelete: (n) => scheduler.onNodeDelete(n),
  });
  pods.addEventHandler({
    onAdd: (p) => scheduler.onPodAdd(p),
    onUpdate: (o, p) => scheduler.onPodUpdate(o, p),
    onDelete: (p) => scheduler.onPodDelete(p),
  });
  return { pods, nodes };
}

/** The storage informers; created before the scheduler, which needs their listers. */
export function volumeInformers(factory: SharedInformerFactory): VolumeInformers {
  return {
    claims: factory.informerFor(resources.persistentVolumeClaims),
    volumes: factory.informerFor(resources.persistentVolumes),
    classes: factory.informerFor(resources.storageClasses),
  };
}

export function volumeListers(informers: VolumeInformers): VolumeListers {
  return {
    claim: (namespace, name) => informers.claims.store.get(namespace, name),
    volume: (name) => informers.volumes.store.get('', name),
    volumes: () => informers.volumes.store.list(),
    storageClass: (name) => informers.classes.store.get('', name),
  };
}

/** Deletions matter too: a deleted claim turns a waiting pod's reason into "not found". */
export function wireVolumeInformers(informers: VolumeInformers, scheduler: Scheduler): void {
  const changed = (): void => scheduler.onVolumeChange();
  const handler = { onAdd: changed, onUpdate: changed, onDelete: changed };
  for (const informer of [informers.claims, informers.volumes, informers.classes] as Informer<KubeObject>[]) informer.addEventHandler(handler);
}
