// What the parts of one pod's worker share: the pod as last seen, its IP, and
// the services that act on it.
import type { Logger } from 'pino';
import type { ContainerLifecycle } from './container-lifecycle.js';
import type { PodProbes } from './pod-probes.js';
import type { PodRecord } from './pod-record.js';
import type { PodStatusWriter } from './pod-status-writer.js';
import type { PodWorkerDeps } from './worker-deps.js';

export interface PodContext {
  readonly uid: string;
  readonly deps: PodWorkerDeps;
  readonly logger: Logger;
  readonly record: PodRecord;
  readonly lifecycle: ContainerLifecycle;
  readonly probes: PodProbes;
  readonly status: PodStatusWriter;
  /** Asks the pod's loop for a sync `ms` from now. */
  wakeIn(ms: number): void;
}

/**
 * Where the worker is in the pod's life. `sync` drives the containers toward
 * the spec; `terminating` stops them within the grace period (the stop deadline
 * is set once stopping began) and removes them; `terminated` is the end.
 */
export type PodWorkerPhase =
  | { kind: 'sync' }
  | { kind: 'terminating'; apiObjectGone: boolean; stopDeadlineMs?: number }
  | { kind: 'terminated' };
