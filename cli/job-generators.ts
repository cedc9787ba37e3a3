// The Jobs and CronJobs `create job` and `create cronjob` build, shaped as
// kubectl's create_job.go and create_cronjob.go build them: one container named
// after the object, the command after `--`, and for `--from=cronjob/x` a copy
// of the CronJob's template marked as a manual run it controls.
import type { CronJob, Job } from '../api/types/batch.js';
import type { Container } from '../api/types/pod.js';
import type { RestartPolicy } from './generators.js';

/** The annotation kubectl puts on a Job it made from a CronJob by hand. */
export const CRONJOB_INSTANTIATE_ANNOTATION = 'cronjob.kubernetes.io/instantiate';
/** kubectl's default --restart for create cronjob (create job always uses Never). */
export const CRONJOB_DEFAULT_RESTART: RestartPolicy = 'OnFailure';

function container(name: string, image: string, command: readonly string[]): Container {
  const c: Container = { name, image, resources: {} };
  if (command.length > 0) c.command = [...command];
  return c;
}

export function buildJob(name: string, image: string, command: readonly string[]): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: { template: { metadata: {}, spec: { containers: [container(name, image, command)], restartPolicy: 'Never' } } },
    status: {},
  };
}

export function buildCronJob(name: string, image: string, schedule: string, restart: RestartPolicy, command: readonly string[]): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule,
      jobTemplate: { metadata: { name }, spec: { template: { metadata: {}, spec: { containers: [container(name, image, command)], restartPolicy: restart } } } },
    },
    status: {},
  };
}

/** A Job named `name` from the CronJob's template, controlled by the CronJob, as `create job --from=cronjob/x`. */
export function jobFromCronJob(name: string, cronJob: CronJob): Job {
  const template = cronJob.spec.jobTemplate;
  const job: Job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      annotations: { [CRONJOB_INSTANTIATE_ANNOTATION]: 'manual', ...(template.metadata?.annotations ?? {}) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cronJob.metadata.name ?? '', uid: cronJob.metadata.uid ?? '', controller: true }],
    },
    spec: structuredClone(template.spec),
    status: {},
  };
  if (template.metadata?.labels) job.metadata.labels = { ...template.metadata.labels };
  return job;
}
