// apps/v1 Deployment: RollingUpdate 25%/25% defaults and the strategy,
// progress deadline and status rules of Kubernetes' deployment validation.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { forbidden, invalidValue, notSupported, required } from '../validation/field-errors.js';
import { intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from '../validation/int-or-percent.js';
import { isAbsent, readBool, readRecord, readString, type JsonRecord } from '../validation/values.js';
import {
  ensureRecord,
  nonnegativeField,
  notGreaterThan,
  setIfAbsent,
  statusOf,
  validateCollisionCountNotDecremented,
  validateStatusCounts,
} from './common.js';
import { defaultRollingStrategy, defaultTemplate, validateWorkloadBasics, workloadStrategy } from './workload.js';
import type { Deployment } from '../types/apps.js';
import { deploymentTable } from '../tables/deployment.js';
import { APPS } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

export const DEFAULT_MAX_SURGE = '25%';
export const DEFAULT_MAX_UNAVAILABLE = '25%';
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
const STRATEGY_TYPES = ['Recreate', 'RollingUpdate'];
const STATUS_COUNTS = ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'];

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  setIfAbsent(spec, 'replicas', 1);
  defaultRollingStrategy(spec, 'strategy', { maxUnavailable: DEFAULT_MAX_UNAVAILABLE, maxSurge: DEFAULT_MAX_SURGE });
  setIfAbsent(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  setIfAbsent(spec, 'progressDeadlineSeconds', DEFAULT_PROGRESS_DEADLINE_SECONDS);
  setIfAbsent(spec, 'minReadySeconds', 0);
  defaultTemplate(spec);
}

function validateRollingUpdate(rolling: JsonRecord, errs: FieldError[]): void {
  const path = 'spec.strategy.rollingUpdate';
  const { maxUnavailable, maxSurge } = rolling;
  errs.push(...validatePositiveIntOrPercent(maxUnavailable, `${path}.maxUnavailable`));
  errs.push(...validatePositiveIntOrPercent(maxSurge, `${path}.maxSurge`));
  if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
    errs.push(invalidValue(`${path}.maxUnavailable`, maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  errs.push(...validateNotMoreThan100Percent(maxUnavailable, `${path}.maxUnavailable`));
}

function validateStrategy(spec: JsonRecord, errs: FieldError[]): void {
  const strategy = readRecord(spec.strategy, 'spec.strategy', errs) ?? {};
  const type = readString(strategy.type, 'spec.strategy.type', errs);
  if (type === 'Recreate') {
    if (!isAbsent(strategy.rollingUpdate)) {
      errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    }
  } else if (type === 'RollingUpdate') {
    const rolling = readRecord(strategy.rollingUpdate, 'spec.strategy.rollingUpdate', errs);
    if (!rolling) errs.push(required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'));
    else validateRollingUpdate(rolling, errs);
  } else {
    errs.push(notSupported('spec.strategy.type', type, STRATEGY_TYPES));
  }
}

function validate(obj: KubeObject): FieldError[] {
  const { spec, errs } = validateWorkloadBasics(obj, { emptySelectorNoun: 'deployment', workloadKind: 'ReplicaSet' });
  nonnegativeField(spec, 'replicas', 'spec', errs);
  validateStrategy(spec, errs);
  const minReady = nonnegativeField(spec, 'minReadySeconds', 'spec', errs) ?? 0;
  nonnegativeField(spec, 'revisionHistoryLimit', 'spec', errs);
  const deadline = nonnegativeField(spec, 'progressDeadlineSeconds', 'spec', errs);
  if (deadline !== undefined && deadline <= minReady) {
    errs.push(invalidValue('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  readBool(spec.paused, 'spec.paused', errs);
  return errs;
}

function validateStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const { status, errs } = validateStatusCounts(obj.status, STATUS_COUNTS);
  const overReplicas = 'cannot be greater than status.replicas';
  errs.push(...notGreaterThan(status, 'updatedReplicas', 'replicas', overReplicas));
  errs.push(...notGreaterThan(status, 'readyReplicas', 'replicas', overReplicas));
  errs.push(...notGreaterThan(status, 'availableReplicas', 'replicas', overReplicas));
  errs.push(...notGreaterThan(status, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'));
  errs.push(...validateCollisionCountNotDecremented(status, statusOf(old)));
  return errs;
}

export const deploymentStrategy: KindStrategy = workloadStrategy({ applyDefaults, validate, validateStatus });

const SCHEMA = kindSchema(`${APPS}Deployment`);

export const deploymentKind: KindDefinition<Deployment> = {
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  plural: 'deployments',
  singular: 'deployment',
  shortNames: ['deploy'],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
  strategy: deploymentStrategy,
  table: deploymentTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
