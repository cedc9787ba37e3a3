// The Conflict errors the registry answers, worded as Kubernetes words them.
import { conflict, type ApiError } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';

export const MODIFIED_REASON = 'the object has been modified; please apply your changes to the latest version and try again';

export function modifiedConflict(info: ResourceInfo, name: string): ApiError {
  return conflict(info.plural, name, MODIFIED_REASON, info.group);
}

export function uidPreconditionConflict(info: ResourceInfo, name: string, wanted: string, actual: string): ApiError {
  return conflict(info.plural, name, `Precondition failed: UID in precondition: ${wanted}, UID in object meta: ${actual}`, info.group);
}

export function resourceVersionPreconditionConflict(info: ResourceInfo, name: string, wanted: string, actual: string): ApiError {
  return conflict(
    info.plural,
    name,
    `Precondition failed: ResourceVersion in precondition: ${wanted}, ResourceVersion in object meta: ${actual}`,
    info.group,
  );
}
