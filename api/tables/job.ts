// `kubectl get jobs` (1.32): NAME STATUS COMPLETIONS DURATION AGE (+ CONTAINERS IMAGES SELECTOR).
import type { Job, JobCondition } from '../types/batch.js';
import type { KubeObject } from '../types/meta.js';
import { containerCells } from './cells.js';
import { CONTAINERS_COLUMN, IMAGES_COLUMN, SELECTOR_COLUMN } from './deployment.js';
import { humanDuration, timestampSince } from './duration.js';
import { formatLabelSelector } from '../labels/label-selector.js';
import { AGE_COLUMN, NAME_COLUMN, type TableDefinition } from './table.js';

function hasCondition(conditions: readonly JobCondition[] | undefined, type: string): boolean {
  return (conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** The STATUS cell, in the order the upstream printer asks. */
export function jobStatusCell(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasCondition(conditions, 'Complete')) return 'Complete';
  if (hasCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** `2/5`, or for a job without completions `0/1`, `0/1 of 3` when parallel. */
export function jobCompletionsCell(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function durationCell(job: Job, now: Date): string {
  const start = job.status?.startTime ? Date.parse(job.status.startTime) : NaN;
  if (Number.isNaN(start)) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now.getTime();
  return humanDuration(end - start);
}

export const jobTable: TableDefinition = {
  columns: [
    NAME_COLUMN,
    { name: 'Status', priority: 0, description: 'Status of the job.' },
    { name: 'Completions', priority: 0, description: 'The desired number of successfully finished pods the job should be run with.' },
    { name: 'Duration', priority: 0, description: 'Time required to complete the job.' },
    AGE_COLUMN,
    CONTAINERS_COLUMN,
    IMAGES_COLUMN,
    SELECTOR_COLUMN,
  ],
  row(obj: KubeObject, now: Date): string[] {
    const job = obj as Job;
    const { names, images } = containerCells(job.spec?.template?.spec?.containers);
    return [
      job.metadata.name ?? '',
      jobStatusCell(job),
      jobCompletionsCell(job),
      durationCell(job, now),
      timestampSince(job.metadata.creationTimestamp, now),
      names,
      images,
      formatLabelSelector(job.spec?.selector),
    ];
  },
};
