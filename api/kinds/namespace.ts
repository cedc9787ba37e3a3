// v1 Namespace: the "kubernetes" finalizer and Active phase on creation, a
// DNS-label name, and a phase that agrees with deletionTimestamp.
import type { FieldError } from '../errors.js';
import type { KindDefinition, KindStrategy } from './kind-definition.js';
import type { KubeObject } from '../types/meta.js';
import { index, invalidValue, notSupported } from '../validation/field-errors.js';
import { nameIsDnsLabel, qualifiedNameErrors } from '../validation/names.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/object-meta.js';
import { readArray, readRecord, readString, recordOf } from '../validation/values.js';
import { ensureRecord, revalidateOnUpdate, setIfAbsent, setIfEmpty } from './common.js';
import type { Namespace } from '../types/node.js';
import { namespaceTable } from '../tables/namespace.js';
import { selectableValue } from '../fields/selectable-value.js';
import { CORE } from '../openapi/names.js';
import { kindPatchSchema, kindSchema } from '../openapi/kind-schema.js';

export const NAMESPACE_FINALIZER = 'kubernetes';
const PHASES = ['Active', 'Terminating'];

function applyDefaults(obj: KubeObject): void {
  // Only an absent list gets the finalizer: the namespace controller removes it
  // when it has emptied the namespace, and an update must not bring it back.
  const spec = ensureRecord(obj, 'spec');
  if (spec) setIfAbsent(spec, 'finalizers', [NAMESPACE_FINALIZER]);
  const status = ensureRecord(obj, 'status');
  if (status) setIfEmpty(status, 'phase', 'Active');
}

function validateSpecFinalizers(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = readRecord(obj.spec, 'spec', errs) ?? {};
  readArray(spec.finalizers, 'spec.finalizers', errs).forEach((raw, i) => {
    const field = index('spec.finalizers', i);
    const name = readString(raw, field, errs);
    errs.push(...qualifiedNameErrors(name).map((msg) => invalidValue(field, name, msg)));
    if (!name.includes('/') && name !== NAMESPACE_FINALIZER) {
      errs.push(invalidValue(field, name, 'name is neither a standard finalizer name nor is it fully qualified'));
    }
  });
  return errs;
}

function validatePhase(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const phase = readString(recordOf(obj.status).phase, 'status.phase', errs);
  if (phase && !PHASES.includes(phase)) errs.push(notSupported('status.phase', phase, PHASES));
  return errs;
}

function validate(obj: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDnsLabel }),
    ...validateSpecFinalizers(obj),
    ...validatePhase(obj),
  ];
}

export const namespaceStrategy: KindStrategy = {
  // A Namespace always starts Active: one created Terminating would refuse content and never be removed.
  resetStatusOnCreate: true,
  tracksGeneration: true,
  applyDefaults,
  validate,
  validateUpdate: revalidateOnUpdate(validate),
  validateStatusUpdate(obj, old) {
    const errs = [...validateObjectMetaUpdate(obj.metadata, old.metadata), ...validatePhase(obj)];
    const phase = recordOf(obj.status).phase;
    const deleting = Boolean(obj.metadata?.deletionTimestamp);
    if (!deleting && phase !== 'Active') {
      errs.push(invalidValue('status.phase', phase ?? '', "may only be 'Active' if `deletionTimestamp` is empty"));
    } else if (deleting && phase !== 'Terminating') {
      errs.push(invalidValue('status.phase', phase ?? '', "may only be 'Terminating' if `deletionTimestamp` is not empty"));
    }
    return errs;
  },
};

const SCHEMA = kindSchema(`${CORE}Namespace`);

export const namespaceKind: KindDefinition<Namespace> = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  categories: [],
  namespaced: false,
  subresources: { status: true },
  strategy: namespaceStrategy,
  table: namespaceTable,
  fieldSelectors: { 'status.phase': (o) => selectableValue(recordOf(o.status).phase) },
  schema: SCHEMA,
  patchSchema: kindPatchSchema(SCHEMA),
};
