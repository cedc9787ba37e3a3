// What the scheduler asks of the cluster, kept behind an interface so the
// scheduling logic can be tested without an apiserver.
import type { Pod, PodCondition } from '../api/types/index.js';

export type EventKind = 'Normal' | 'Warning';

export interface SchedulerApi {
  /** Binds the pod to the node (pods/binding). Rejects with ApiError. */
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Writes the condition into the pod's status if it changed. Rejects with ApiError. */
  setPodCondition(pod: Pod, condition: PodCondition): Promise<void>;
  /** Fire and forget. */
  event(pod: Pod, type: EventKind, reason: string, message: string): void;
}
