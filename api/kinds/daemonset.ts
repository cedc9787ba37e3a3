// apps/v1 DaemonSet: RollingUpdate (maxUnavailable 1, maxSurge 0) defaults
// and Kubernetes' update-strategy and status rules.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { invalidValue, notSupported, required } from '../validation/field-errors.js';
import { intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from '../validation/int-or-percent.js';
import { isAbsent, readRecord, readString, type JsonRecord } from '../validation/values.js';
import {
  ensureRecord,
  nonnegativeField,
  setIfAbsent,
  statusOf,
  validateCollisionCountNotDecremented,
  validateStatusCounts,
} from './common.js';
import { DEFAULT_REVISION_HISTORY_LIMIT } from './deployment.js';
import { defaultRollingStrategy, defaultTemplate, validateWorkloadBasics, workloadStrategy } from './workload.js';
import type { DaemonSet } from '../types/apps.js';
import { daemonSetTable } from '../tables/daemonset.js';
import { APPS } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

const UPDATE_STRATEGY_TYPES = ['RollingUpdate', 'OnDelete'];
const STATUS_COUNTS = [
  'currentNumberScheduled',
  'numberMisscheduled',
  'desiredNumberScheduled',
  'numberReady',
  'observedGeneration',
  'updatedNumberScheduled',
  'numberAvailable',
  'numberUnavailable',
  'collisionCount',
];

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  defaultRollingStrategy(spec, 'updateStrategy', { maxUnavailable: 1, maxSurge: 0 });
  setIfAbsent(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  defaultTemplate(spec);
}

/** Kubernetes only checks a bound that is set and non-zero; "0%" counts as zero. */
function nonZero(value: unknown): boolean {
  return !isAbsent(value) && intOrPercentValue(value) !== 0;
}

function validateRollingUpdate(rolling: JsonRecord, errs: FieldError[]): void {
  const path = 'spec.updateStrategy.rollingUpdate';
  for (const field of ['maxUnavailable', 'maxSurge'] as const) {
    if (!nonZero(rolling[field])) continue;
    errs.push(...validatePositiveIntOrPercent(rolling[field], `${path}.${field}`));
    errs.push(...validateNotMoreThan100Percent(rolling[field], `${path}.${field}`));
  }
  const hasUnavailable = nonZero(rolling.maxUnavailable);
  const hasSurge = nonZero(rolling.maxSurge);
  if (hasUnavailable && hasSurge) {
    errs.push(invalidValue(`${path}.maxSurge`, rolling.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  } else if (!hasUnavailable && !hasSurge) {
    errs.push(required(`${path}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  }
}

function validate(obj: KubeObject): FieldError[] {
  const { spec, errs } = validateWorkloadBasics(obj, { emptySelectorNoun: 'daemonset', workloadKind: 'DaemonSet' });
  nonnegativeField(spec, 'minReadySeconds', 'spec', errs);
  nonnegativeField(spec, 'templateGeneration', 'spec', errs);
  nonnegativeField(spec, 'revisionHistoryLimit', 'spec', errs);
  const strategy = readRecord(spec.updateStrategy, 'spec.updateStrategy', errs) ?? {};
  const type = readString(strategy.type, 'spec.updateStrategy.type', errs);
  if (type === 'RollingUpdate') {
    const rolling = readRecord(strategy.rollingUpdate, 'spec.updateStrategy.rollingUpdate', errs);
    if (!rolling) errs.push(required('spec.updateStrategy.rollingUpdate'));
    else validateRollingUpdate(rolling, errs);
  } else if (type !== 'OnDelete') {
    errs.push(notSupported('spec.updateStrategy.type', type, UPDATE_STRATEGY_TYPES));
  }
  return errs;
}

function validateStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const { status, errs } = validateStatusCounts(obj.status, STATUS_COUNTS);
  return [...errs, ...validateCollisionCountNotDecremented(status, statusOf(old))];
}

export const daemonSetStrategy: KindStrategy = workloadStrategy({ applyDefaults, validate, validateStatus });

const SCHEMA = kindSchema(`${APPS}DaemonSet`);

export const daemonSetKind: KindDefinition<DaemonSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'DaemonSet',
  plural: 'daemonsets',
  singular: 'daemonset',
  shortNames: ['ds'],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true },
  strategy: daemonSetStrategy,
  table: daemonSetTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
