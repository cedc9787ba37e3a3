// batch/v1 CronJob: the schedule (parsed as Kubernetes' cron library does),
// its time zone, concurrency and history defaults, and a job template whose
// selector the Job's own creation will generate.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import type { CronJob } from '../types/batch.js';
import { child, invalidValue, notSupported, required } from '../validation/field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { validatePodTemplate } from '../validation/pod-template.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { isAbsent, readRecord, readString, recordOf, type JsonRecord } from '../validation/values.js';
import { validateAnnotations, validateLabels } from '../validation/labels.js';
import { ensureRecord, nonnegativeField, setIfAbsent } from './common.js';
import { defaultTemplate } from './workload.js';
import { JOB_RESTART_POLICIES, validateJobSpecFields } from './job-spec.js';
import { cronSyntaxError } from '../cron/cron-expression.js';
import { isKnownTimeZone } from '../cron/time-zone.js';
import { cronJobTable } from '../tables/cronjob.js';
import { BATCH } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

export const DEFAULT_SUCCESSFUL_JOBS_HISTORY_LIMIT = 3;
export const DEFAULT_FAILED_JOBS_HISTORY_LIMIT = 1;
/** Job names are `<cronjob>-<minutes since epoch>` (11 characters) within a 63-character label. */
export const MAX_CRONJOB_NAME_LENGTH = 52;
const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
/** The characters Go's time zone names are made of, part by part. */
const TIME_ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  setIfAbsent(spec, 'concurrencyPolicy', 'Allow');
  setIfAbsent(spec, 'suspend', false);
  setIfAbsent(spec, 'successfulJobsHistoryLimit', DEFAULT_SUCCESSFUL_JOBS_HISTORY_LIMIT);
  setIfAbsent(spec, 'failedJobsHistoryLimit', DEFAULT_FAILED_JOBS_HISTORY_LIMIT);
  const jobTemplate = ensureRecord(spec, 'jobTemplate');
  const jobSpec = jobTemplate ? ensureRecord(jobTemplate, 'spec') : undefined;
  if (jobSpec) defaultTemplate(jobSpec);
}

function validateSchedule(spec: JsonRecord, errs: FieldError[]): void {
  const path = 'spec.schedule';
  const schedule = readString(spec.schedule, path, errs);
  if (schedule === '') {
    errs.push(required(path));
    return;
  }
  if (schedule.includes('TZ')) {
    const detail = isAbsent(spec.timeZone)
      ? 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'
      : 'cannot use both timeZone field and TZ or CRON_TZ in schedule';
    errs.push(invalidValue(path, schedule, detail));
    return;
  }
  const problem = cronSyntaxError(schedule);
  if (problem) errs.push(invalidValue(path, schedule, problem));
}

function validateTimeZone(spec: JsonRecord, errs: FieldError[]): void {
  if (isAbsent(spec.timeZone)) return;
  const path = 'spec.timeZone';
  const zone = readString(spec.timeZone, path, errs);
  if (zone === '') errs.push(invalidValue(path, zone, 'timeZone must be nil or non-empty string'));
  else if (zone.toLowerCase() === 'local') errs.push(invalidValue(path, zone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  else if (!isKnownTimeZone(zone) || zone.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !TIME_ZONE_PART.test(p))) {
    errs.push(invalidValue(path, zone, `unknown time zone ${zone}`));
  }
}

/** Kubernetes' ValidateJobTemplateSpec: a valid Job spec without a selector of its own. */
function validateJobTemplate(spec: JsonRecord, errs: FieldError[]): void {
  const path = 'spec.jobTemplate';
  const template = readRecord(spec.jobTemplate, path, errs) ?? {};
  const meta = recordOf(template.metadata);
  errs.push(...validateLabels(meta.labels, child(path, 'metadata.labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'metadata.annotations')));
  const specPath = child(path, 'spec');
  const jobSpec = readRecord(template.spec, specPath, errs) ?? {};
  validateJobSpecFields(jobSpec, specPath, errs);
  errs.push(...validatePodTemplate(jobSpec.template, child(specPath, 'template'), {}));
  const restartPolicy = recordOf(recordOf(jobSpec.template).spec).restartPolicy;
  if (typeof restartPolicy !== 'string' || !JOB_RESTART_POLICIES.includes(restartPolicy)) {
    errs.push(notSupported(child(specPath, 'template.spec.restartPolicy'), restartPolicy ?? '', JOB_RESTART_POLICIES));
  }
  if (!isAbsent(jobSpec.selector)) errs.push(invalidValue(child(specPath, 'selector'), jobSpec.selector, '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) errs.push(notSupported(child(specPath, 'manualSelector'), true, ['nil', 'false']));
}

function validateSpec(obj: KubeObject, errs: FieldError[]): void {
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  validateSchedule(spec, errs);
  validateTimeZone(spec, errs);
  nonnegativeField(spec, 'startingDeadlineSeconds', 'spec', errs);
  nonnegativeField(spec, 'successfulJobsHistoryLimit', 'spec', errs);
  nonnegativeField(spec, 'failedJobsHistoryLimit', 'spec', errs);
  const policy = spec.concurrencyPolicy;
  if (isAbsent(policy) || policy === '') errs.push(required('spec.concurrencyPolicy'));
  else if (!CONCURRENCY_POLICIES.includes(String(policy))) errs.push(notSupported('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES));
  validateJobTemplate(spec, errs);
}

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const name = obj.metadata.name;
  if (typeof name === 'string' && name.length > MAX_CRONJOB_NAME_LENGTH) {
    errs.push(invalidValue('metadata.name', name, `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`));
  }
  validateSpec(obj, errs);
  return errs;
}

export const cronJobStrategy: KindStrategy = {
  resetStatusOnCreate: true,
  tracksGeneration: true,
  applyDefaults,
  validate,
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
    validateSpec(obj, errs);
    return errs;
  },
  validateStatusUpdate: (obj, old) => validateObjectMetaUpdate(obj.metadata, old.metadata),
};

const SCHEMA = kindSchema(`${BATCH}CronJob`);

export const cronJobKind: KindDefinition<CronJob> = {
  group: 'batch',
  version: 'v1',
  kind: 'CronJob',
  plural: 'cronjobs',
  singular: 'cronjob',
  shortNames: ['cj'],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true },
  strategy: cronJobStrategy,
  table: cronJobTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
