// v1 ResourceQuota: hard limits on what a namespace holds, enforced at create by
// the ResourceQuota admission; status.used is charged by that admission and
// recomputed by the controller-manager's resourcequota controller.
import type { FieldError } from '../errors.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';
import { CORE } from '../openapi/names.js';
import { isQuotaResourceName, validateResourceList } from '../quota/resource-names.js';
import { resourceQuotaTable } from '../tables/quota.js';
import type { KubeObject } from '../types/meta.js';
import type { ResourceQuota } from '../types/quota.js';
import { invalidValue } from '../validation/field-errors.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { isAbsent, readArray, readRecord } from '../validation/values.js';
import { revalidateOnUpdate } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';

const SCOPES_UNSUPPORTED = 'quota scopes are not supported by this apiserver';

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  validateResourceList(spec.hard, 'spec.hard', isQuotaResourceName, errs);
  if (readArray(spec.scopes, 'spec.scopes', errs).length > 0) errs.push(invalidValue('spec.scopes', spec.scopes, SCOPES_UNSUPPORTED));
  if (!isAbsent(spec.scopeSelector)) errs.push(invalidValue('spec.scopeSelector', spec.scopeSelector, SCOPES_UNSUPPORTED));
  return errs;
}

function validateStatus(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(obj.metadata, old.metadata);
  const status = readRecord(obj.status, 'status', errs) ?? {};
  validateResourceList(status.hard, 'status.hard', isQuotaResourceName, errs);
  validateResourceList(status.used, 'status.used', isQuotaResourceName, errs);
  return errs;
}

export const resourceQuotaStrategy: KindStrategy = {
  resetStatusOnCreate: true,
  tracksGeneration: false,
  applyDefaults() {
    // Kubernetes defaults nothing on a ResourceQuota.
  },
  validate,
  validateUpdate: revalidateOnUpdate(validate),
  validateStatusUpdate: validateStatus,
};

const SCHEMA = kindSchema(`${CORE}ResourceQuota`);

export const resourceQuotaKind: KindDefinition<ResourceQuota> = {
  group: '',
  version: 'v1',
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  shortNames: ['quota'],
  categories: [],
  namespaced: true,
  subresources: { status: true },
  strategy: resourceQuotaStrategy,
  table: resourceQuotaTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
