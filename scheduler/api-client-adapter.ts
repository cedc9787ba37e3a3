// SchedulerApi over the real client: bind, pod status writes with
// optimistic-concurrency retries, events through the EventRecorder, and the
// claim and volume writes of volume binding.
import type { Logger } from 'pino';
import { isApiError } from '../api/errors.js';
import type { Pod, PodCondition } from '../api/types/index.js';
import type { ApiClient } from '../client/api-client.js';
import type { EventRecorder } from '../client/event-recorder.js';
import { withPodCondition } from './pod-condition.js';
import type { PersistentVolume, PersistentVolumeClaim } from '../api/types/storage.js';
import type { VolumeBindingApi } from './plugins/volume-binding.js';
import type { EventKind, SchedulerApi } from './scheduler-api.js';
import { resources } from '../api/resources.js';

/** Tries for one status write; each Conflict re-reads the pod first. */
export const MAX_STATUS_WRITE_ATTEMPTS = 3;

export class ClientSchedulerApi implements SchedulerApi, VolumeBindingApi {
  constructor(
    private readonly client: ApiClient,
    private readonly recorder: EventRecorder,
    private readonly logger: Logger,
  ) {}

  async bind(pod: Pod, nodeName: string): Promise<void> {
    await this.client.bind(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '', nodeName);
  }

  async setPodCondition(pod: Pod, condition: PodCondition): Promise<void> {
    let current = pod;
    for (let attempt = 1; ; attempt++) {
      const next = withPodCondition(current, condition);
      if (!next) return;
      try {
        await this.client.updateStatus(resources.pods, next);
        return;
      } catch (err) {
        if (isApiError(err, 'NotFound')) return;
        if (!isApiError(err, 'Conflict') || attempt >= MAX_STATUS_WRITE_ATTEMPTS) throw err;
      }
      current = await this.client.get(resources.pods, pod.metadata.namespace ?? 'default', pod.metadata.name ?? '');
      // Bound meanwhile: the condition would be stale.
      if (current.spec.nodeName) return;
      this.logger.debug({ ns: pod.metadata.namespace, pod: pod.metadata.name, attempt }, 'pod status conflict, retrying');
    }
  }

  event(pod: Pod, type: EventKind, reason: string, message: string): void {
    this.recorder.event(pod, type, reason, message);
  }

  async updateVolume(pv: PersistentVolume): Promise<void> {
    await this.client.update(resources.persistentVolumes, pv);
  }

  async updateClaim(claim: PersistentVolumeClaim): Promise<void> {
    await this.client.update(resources.persistentVolumeClaims, claim);
  }
}
