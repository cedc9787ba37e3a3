// Which scheduled time a CronJob should act on now, as Kubernetes'
// mostRecentScheduleTime: the latest activation at or before now since the
// last one it ran (or its creation), and how many were missed on the way.
import type { CronJob } from '../../api/types/index.js';
import type { CronSchedule } from './cron-schedule.js';

/** Beyond this many missed start times the controller warns, as Kubernetes does. */
export const TOO_MANY_MISSED = 100;
/** Activations walked one by one before the count is estimated from the interval. */
const EXACT_WALK_LIMIT = 1_000;

export interface MostRecent {
  /** The latest activation in (earliest, now], undefined when none. */
  scheduledMs?: number;
  /** How many activations fell in (earliest, now]. */
  missed: number;
}

/** The earliest instant whose activations still count: last schedule (or creation), bounded by startingDeadlineSeconds. */
export function earliestConsideredMs(cj: CronJob, nowMs: number): number {
  const last = cj.status?.lastScheduleTime ? Date.parse(cj.status.lastScheduleTime) : NaN;
  const created = Date.parse(cj.metadata.creationTimestamp ?? '');
  let earliest = Number.isNaN(last) ? (Number.isNaN(created) ? nowMs : created) : last;
  const deadline = cj.spec.startingDeadlineSeconds;
  if (deadline !== undefined && deadline !== null) earliest = Math.max(earliest, nowMs - deadline * 1000);
  return earliest;
}

export function mostRecentScheduleTime(schedule: CronSchedule, earliestMs: number, nowMs: number): MostRecent {
  let missed = 0;
  let latest: number | undefined;
  let t = schedule.next(earliestMs);
  while (t !== undefined && t <= nowMs) {
    missed++;
    latest = t;
    if (missed >= EXACT_WALK_LIMIT) {
      // Far behind (a long-stopped controller): jump near now on the last interval and walk the rest.
      const prev = latest;
      const following = schedule.next(prev);
      if (following === undefined || following > nowMs) break;
      const interval = following - prev;
      const skipped = Math.max(0, Math.floor((nowMs - following) / interval) - 1);
      missed += skipped;
      t = schedule.next(following + skipped * interval - 1);
      continue;
    }
    t = schedule.next(t);
  }
  return { scheduledMs: latest, missed };
}
