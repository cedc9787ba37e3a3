// The one place where API errors are defined. Every error that crosses the
// wire is an ApiError carrying a Kubernetes Status, so clients can branch on
// `reason` and print the message as kubectl does.
import type { Status, StatusCause } from './types/meta.js';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'Gone'
  | 'Expired'
  | 'Forbidden'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'Timeout'
  | 'ServiceUnavailable'
  | 'InternalError'
  | 'Unauthorized'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'TooManyRequests';

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Gone: 410,
  // What Kubernetes answers for a resourceVersion etcd has compacted away (clients re-list on either).
  Expired: 410,
  Forbidden: 403,
  BadRequest: 400,
  MethodNotAllowed: 405,
  Timeout: 504,
  ServiceUnavailable: 503,
  InternalError: 500,
  Unauthorized: 401,
  NotAcceptable: 406,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  TooManyRequests: 429,
};

export interface ErrorDetails {
  name?: string;
  group?: string;
  /** The resource's plural, as Kubernetes puts it in Status.details.kind. */
  kind?: string;
  causes?: StatusCause[];
  /** How long a client should wait before it tries again. */
  retryAfterSeconds?: number;
}

/** The list metadata a Status may carry: the continue token an expired page hands back. */
export interface StatusListMeta {
  continue?: string;
}

export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly code: number;
  readonly details: ErrorDetails;
  readonly listMeta: StatusListMeta;

  constructor(reason: StatusReason, message: string, details: ErrorDetails = {}, listMeta: StatusListMeta = {}) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.code = CODES[reason];
    this.details = details;
    this.listMeta = listMeta;
  }

  toStatus(): Status {
    const status: Status = {
      apiVersion: 'v1',
      kind: 'Status',
      metadata: { ...this.listMeta },
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
    if (Object.keys(this.details).length > 0) status.details = { ...this.details };
    return status;
  }

  static fromStatus(status: Status): ApiError {
    const reason = (status.reason in CODES ? status.reason : 'InternalError') as StatusReason;
    return new ApiError(reason, status.message, status.details ?? {}, status.metadata ?? {});
  }
}

export function isApiError(err: unknown, reason?: StatusReason): err is ApiError {
  return err instanceof ApiError && (reason === undefined || err.reason === reason);
}

/** `resource` is the plural with its group, as Kubernetes prints it: `deployments.apps`. */
function qualified(resource: string, group?: string): string {
  return group ? `${resource}.${group}` : resource;
}

export function notFound(resource: string, name: string, group?: string): ApiError {
  return new ApiError('NotFound', `${qualified(resource, group)} "${name}" not found`, { name, kind: resource, group });
}

export function alreadyExists(resource: string, name: string, group?: string): ApiError {
  return new ApiError('AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, {
    name,
    kind: resource,
    group,
  });
}

export function conflict(resource: string, name: string, why: string, group?: string): ApiError {
  return new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`,
    { name, kind: resource, group },
  );
}

export function gone(message: string): ApiError {
  return new ApiError('Gone', message);
}

/** Kubernetes' ResourceExpired: the same 410 as Gone, with the reason the HTTP API's clients test for. */
export function expired(message: string, listMeta: StatusListMeta = {}): ApiError {
  return new ApiError('Expired', message, {}, listMeta);
}

export function unauthorized(): ApiError {
  return new ApiError('Unauthorized', 'Unauthorized');
}

export function unsupportedMediaType(message: string): ApiError {
  return new ApiError('UnsupportedMediaType', message);
}

export function notAcceptable(message: string): ApiError {
  return new ApiError('NotAcceptable', message);
}

export function requestEntityTooLarge(limitBytes: number): ApiError {
  return new ApiError('RequestEntityTooLarge', `the request body is too large: the limit is ${limitBytes} bytes`);
}

export function methodNotAllowed(message: string): ApiError {
  return new ApiError('MethodNotAllowed', message);
}

export function forbidden(resource: string, name: string, why: string, group?: string): ApiError {
  const target = name ? `${qualified(resource, group)} "${name}"` : qualified(resource, group);
  return new ApiError('Forbidden', `${target} is forbidden: ${why}`, { name, kind: resource, group });
}

export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message);
}

export function internalError(message: string): ApiError {
  return new ApiError('InternalError', `Internal error occurred: ${message}`);
}

/** One problem with one field, as Kubernetes' field.Error. */
export interface FieldError {
  /** Dotted path with indices: `spec.template.spec.containers[0].image`. */
  field: string;
  type: 'Required' | 'Invalid' | 'NotFound' | 'Forbidden' | 'NotSupported' | 'Duplicate' | 'TooLong' | 'TooMany';
  /** The offending value, when there is one to show. */
  value?: unknown;
  detail?: string;
}

function renderValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  return JSON.stringify(value);
}

const FIELD_ERROR_WORDS: Record<FieldError['type'], string> = {
  Required: 'Required value',
  Invalid: 'Invalid value',
  NotFound: 'Not found',
  Forbidden: 'Forbidden',
  NotSupported: 'Unsupported value',
  Duplicate: 'Duplicate value',
  TooLong: 'Too long',
  TooMany: 'Too many',
};

export function formatFieldError(e: FieldError): string {
  const words = FIELD_ERROR_WORDS[e.type];
  const shown =
    e.value !== undefined && (e.type === 'Invalid' || e.type === 'NotFound' || e.type === 'NotSupported' || e.type === 'Duplicate');
  const value = shown ? `: ${renderValue(e.value)}` : '';
  const detail = e.detail ? `: ${e.detail}` : '';
  return `${e.field}: ${words}${value}${detail}`;
}

/**
 * `Deployment.apps "web" is invalid: spec.selector: Required value`, with every
 * field error listed the way the Kubernetes apiserver aggregates them.
 */
export function invalid(kind: string, group: string, name: string, errors: FieldError[]): ApiError {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const parts = errors.map(formatFieldError);
  const body = parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`;
  return new ApiError('Invalid', `${qualifiedKind} "${name}" is invalid: ${body}`, {
    name,
    group,
    kind,
    causes: errors.map((e) => ({
      reason: `Field${e.type === 'Invalid' ? 'ValueInvalid' : `Value${e.type}`}`,
      message: formatFieldError(e).slice(e.field.length + 2),
      field: e.field,
    })),
  });
}

/** A server-side apply that would change fields other managers own; `causes` name each field and owner. */
export function applyConflict(message: string, causes: StatusCause[]): ApiError {
  return new ApiError('Conflict', message, { causes });
}
