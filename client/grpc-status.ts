// Carries an ApiError across gRPC: a status code close in meaning, plus the
// Kubernetes Status as JSON in trailing metadata so nothing is lost.
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
};

export function toServiceError(err: unknown): Partial<grpc.StatusObject> {
  const apiError =
    err instanceof ApiError ? err : new ApiError('InternalError', `Internal error occurred: ${errorMessage(err)}`);
  const metadata = new grpc.Metadata();
  metadata.set(STATUS_METADATA_KEY, JSON.stringify(apiError.toStatus()));
  return { code: GRPC_CODES[apiError.reason], details: apiError.message, metadata };
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
