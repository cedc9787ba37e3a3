// Labels, annotations and metav1.LabelSelector, validated as Kubernetes'
// apimachinery does (errors for both keys and values land on the map's path).
import type { FieldError } from '../errors.js';
import { child, forbidden, index, invalidValue, required, tooLong } from './field-errors.js';
import { labelValueErrors, qualifiedNameErrors } from './names.js';
import { readArray, readEntry, readRecord, readString, readStringMap } from './values.js';

/** Kubernetes' TotalAnnotationSizeLimitB: 256 KiB over all keys and values. */
export const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES = 256 * 1024;

export function validateLabelName(name: string, field: string): FieldError[] {
  return qualifiedNameErrors(name).map((msg) => invalidValue(field, name, msg));
}

export function validateLabelValue(value: string, field: string): FieldError[] {
  return labelValueErrors(value).map((msg) => invalidValue(field, value, msg));
}

export function validateLabels(labels: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const map = readStringMap(labels, field, errs);
  for (const [k, v] of Object.entries(map)) {
    errs.push(...validateLabelName(k, field));
    errs.push(...validateLabelValue(v, field));
  }
  return errs;
}

export function validateAnnotations(annotations: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const map = readStringMap(annotations, field, errs);
  let total = 0;
  for (const [k, v] of Object.entries(map)) {
    // Annotation keys are qualified names in any case.
    for (const msg of qualifiedNameErrors(k.toLowerCase())) errs.push(invalidValue(field, k, msg));
    total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(v, 'utf8');
  }
  if (total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES) errs.push(tooLong(field, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
  return errs;
}

function validateRequirement(req: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const r = readEntry(req, field, errs);
  if (!r) return errs;
  const operator = readString(r.operator, child(field, 'operator'), errs);
  const values = readArray(r.values, child(field, 'values'), errs);
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) {
      errs.push(required(child(field, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    }
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) {
      errs.push(forbidden(child(field, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    }
  } else {
    errs.push(invalidValue(child(field, 'operator'), operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(readString(r.key, child(field, 'key'), errs), child(field, 'key')));
  values.forEach((v, i) => {
    const valuePath = index(child(field, 'values'), i);
    errs.push(...validateLabelValue(readString(v, valuePath, errs), valuePath));
  });
  return errs;
}

/** A metav1.LabelSelector; undefined/null is valid here (callers decide if it is required). */
export function validateLabelSelector(selector: unknown, field: string): FieldError[] {
  const errs: FieldError[] = [];
  const ls = readRecord(selector, field, errs);
  if (!ls) return errs;
  errs.push(...validateLabels(ls.matchLabels, child(field, 'matchLabels')));
  readArray(ls.matchExpressions, child(field, 'matchExpressions'), errs).forEach((req, i) => {
    errs.push(...validateRequirement(req, index(child(field, 'matchExpressions'), i)));
  });
  return errs;
}
