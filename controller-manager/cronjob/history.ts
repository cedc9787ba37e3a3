// successfulJobsHistoryLimit / failedJobsHistoryLimit: the oldest finished
// Jobs beyond each limit go.
import type { Job } from '../../api/types/index.js';
import { hasTrueCondition } from '../job/job-conditions.js';

function startedMs(job: Job): number {
  const at = Date.parse(job.status?.startTime ?? job.metadata.creationTimestamp ?? '');
  return Number.isNaN(at) ? 0 : at;
}

function oldestBeyond(jobs: Job[], limit: number | undefined): Job[] {
  if (limit === undefined || limit === null || jobs.length <= limit) return [];
  return [...jobs].sort((a, b) => startedMs(a) - startedMs(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '')).slice(0, jobs.length - limit);
}

export function jobsToPrune(owned: readonly Job[], successfulLimit: number | undefined, failedLimit: number | undefined): Job[] {
  const live = owned.filter((j) => !j.metadata.deletionTimestamp);
  const succeeded = live.filter((j) => hasTrueCondition(j.status, 'Complete'));
  const failed = live.filter((j) => hasTrueCondition(j.status, 'Failed'));
  return [...oldestBeyond(succeeded, successfulLimit), ...oldestBeyond(failed, failedLimit)];
}
