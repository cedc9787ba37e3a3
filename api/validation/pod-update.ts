// What an update may change in a Pod's spec: images, activeDeadlineSeconds
// (only downwards), added tolerations and, once, the node. Everything else is
// fixed once the pod exists, as in Kubernetes' ValidatePodUpdate.
import type { FieldError } from '../errors.js';
import { child, forbidden, inclusiveRangeError, index, invalidValue, required } from './field-errors.js';
import { semanticEqual, differences, formatDifferences } from './semantic-equal.js';
import { arrayOf, recordOf, type JsonRecord } from './values.js';

export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** How many changed fields the Forbidden message lists after Kubernetes' sentence. */
const MAX_LISTED_DIFFERENCES = 10;
const MAX_INT32 = 2147483647;

function validateContainerUpdates(next: unknown[], prev: unknown[], field: string): { errs: FieldError[]; stop: boolean } {
  if (next.length !== prev.length) return { errs: [forbidden(field, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  next.forEach((c, i) => {
    const image = recordOf(c).image;
    if (typeof image !== 'string' || image.length === 0) errs.push(required(child(index(field, i), 'image')));
  });
  return { errs, stop: false };
}

function validateActiveDeadline(next: JsonRecord, prev: JsonRecord): FieldError[] {
  const field = 'spec.activeDeadlineSeconds';
  const after = next.activeDeadlineSeconds;
  const before = prev.activeDeadlineSeconds;
  if (typeof after === 'number') {
    if (after < 0 || after > MAX_INT32) return [invalidValue(field, after, inclusiveRangeError(0, MAX_INT32))];
    if (typeof before === 'number' && before < after) return [invalidValue(field, after, 'must be less than or equal to previous value')];
    return [];
  }
  if (typeof before === 'number') return [invalidValue(field, null, 'must not update from a positive integer to nil value')];
  return [];
}

/** Every old toleration must still be there; only its tolerationSeconds may change. */
function validateOnlyAddedTolerations(next: unknown[], prev: unknown[]): FieldError[] {
  for (const old of prev) {
    const found = next.some((t) => semanticEqual({ ...recordOf(old), tolerationSeconds: undefined }, { ...recordOf(t), tolerationSeconds: undefined }));
    if (!found) return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return [];
}

function withImagesFrom(containers: unknown[], source: unknown[]): unknown[] {
  return containers.map((c, i) => ({ ...recordOf(c), image: recordOf(source[i]).image }));
}

/** Spec rules of a Pod update; `next` and `prev` are the new and stored pod specs. */
export function validatePodSpecUpdate(nextSpec: unknown, prevSpec: unknown): FieldError[] {
  const next = recordOf(nextSpec);
  const prev = recordOf(prevSpec);
  const errs: FieldError[] = [];
  for (const list of ['containers', 'initContainers'] as const) {
    const result = validateContainerUpdates(arrayOf(next[list]), arrayOf(prev[list]), child('spec', list));
    errs.push(...result.errs);
    if (result.stop) return errs;
  }
  errs.push(...validateActiveDeadline(next, prev));
  errs.push(...validateOnlyAddedTolerations(arrayOf(next.tolerations), arrayOf(prev.tolerations)));
  if (semanticEqual(next, prev)) return errs;

  const munged: JsonRecord = {
    ...next,
    containers: withImagesFrom(arrayOf(next.containers), arrayOf(prev.containers)),
    initContainers: withImagesFrom(arrayOf(next.initContainers), arrayOf(prev.initContainers)),
    activeDeadlineSeconds: prev.activeDeadlineSeconds,
    tolerations: prev.tolerations,
    // Derived from serviceAccountName by defaulting; a pod stored before it was mirrored must still take updates.
    serviceAccount: prev.serviceAccount,
  };
  const prevGrace = prev.terminationGracePeriodSeconds;
  if (typeof prevGrace === 'number' && prevGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = prevGrace;
  }
  // A pod may be given its node once (binding); after that the node is fixed.
  if (!prev.nodeName) munged.nodeName = prev.nodeName;
  if (!semanticEqual(munged, prev)) {
    const diff = formatDifferences(differences(prev, munged, 'spec', MAX_LISTED_DIFFERENCES));
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${diff}`));
  }
  return errs;
}
