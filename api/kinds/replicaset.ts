// apps/v1 ReplicaSet: replicas default, selector/template rules and the
// status counts its controller reports.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { ensureRecord, nonnegativeField, notGreaterThan, setIfAbsent, validateStatusCounts } from './common.js';
import { defaultTemplate, validateWorkloadBasics, workloadStrategy } from './workload.js';
import type { ReplicaSet } from '../types/apps.js';
import { replicaSetTable } from '../tables/replicaset.js';
import { APPS } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { selectableValue } from '../fields/selectable-value.js';
import { recordOf } from '../validation/values.js';

const STATUS_COUNTS = ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'];

function applyDefaults(obj: KubeObject): void {
  const spec = ensureRecord(obj, 'spec');
  if (!spec) return;
  setIfAbsent(spec, 'replicas', 1);
  defaultTemplate(spec);
}

function validate(obj: KubeObject): FieldError[] {
  // Kubernetes' ReplicaSet validation says "deployment" in its empty-selector message; kept verbatim.
  const { spec, errs } = validateWorkloadBasics(obj, { emptySelectorNoun: 'deployment', workloadKind: 'ReplicaSet' });
  nonnegativeField(spec, 'replicas', 'spec', errs);
  nonnegativeField(spec, 'minReadySeconds', 'spec', errs);
  return errs;
}

function validateStatus(obj: KubeObject): FieldError[] {
  const { status, errs } = validateStatusCounts(obj.status, STATUS_COUNTS);
  const overReplicas = 'cannot be greater than status.replicas';
  errs.push(...notGreaterThan(status, 'fullyLabeledReplicas', 'replicas', overReplicas));
  errs.push(...notGreaterThan(status, 'readyReplicas', 'replicas', overReplicas));
  errs.push(...notGreaterThan(status, 'availableReplicas', 'replicas', overReplicas));
  errs.push(...notGreaterThan(status, 'availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'));
  return errs;
}

export const replicaSetStrategy: KindStrategy = workloadStrategy({ applyDefaults, validate, validateStatus });

const SCHEMA = kindSchema(`${APPS}ReplicaSet`);

export const replicaSetKind: KindDefinition<ReplicaSet> = {
  group: 'apps',
  version: 'v1',
  kind: 'ReplicaSet',
  plural: 'replicasets',
  singular: 'replicaset',
  shortNames: ['rs'],
  categories: ['all'],
  namespaced: true,
  subresources: { status: true, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' } },
  strategy: replicaSetStrategy,
  table: replicaSetTable,
  fieldSelectors: { 'status.replicas': (o) => selectableValue(recordOf(o.status).replicas ?? 0) },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
