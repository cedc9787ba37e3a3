// Compacts etcd history the way Kubernetes does: every interval, compact to the
// revision that was current one interval ago, so watchers always have at least
// one interval of history to resume from.
import type { Logger } from '../../client/logger.js';
import type { ObjectStore } from './object-store.js';
import { isStorageError } from './storage-errors.js';

export class Compactor {
  private timer: NodeJS.Timeout | undefined;
  private previousRevision = 0;

  constructor(
    private readonly store: Pick<ObjectStore, 'currentRevision' | 'compact'>,
    private readonly intervalSeconds: number,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.intervalSeconds <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.intervalSeconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  async tick(): Promise<void> {
    try {
      const target = this.previousRevision;
      this.previousRevision = await this.store.currentRevision();
      if (target > 0) {
        await this.store.compact(target);
        this.log.info({ revision: target }, 'compacted etcd history');
      }
    } catch (err) {
      if (isStorageError(err, 'Compacted')) return;
      this.log.warn({ err }, 'etcd compaction failed');
    }
  }
}
