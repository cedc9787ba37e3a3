// apps/v1 ControllerRevision: an immutable snapshot of a workload's template
// (StatefulSet, DaemonSet) with a revision number, owned by that workload.
import type { FieldError } from '../errors.js';
import { metadataOnlyStatusUpdate } from './common.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { forbidden, invalidValue, required } from '../validation/field-errors.js';
import { nameIsDnsSubdomain } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { readInt } from '../validation/values.js';
import { semanticEqual } from '../validation/semantic-equal.js';
import type { ControllerRevision } from '../types/apps.js';
import { defaultTable } from '../tables/default-table.js';
import { APPS } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

function validate(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDnsSubdomain });
  const revision = readInt(obj.revision, 'revision', errs);
  if (obj.revision === undefined || obj.revision === null) errs.push(required('revision'));
  else if (revision !== undefined && revision < 0) errs.push(invalidValue('revision', revision, 'must be greater than or equal to 0'));
  return errs;
}

export const controllerRevisionStrategy: KindStrategy = {
  resetStatusOnCreate: false,
  tracksGeneration: true,
  applyDefaults() {
    // Kubernetes defaults nothing on a ControllerRevision.
  },
  validate,
  validateUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validate(obj)];
    if (!semanticEqual(obj.data, old.data)) errs.push(forbidden('data', 'field is immutable'));
    return errs;
  },
  validateStatusUpdate: metadataOnlyStatusUpdate,
};

const SCHEMA = kindSchema(`${APPS}ControllerRevision`);

export const controllerRevisionKind: KindDefinition<ControllerRevision> = {
  group: 'apps',
  version: 'v1',
  kind: 'ControllerRevision',
  plural: 'controllerrevisions',
  singular: 'controllerrevision',
  shortNames: [],
  categories: [],
  namespaced: true,
  subresources: { status: false },
  strategy: controllerRevisionStrategy,
  table: defaultTable,
  fieldSelectors: {},
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
