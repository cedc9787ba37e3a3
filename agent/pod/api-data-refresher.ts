// Live updates of one pod's configMap, secret and downwardAPI volumes: their
// files follow their sources within CONFIG_VOLUME_REFRESH_PERIOD_MS plus a
// resync. A source that became unreadable keeps its last files, and a lasting
// failure is one FailedMount event, not one every sync.
import type { Logger } from 'pino';
import type { Pod } from '../../api/types/index.js';
import { CONFIG_VOLUME_REFRESH_PERIOD_MS } from '../timing.js';
import type { ConfigReader } from './config-objects.js';
import { refreshApiDataVolumes } from './volumes.js';
import type { EventSink } from './worker-deps.js';
import type { Clock } from '../clock.js';

export interface ApiDataRefresherDeps {
  stateDir: string;
  config: ConfigReader;
  events: EventSink;
  logger: Logger;
  clock: Clock;
}

export class ApiDataRefresher {
  private refreshedAtMs = 0;
  /** The last failure reported per volume. */
  private readonly failures = new Map<string, string>();

  constructor(private readonly deps: ApiDataRefresherDeps) {}

  /** The volumes were just written from their sources (at set-up). */
  written(): void {
    this.refreshedAtMs = this.deps.clock.now();
  }

  async refreshIfDue(pod: Pod): Promise<void> {
    if (this.deps.clock.now() - this.refreshedAtMs < CONFIG_VOLUME_REFRESH_PERIOD_MS) return;
    this.written();
    const { changed, errors } = await refreshApiDataVolumes(this.deps.stateDir, pod, this.deps.config);
    if (changed.length > 0) this.deps.logger.info({ volumes: changed }, 'volume files updated from their sources');
    const failing = new Set(errors.map((e) => e.volume));
    for (const err of errors) {
      if (this.failures.get(err.volume) === err.message) continue;
      this.failures.set(err.volume, err.message);
      this.deps.events.event(pod, 'Warning', 'FailedMount', err.message);
    }
    for (const volume of this.failures.keys()) if (!failing.has(volume)) this.failures.delete(volume);
  }
}
