// Feeds pod and node informers into the scheduler's handlers. One pod
// informer serves both sides: bound pods fill the cache, unbound ones the queue.
import type { Node, Pod } from '../api/types/index.js';
import type { Informer } from '../client/informer.js';
import type { SharedInformerFactory } from '../client/informer-factory.js';
import type { Scheduler } from './scheduler.js';
import { resources } from '../api/resources.js';

export interface SchedulerInformers {
  pods: Informer<Pod>;
  nodes: Informer<Node>;
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
