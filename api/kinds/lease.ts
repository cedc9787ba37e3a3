// coordination.k8s.io/v1 Lease: the leader-election and node-heartbeat record.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { invalidValue } from '../validation/field-errors.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta } from '../validation/object-meta.js';
import { readInt, readRecord, readString } from '../validation/values.js';
import { metadataOnlyStatusUpdate, nonnegativeField, revalidateOnUpdate } from './common.js';
import type { Lease } from '../types/node.js';
import { leaseTable } from '../tables/lease.js';
import { COORDINATION } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const spec = readRecord(obj.spec, 'spec', errs);
  if (!spec) return errs;
  const duration = readInt(spec.leaseDurationSeconds, 'spec.leaseDurationSeconds', errs);
  if (duration !== undefined && duration <= 0) errs.push(invalidValue('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  nonnegativeField(spec, 'leaseTransitions', 'spec', errs);
  for (const f of ['holderIdentity', 'acquireTime', 'renewTime'] as const) readString(spec[f], `spec.${f}`, errs);
  return errs;
}

export const leaseStrategy: KindStrategy = {
  resetStatusOnCreate: false,
  tracksGeneration: true,
  applyDefaults() {
    // Kubernetes defaults nothing on a Lease.
  },
  validate,
  validateUpdate: revalidateOnUpdate(validate),
  validateStatusUpdate: metadataOnlyStatusUpdate,
};

const SCHEMA = kindSchema(`${COORDINATION}Lease`);

export const leaseKind: KindDefinition<Lease> = {
  group: 'coordination.k8s.io',
  version: 'v1',
  kind: 'Lease',
  plural: 'leases',
  singular: 'lease',
  shortNames: [],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: leaseStrategy,
  table: leaseTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
