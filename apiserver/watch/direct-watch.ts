// A watcher's own etcd watch, for history older than the shared hub keeps.
// It ends the watcher on compaction (Gone) or when the stream breaks.
import { ApiError, gone } from '../../api/errors.js';
import type { Logger } from '../../client/logger.js';
import type { ObjectStore, StoreWatch } from '../storage/object-store.js';
import type { ChangeSink, ChangeSource } from './change-sink.js';
import { ObjectChange } from './object-change.js';

export class DirectWatch implements ChangeSource {
  private delivered: number;
  private watch: StoreWatch | undefined;

  constructor(
    private readonly store: ObjectStore,
    private readonly prefix: string,
    private readonly afterRevision: number,
    private readonly log: Logger,
  ) {
    this.delivered = afterRevision;
  }

  currentRevision(): number {
    return this.delivered;
  }

  async start(sink: ChangeSink): Promise<() => void> {
    this.watch = await this.store.watchPrefix(this.prefix, this.afterRevision + 1, {
      onChanges: (changes, headerRevision) => {
        if (changes.length === 0) this.delivered = Math.max(this.delivered, headerRevision);
        for (const raw of changes) {
          try {
            sink.deliver(ObjectChange.fromRaw(raw));
          } catch (err) {
            this.log.error({ err, key: raw.key }, 'skipping undecodable stored object');
          }
          this.delivered = Math.max(this.delivered, raw.revision);
        }
      },
      onCompacted: (compactRevision) => sink.end(gone(`too old resource version: ${this.afterRevision} (${compactRevision})`)),
      onError: (err) => sink.end(new ApiError('ServiceUnavailable', `the watch on etcd ended: ${err.message}`)),
    });
    return () => this.watch?.cancel();
  }
}
