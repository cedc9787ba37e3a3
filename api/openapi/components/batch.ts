// batch/v1: Job and CronJob, with the members upstream publishes for them.
import { condition, atomicList, bool, int32, int64, kindObject, object, ref, str, strings, time, arrayOf, type Properties } from '../builders.js';
import { BATCH, CORE, META } from '../names.js';
import type { ComponentTable, OpenApiSchema } from '../schema.js';

const gvk = (kind: string): { group: string; version: string; kind: string } => ({ group: 'batch', version: 'v1', kind });

const JOB_SPEC: Properties = {
  activeDeadlineSeconds: int64(),
  backoffLimit: int32(),
  backoffLimitPerIndex: int32(),
  completionMode: str(),
  completions: int32(),
  managedBy: str(),
  manualSelector: bool(),
  maxFailedIndexes: int32(),
  parallelism: int32(),
  podFailurePolicy: ref(`${BATCH}PodFailurePolicy`),
  podReplacementPolicy: str(),
  selector: ref(`${META}LabelSelector`),
  successPolicy: ref(`${BATCH}SuccessPolicy`),
  suspend: bool(),
  template: ref(`${CORE}PodTemplateSpec`, { default: {} }),
  ttlSecondsAfterFinished: int32(),
};

/** Merged by type on strategic merge, replaced whole by server-side apply (`+listType=atomic`). */
const jobConditions: OpenApiSchema = arrayOf(ref(`${BATCH}JobCondition`), {
  'x-kubernetes-list-type': 'atomic',
  'x-kubernetes-patch-merge-key': 'type',
  'x-kubernetes-patch-strategy': 'merge',
});

export const BATCH_COMPONENTS: ComponentTable = {
  [`${BATCH}Job`]: kindObject(gvk('Job'), 'Job represents the configuration of a single job.', {
    spec: ref(`${BATCH}JobSpec`, { default: {} }),
    status: ref(`${BATCH}JobStatus`, { default: {} }),
  }),
  [`${BATCH}JobSpec`]: object(JOB_SPEC, ['template']),
  [`${BATCH}JobStatus`]: object({
    active: int32(),
    completedIndexes: str(),
    completionTime: time(),
    conditions: jobConditions,
    failed: int32(),
    failedIndexes: str(),
    ready: int32(),
    startTime: time(),
    succeeded: int32(),
    terminating: int32(),
    uncountedTerminatedPods: ref(`${BATCH}UncountedTerminatedPods`),
  }),
  [`${BATCH}JobCondition`]: condition({ lastProbeTime: time() }),
  [`${BATCH}UncountedTerminatedPods`]: object({
    failed: strings({ 'x-kubernetes-list-type': 'set' }),
    succeeded: strings({ 'x-kubernetes-list-type': 'set' }),
  }),
  [`${BATCH}PodFailurePolicy`]: object({ rules: atomicList(`${BATCH}PodFailurePolicyRule`) }, ['rules']),
  [`${BATCH}PodFailurePolicyRule`]: object(
    {
      action: str({ default: '' }),
      onExitCodes: ref(`${BATCH}PodFailurePolicyOnExitCodesRequirement`),
      onPodConditions: atomicList(`${BATCH}PodFailurePolicyOnPodConditionsPattern`),
    },
    ['action'],
  ),
  [`${BATCH}PodFailurePolicyOnExitCodesRequirement`]: object(
    {
      containerName: str(),
      operator: str({ default: '' }),
      values: arrayOf(int32({ default: 0 }), { 'x-kubernetes-list-type': 'set' }),
    },
    ['operator', 'values'],
  ),
  [`${BATCH}PodFailurePolicyOnPodConditionsPattern`]: object({ status: str(), type: str({ default: '' }) }, ['type']),
  [`${BATCH}SuccessPolicy`]: object({ rules: atomicList(`${BATCH}SuccessPolicyRule`) }, ['rules']),
  [`${BATCH}SuccessPolicyRule`]: object({ succeededCount: int32(), succeededIndexes: str() }),

  [`${BATCH}CronJob`]: kindObject(gvk('CronJob'), 'CronJob represents the configuration of a single cron job.', {
    spec: ref(`${BATCH}CronJobSpec`, { default: {} }),
    status: ref(`${BATCH}CronJobStatus`, { default: {} }),
  }),
  [`${BATCH}CronJobSpec`]: object(
    {
      concurrencyPolicy: str(),
      failedJobsHistoryLimit: int32(),
      jobTemplate: ref(`${BATCH}JobTemplateSpec`, { default: {} }),
      schedule: str({ default: '' }),
      startingDeadlineSeconds: int64(),
      successfulJobsHistoryLimit: int32(),
      suspend: bool(),
      timeZone: str(),
    },
    ['schedule', 'jobTemplate'],
  ),
  [`${BATCH}JobTemplateSpec`]: object({
    metadata: ref(`${META}ObjectMeta`, { default: {} }),
    spec: ref(`${BATCH}JobSpec`, { default: {} }),
  }),
  [`${BATCH}CronJobStatus`]: object({
    active: atomicList(`${CORE}ObjectReference`),
    lastScheduleTime: time(),
    lastSuccessfulTime: time(),
  }),
};
