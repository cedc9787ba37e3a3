// Who a write is recorded for in managedFields: the `fieldManager` query
// parameter, else the User-Agent up to its first '/' (`kubectl/v1.32.0 ...`
// is "kubectl"), as the Kubernetes apiserver derives it; and the checks of
// the write options that go with it.
import type { IncomingMessage } from 'node:http';
import { invalid } from '../../api/errors.js';
import { forbidden, invalidValue, required, tooLong } from '../../api/validation/field-errors.js';
import type { FieldError } from '../../api/errors.js';
import { FIELD_MANAGER_MAX_LENGTH, managerFromUserAgent } from '../registry/managed-fields.js';


const OPTIONS_GROUP = 'meta.k8s.io';
const PRINTABLE = /^[\x20-\x7e]*$/;

export type WriteOptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

function fieldManagerErrors(manager: string): FieldError[] {
  if (manager.length > FIELD_MANAGER_MAX_LENGTH) return [tooLong('fieldManager', FIELD_MANAGER_MAX_LENGTH)];
  if (!PRINTABLE.test(manager)) return [invalidValue('fieldManager', manager, 'must only contain printable characters')];
  return [];
}

/**
 * The manager of a create, update or patch; throws 422 on a bad `fieldManager`,
 * on `force` outside apply and on an apply without a manager.
 */
export function fieldManagerOf(req: IncomingMessage, query: URLSearchParams, kind: WriteOptionsKind, apply = false): string {
  const given = query.get('fieldManager') ?? '';
  const errors = fieldManagerErrors(given);
  if (apply && given === '') errors.push(required('fieldManager', 'is required for apply patch'));
  if (!apply && query.has('force')) errors.push(forbidden('force', 'may not be specified for non-apply patch'));
  if (errors.length > 0) throw invalid(kind, OPTIONS_GROUP, '', errors);
  return given || managerFromUserAgent(req.headers['user-agent']);
}
