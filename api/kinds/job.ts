// batch/v1 Job: Kubernetes' defaults, the selector and labels the apiserver
// generates from the Job's uid, and the spec, update and status rules.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import type { Job } from '../types/batch.js';
import { FIELD_IMMUTABLE, invalidValue } from '../validation/field-errors.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { isAbsent, isRecord, recordOf, type JsonRecord } from '../validation/values.js';
import { validateStatusCounts, ensureRecord, specOf } from './common.js';
import { defaultTemplate, validateWorkloadBasics, workloadStrategy } from './workload.js';
import { defaultJobSpec, JOB_RESTART_POLICIES, validateJobSpecFields } from './job-spec.js';
import { JOB_CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_CONTROLLER_UID_LABEL, LEGACY_JOB_NAME_LABEL } from '../batch/labels.js';
import { jobTable } from '../tables/job.js';
import { BATCH } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { selectableValue } from '../fields/selectable-value.js';

const STATUS_COUNTS = ['active', 'succeeded', 'failed', 'ready', 'terminating'];
/** Spec fields that never change after creation (the template only while the Job is suspended). */
const IMMUTABLE_SPEC_FIELDS = ['completions', 'selector', 'completionMode', 'podFailurePolicy', 'successPolicy'];

/**
 * Kubernetes' generateSelector: unless the user manages the selector, the
 * template carries the Job's uid and name and the selector matches the uid.
 */
function generateSelector(obj: KubeObject, spec: JsonRecord): void {
  if (spec.manualSelector === true || !isAbsent(spec.selector)) return;
  const uid = obj.metadata.uid;
  const name = obj.metadata.name;
  if (typeof uid !== 'string' || !uid || typeof name !== 'string') return;
  const template = ensureRecord(spec, 'template');
  const meta = template ? ensureRecord(template, 'metadata') : undefined;
  const labels = meta ? ensureRecord(meta, 'labels') : undefined;
  if (!labels) return;
  labels[JOB_CONTROLLER_UID_LABEL] = uid;
  labels[JOB_NAME_LABEL] = name;
  labels[LEGACY_CONTROLLER_UID_LABEL] = uid;
  labels[LEGACY_JOB_NAME_LABEL] = name;
  spec.selector = { matchLabels: { [JOB_CONTROLLER_UID_LABEL]: uid } };
}

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  defaultJobSpec(spec);
  generateSelector(obj, spec);
  defaultTemplate(spec);
  // A Job without labels of its own wears its pods' labels, as Kubernetes defaults it.
  const templateLabels = recordOf(recordOf(spec.template).metadata).labels;
  if (isRecord(templateLabels) && Object.keys(obj.metadata.labels ?? {}).length === 0) {
    obj.metadata.labels = { ...(templateLabels as Record<string, string>) };
  }
}

function validate(obj: KubeObject): FieldError[] {
  const { spec, errs } = validateWorkloadBasics(obj, {
    workloadKind: 'Job',
    restartPolicies: JOB_RESTART_POLICIES,
    allowPodDeadline: true,
  });
  validateJobSpecFields(spec, 'spec', errs);
  return errs;
}

function validateSpecUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const next = specOf(obj);
  const prev = specOf(old);
  const errs: FieldError[] = [];
  for (const field of IMMUTABLE_SPEC_FIELDS) {
    if (field === 'selector') continue; // the workload basics check it
    if (!semanticEqual(next[field], prev[field])) errs.push(invalidValue(`spec.${field}`, next[field], FIELD_IMMUTABLE));
  }
  // A suspended Job's template may change (queue controllers set scheduling directives before it starts).
  if (prev.suspend !== true && !semanticEqual(next.template, prev.template)) {
    errs.push(invalidValue('spec.template', next.template, FIELD_IMMUTABLE));
  }
  return errs;
}

function validateStatus(obj: KubeObject): FieldError[] {
  return validateStatusCounts(obj.status, STATUS_COUNTS).errs;
}

export const jobStrategy: KindStrategy = workloadStrategy({ applyDefaults, validate, validateStatus, validateSpecUpdate });

const SCHEMA = kindSchema(`${BATCH}Job`);

export const jobKind: KindDefinition<Job> = {
  group: 'batch',
  version: 'v1',
  kind: 'Job',
  plural: 'jobs',
  singular: 'job',
  shortNames: [],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true },
  strategy: jobStrategy,
  table: jobTable,
  fieldSelectors: { 'status.successful': (o) => selectableValue(recordOf(o.status).succeeded ?? 0) },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
