// Carries an ApiError across gRPC: a status code close in meaning, plus the
// Kubernetes Status as JSON in trailing metadata so nothing is lost. Trailing
// metadata must be printable ASCII and small: a message quoting a user's value
// (a name with an umlaut, a 100 KB label) would otherwise make grpc-js throw,
// or the client drop the connection over oversized trailers. Non-ASCII is sent
// JSON-escaped (JSON.parse restores it) and long texts are cut, saying how much
// was left out.
import * as grpc from '@grpc/grpc-js';
import { ApiError, type StatusReason } from '../api/errors.js';
import type { Status } from '../api/types/meta.js';

export const STATUS_METADATA_KEY = 'flotilla-status';

const GRPC_CODES: Record<StatusReason, grpc.status> = {
  NotFound: grpc.status.NOT_FOUND,
  AlreadyExists: grpc.status.ALREADY_EXISTS,
  Conflict: grpc.status.ABORTED,
  Invalid: grpc.status.INVALID_ARGUMENT,
  Gone: grpc.status.OUT_OF_RANGE,
  Forbidden: grpc.status.PERMISSION_DENIED,
  BadRequest: grpc.status.INVALID_ARGUMENT,
  MethodNotAllowed: grpc.status.UNIMPLEMENTED,
  Timeout: grpc.status.DEADLINE_EXCEEDED,
  ServiceUnavailable: grpc.status.UNAVAILABLE,
  InternalError: grpc.status.INTERNAL,
  Expired: grpc.status.OUT_OF_RANGE,
  Unauthorized: grpc.status.UNAUTHENTICATED,
  NotAcceptable: grpc.status.INVALID_ARGUMENT,
  RequestEntityTooLarge: grpc.status.RESOURCE_EXHAUSTED,
  UnsupportedMediaType: grpc.status.INVALID_ARGUMENT,
  TooManyRequests: grpc.status.RESOURCE_EXHAUSTED,
};

/** Longest error message sent; Kubernetes messages that list many fields stay well below it. */
export const MAX_ERROR_MESSAGE_CHARS = 4_096;
/** Longest message of one cause (one field error). */
export const MAX_CAUSE_MESSAGE_CHARS = 512;
/** Budget of the Status JSON in the trailers; causes past it are left out. */
export const MAX_STATUS_JSON_BYTES = 12_288;

export function truncateText(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : String(value);
  if (text.length <= max) return text;
  return `${text.slice(0, max)}... (${text.length - max} more characters)`;
}

/** JSON with every character outside printable ASCII escaped as \uXXXX: valid metadata, same value once parsed. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The Status to send: message and causes cut to size. */
export function boundedStatus(err: ApiError): Status {
  const status = err.toStatus();
  status.message = truncateText(status.message, MAX_ERROR_MESSAGE_CHARS);
  if (!status.details) return status;
  const cut = (text: unknown): string | undefined => (text === undefined ? undefined : truncateText(text, MAX_CAUSE_MESSAGE_CHARS));
  const details = { ...status.details };
  if (details.name !== undefined) details.name = cut(details.name);
  if (details.causes) {
    const kept = details.causes.map((c) => {
      const cause = { ...c };
      if (cause.message !== undefined) cause.message = cut(cause.message);
      if (cause.field !== undefined) cause.field = cut(cause.field);
      return cause;
    });
    details.causes = kept;
    status.details = details;
    while (kept.length > 0 && Buffer.byteLength(asciiJson(status)) > MAX_STATUS_JSON_BYTES) kept.pop();
  }
  status.details = details;
  return status;
}

/**
 * What a server sends for `err`: ApiErrors keep their reason, anything else is an InternalError.
 * Never throws: a call left unanswered would hang its client until the deadline.
 */
export function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  try {
    return serviceErrorOf(err);
  } catch (failure) {
    return serviceErrorOf(new ApiError('InternalError', `Internal error occurred: the error could not be encoded: ${String(failure)}`));
  }
}

function serviceErrorOf(err: unknown): Partial<grpc.StatusObject> {
  const apiError =
    err instanceof ApiError ? err : new ApiError('InternalError', `Internal error occurred: ${errorMessage(err)}`);
  const status = boundedStatus(apiError);
  const metadata = new grpc.Metadata();
  metadata.set(STATUS_METADATA_KEY, asciiJson(status));
  return { code: GRPC_CODES[apiError.reason], details: status.message, metadata };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Rebuilds the ApiError a server sent; transport failures become ServiceUnavailable. */
export function fromServiceError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const serviceError = err as Partial<grpc.ServiceError>;
  const raw = serviceError.metadata?.get(STATUS_METADATA_KEY)?.[0];
  if (typeof raw === 'string') {
    try {
      return ApiError.fromStatus(JSON.parse(raw) as Status);
    } catch {
      // fall through to the transport error below
    }
  }
  if (serviceError.code === grpc.status.UNAVAILABLE || serviceError.code === grpc.status.DEADLINE_EXCEEDED) {
    return new ApiError('ServiceUnavailable', `the server is not reachable: ${serviceError.details ?? errorMessage(err)}`);
  }
  if (serviceError.code === grpc.status.CANCELLED) {
    return new ApiError('ServiceUnavailable', 'the request was cancelled');
  }
  return new ApiError('InternalError', serviceError.details ?? errorMessage(err));
}
