// apps/v1 StatefulSet: OrderedReady/RollingUpdate defaults, claim templates
// usable as volumes, and the short list of spec fields an update may change.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { child, forbidden, index, invalidValue, notSupported, required } from '../validation/field-errors.js';
import { intOrPercentValue, validateNotMoreThan100Percent, validatePositiveIntOrPercent } from '../validation/int-or-percent.js';
import { dns1123LabelErrors, nameIsDnsLabel } from '../validation/names.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import { arrayOf, isAbsent, readArray, readRecord, readString, recordOf, stringOf, type JsonRecord } from '../validation/values.js';
import {
  ensureRecord,
  nonnegativeField,
  notGreaterThan,
  setIfAbsent,
  setIfEmpty,
  specOf,
  statusOf,
  validateCollisionCountNotDecremented,
  validateStatusCounts,
} from './common.js';
import { DEFAULT_REVISION_HISTORY_LIMIT } from './deployment.js';
import { defaultRollingStrategy, defaultTemplate, validateWorkloadBasics, workloadStrategy } from './workload.js';
import type { StatefulSet } from '../types/apps.js';
import { statefulSetTable } from '../tables/statefulset.js';
import { APPS } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

const RETENTION_POLICIES = ['Delete', 'Retain'];
const STATUS_COUNTS = [
  'replicas',
  'readyReplicas',
  'currentReplicas',
  'updatedReplicas',
  'availableReplicas',
  'observedGeneration',
  'collisionCount',
];

/** Spec fields a StatefulSet update may change (selector has its own "immutable" error). */
const UPDATABLE_FIELDS = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
  'selector',
] as const;
export const STATEFULSET_UPDATE_FORBIDDEN =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  setIfAbsent(spec, 'replicas', 1);
  setIfEmpty(spec, 'podManagementPolicy', 'OrderedReady');
  defaultRollingStrategy(spec, 'updateStrategy', { partition: 0 });
  setIfAbsent(spec, 'revisionHistoryLimit', DEFAULT_REVISION_HISTORY_LIMIT);
  const retention = ensureRecord(spec, 'persistentVolumeClaimRetentionPolicy');
  if (retention) {
    setIfEmpty(retention, 'whenDeleted', 'Retain');
    setIfEmpty(retention, 'whenScaled', 'Retain');
  }
  defaultTemplate(spec);
}

function claimTemplateNames(spec: JsonRecord): string[] {
  return arrayOf(spec.volumeClaimTemplates).map((t) => stringOf(recordOf(recordOf(t).metadata).name));
}

function validateClaimTemplates(spec: JsonRecord, errs: FieldError[]): void {
  readArray(spec.volumeClaimTemplates, 'spec.volumeClaimTemplates', errs).forEach((raw, i) => {
    const path = child(index('spec.volumeClaimTemplates', i), 'metadata.name');
    const name = readString(recordOf(recordOf(raw).metadata).name, path, errs);
    if (!name) errs.push(required(path));
    else errs.push(...dns1123LabelErrors(name).map((msg) => invalidValue(path, name, msg)));
  });
}

function validateUpdateStrategy(spec: JsonRecord, errs: FieldError[]): void {
  const strategy = readRecord(spec.updateStrategy, 'spec.updateStrategy', errs) ?? {};
  const type = readString(strategy.type, 'spec.updateStrategy.type', errs);
  const rollingPath = 'spec.updateStrategy.rollingUpdate';
  if (!type) {
    errs.push(required('spec.updateStrategy'));
  } else if (type === 'OnDelete') {
    if (!isAbsent(strategy.rollingUpdate)) {
      errs.push(invalidValue(rollingPath, strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
    }
  } else if (type === 'RollingUpdate') {
    const rolling = readRecord(strategy.rollingUpdate, rollingPath, errs);
    if (rolling) {
      nonnegativeField(rolling, 'partition', rollingPath, errs);
      const maxUnavailable = rolling.maxUnavailable;
      if (!isAbsent(maxUnavailable)) {
        errs.push(...validatePositiveIntOrPercent(maxUnavailable, `${rollingPath}.maxUnavailable`));
        if (intOrPercentValue(maxUnavailable) === 0) errs.push(invalidValue(`${rollingPath}.maxUnavailable`, maxUnavailable, 'cannot be 0'));
        errs.push(...validateNotMoreThan100Percent(maxUnavailable, `${rollingPath}.maxUnavailable`));
      }
    }
  } else {
    errs.push(invalidValue('spec.updateStrategy', type, "must be 'RollingUpdate' or 'OnDelete'"));
  }
}

function validate(obj: KubeObject): FieldError[] {
  const spec = recordOf(obj.spec);
  const { errs } = validateWorkloadBasics(obj, {
    emptySelectorNoun: 'statefulset',
    workloadKind: 'StatefulSet',
    nameFn: nameIsDnsLabel,
    extraVolumeNames: claimTemplateNames(spec),
  });
  const policy = readString(spec.podManagementPolicy, 'spec.podManagementPolicy', errs);
  if (!policy) errs.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(invalidValue('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  validateUpdateStrategy(spec, errs);
  const retention = readRecord(spec.persistentVolumeClaimRetentionPolicy, 'spec.persistentVolumeClaimRetentionPolicy', errs);
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled'] as const) {
      const value = readString(retention[f], `spec.persistentVolumeClaimRetentionPolicy.${f}`, errs);
      if (!RETENTION_POLICIES.includes(value)) {
        errs.push(notSupported(`spec.persistentVolumeClaimRetentionPolicy.${f}`, value, RETENTION_POLICIES));
      }
    }
  }
  const ordinals = readRecord(spec.ordinals, 'spec.ordinals', errs);
  if (ordinals) nonnegativeField(ordinals, 'start', 'spec.ordinals', errs);
  nonnegativeField(spec, 'replicas', 'spec', errs);
  nonnegativeField(spec, 'minReadySeconds', 'spec', errs);
  nonnegativeField(spec, 'revisionHistoryLimit', 'spec', errs);
  validateClaimTemplates(spec, errs);
  return errs;
}

function withoutUpdatable(spec: JsonRecord): JsonRecord {
  const copy: JsonRecord = { ...spec };
  for (const f of UPDATABLE_FIELDS) delete copy[f];
  return copy;
}

function validateStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const { status, errs } = validateStatusCounts(obj.status, STATUS_COUNTS);
  const overReplicas = 'cannot be greater than status.replicas';
  for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas']) {
    errs.push(...notGreaterThan(status, f, 'replicas', overReplicas));
  }
  errs.push(...notGreaterThan(status, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'));
  errs.push(...validateCollisionCountNotDecremented(status, statusOf(old)));
  return errs;
}

function validateSpecUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  if (semanticEqual(withoutUpdatable(specOf(obj)), withoutUpdatable(specOf(old)))) return [];
  return [forbidden('spec', STATEFULSET_UPDATE_FORBIDDEN)];
}

export const statefulSetStrategy: KindStrategy = workloadStrategy({ applyDefaults, validate, validateStatus, validateSpecUpdate });

const SCHEMA = kindSchema(`${APPS}StatefulSet`);

export const statefulSetKind: KindDefinition<StatefulSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'StatefulSet',
  plural: 'statefulsets',
  singular: 'statefulset',
  shortNames: ['sts'],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
  strategy: statefulSetStrategy,
  table: statefulSetTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
