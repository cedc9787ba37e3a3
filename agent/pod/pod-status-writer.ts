// Turns the pod's containers and the worker's waiting reasons into the pod's
// status, and writes it to the API only when it changed.
import { isApiError } from '../../api/errors.js';
import type { Container, Pod } from '../../api/types/index.js';
import { resources } from '../../api/resources.js';
import { rfc3339Seconds } from '../clock.js';
import type { PodContainers } from './pod-containers.js';
import type { PodRecord } from './pod-record.js';
import type { PodProbes } from './pod-probes.js';
import { computePodStatus, type ContainerView, type Waiting } from './pod-status.js';
import type { PodWorkerDeps } from './worker-deps.js';

export interface PodFailure {
  reason: string;
  message: string;
}

export class PodStatusWriter {
  /** Why a container is not running (ContainerCreating, CrashLoopBackOff, ErrImagePull, ...), by name. */
  readonly waiting = new Map<string, Waiting>();
  private lastStatus = '';

  constructor(
    private readonly uid: string,
    private readonly deps: PodWorkerDeps,
    private readonly record: PodRecord,
    private readonly probes: PodProbes,
  ) {}

  /** Writes the status when it changed; answers the phase. */
  async write(pod: Pod, containers: PodContainers, failure?: PodFailure): Promise<string | undefined> {
    const status = computePodStatus({
      failure,
      pod,
      init: this.views(containers, pod.spec.initContainers ?? []),
      app: this.views(containers, pod.spec.containers),
      podIP: this.record.podIP,
      hostIP: this.deps.hostIP,
      now: rfc3339Seconds(this.deps.clock.now()),
    });
    const json = JSON.stringify(status);
    if (json === this.lastStatus) return status.phase;
    try {
      const updated = await this.deps.client.patch(resources.pods, pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', 'merge', { status }, { status: true });
      this.lastStatus = json;
      if (updated.metadata.uid === this.uid && !this.record.pod.metadata.deletionTimestamp) this.record.pod = updated;
    } catch (err) {
      if (isApiError(err, 'NotFound')) return status.phase;
      throw err;
    }
    return status.phase;
  }

  private views(containers: PodContainers, specs: Container[]): ContainerView[] {
    return specs.map((spec) => {
      const [current, previous] = containers.byName.get(spec.name) ?? [];
      const prober = current ? this.probes.get(current.id) : undefined;
      const waiting = this.waiting.get(spec.name);
      const stillWaiting = waiting && !(current?.state === 'running');
      return {
        name: spec.name,
        image: spec.image ?? '',
        current,
        previous,
        waiting: stillWaiting ? waiting : undefined,
        ready: prober ? prober.ready : current?.state === 'running',
        started: prober ? prober.started : current?.state === 'running',
      };
    });
  }
}
