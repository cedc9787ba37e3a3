// metadata validation shared by every kind: names, namespace, labels,
// annotations, ownerReferences and finalizers on create; immutable fields and
// finalizer rules on update. Mirrors apimachinery's ValidateObjectMeta(Update).
import type { FieldError } from '../errors.js';
import {
  child,
  FIELD_IMMUTABLE,
  forbidden,
  index,
  invalidGoValue,
  invalidValue,
  required,
  validateNonnegative,
} from './field-errors.js';
import { goStringSlice } from './go-format.js';
import { validateAnnotations, validateLabels } from './labels.js';
import { nameIsDnsLabel, qualifiedNameErrors, type NameValidator } from './names.js';
import { isAbsent, isRecord, readArray, readBool, readEntry, readInt, readString, recordOf, stringOf } from './values.js';

export interface ObjectMetaOptions {
  namespaced: boolean;
  /** How this kind's names are checked (DNS subdomain for most, DNS label for a few). */
  nameFn: NameValidator;
}

const META = 'metadata';

/** Finalizers Kubernetes accepts without a domain prefix. */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);
const FINALIZER_ORPHAN = 'orphan';
const FINALIZER_FOREGROUND = 'foregroundDeletion';

function validateOwnerReferences(refs: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  readArray(refs, field, errs).forEach((raw, i) => {
    const refPath = index(field, i);
    const ref = readEntry(raw, refPath, errs);
    if (!ref) return;
    const apiVersion = readString(ref.apiVersion, child(refPath, 'apiVersion'), errs);
    const kind = readString(ref.kind, child(refPath, 'kind'), errs);
    const name = readString(ref.name, child(refPath, 'name'), errs);
    const uid = readString(ref.uid, child(refPath, 'uid'), errs);
    // The version is what follows the last slash (or the whole string for the core group).
    const version = apiVersion.includes('/') ? apiVersion.slice(apiVersion.lastIndexOf('/') + 1) : apiVersion;
    if (!version) errs.push(invalidValue(child(refPath, 'apiVersion'), apiVersion, 'version must not be empty'));
    if (!kind) errs.push(invalidValue(child(refPath, 'kind'), kind, 'kind must not be empty'));
    if (!name) errs.push(invalidValue(child(refPath, 'name'), name, 'name must not be empty'));
    if (!uid) errs.push(invalidValue(child(refPath, 'uid'), uid, 'uid must not be empty'));
    if (readBool(ref.controller, child(refPath, 'controller'), errs) === true) {
      const current = `${kind}/${name}`;
      if (firstController) {
        errs.push({
          field,
          type: 'Invalid',
          detail: `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
        });
      } else {
        firstController = current;
      }
    }
  });
  return errs;
}

function validateFinalizerName(name: string, field: string): FieldError[] {
  const errs = qualifiedNameErrors(name).map((msg) => invalidValue(field, name, msg));
  if (!name.includes('/') && !STANDARD_FINALIZERS.has(name)) {
    errs.push(invalidValue(field, name, 'name is neither a standard finalizer name nor is it fully qualified'));
  }
  return errs;
}

export function validateFinalizers(finalizers: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const list = readArray(finalizers, field, errs).map((f, i) => readString(f, index(field, i), errs));
  list.forEach((f, i) => errs.push(...validateFinalizerName(f, index(field, i))));
  if (list.includes(FINALIZER_ORPHAN) && list.includes(FINALIZER_FOREGROUND)) {
    errs.push(
      invalidGoValue(field, goStringSlice(list), `finalizer ${FINALIZER_ORPHAN} and ${FINALIZER_FOREGROUND} cannot be both set`),
    );
  }
  return errs;
}

/** metadata of a new object. The apiserver has already turned generateName into a name. */
export function validateObjectMeta(metadata: unknown, opts: ObjectMetaOptions): FieldError[] {
  if (!isAbsent(metadata) && !isRecord(metadata)) return [invalidValue(META, metadata, 'must be an object')];
  const errs: FieldError[] = [];
  const meta = recordOf(metadata);
  const generateName = readString(meta.generateName, `${META}.generateName`, errs);
  if (generateName) {
    for (const msg of opts.nameFn(generateName, true)) errs.push(invalidValue(`${META}.generateName`, generateName, msg));
  }
  const name = readString(meta.name, `${META}.name`, errs);
  if (name) {
    for (const msg of opts.nameFn(name, false)) errs.push(invalidValue(`${META}.name`, name, msg));
  } else if (isAbsent(meta.name) || meta.name === '') {
    errs.push(required(`${META}.name`, 'name or generateName is required'));
  }

  const namespace = readString(meta.namespace, `${META}.namespace`, errs);
  if (opts.namespaced) {
    if (!namespace) errs.push(required(`${META}.namespace`));
    else for (const msg of nameIsDnsLabel(namespace, false)) errs.push(invalidValue(`${META}.namespace`, namespace, msg));
  } else if (namespace) {
    errs.push(forbidden(`${META}.namespace`, 'not allowed on this type'));
  }
  errs.push(...validateNonnegative(readInt(meta.generation, `${META}.generation`, errs), `${META}.generation`));
  errs.push(...validateLabels(meta.labels, `${META}.labels`));
  errs.push(...validateAnnotations(meta.annotations, `${META}.annotations`));
  errs.push(...validateOwnerReferences(meta.ownerReferences, `${META}.ownerReferences`));
  errs.push(...validateFinalizers(meta.finalizers, `${META}.finalizers`));
  return errs;
}

/** Fields the apiserver owns; a client may not change them. */
const IMMUTABLE_META_FIELDS = ['name', 'namespace', 'uid', 'creationTimestamp'] as const;

/** What may not change between the stored object's metadata and the update's. */
export function validateObjectMetaUpdate(newMetadata: unknown, oldMetadata: unknown): FieldError[] {
  const errs: FieldError[] = [];
  const next = recordOf(newMetadata);
  const prev = recordOf(oldMetadata);
  for (const f of IMMUTABLE_META_FIELDS) {
    const before = stringOf(prev[f]);
    const after = stringOf(next[f]);
    if (before !== after) errs.push(invalidValue(`${META}.${f}`, after, FIELD_IMMUTABLE));
  }
  if (prev.deletionTimestamp) {
    const oldFinalizers = new Set(Array.isArray(prev.finalizers) ? prev.finalizers.map(stringOf) : []);
    const added = (Array.isArray(next.finalizers) ? next.finalizers.map(stringOf) : []).filter((f) => !oldFinalizers.has(f));
    if (added.length > 0) {
      errs.push(
        forbidden(
          `${META}.finalizers`,
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSlice([...new Set(added)].sort())}`,
        ),
      );
    }
  }
  return errs;
}
