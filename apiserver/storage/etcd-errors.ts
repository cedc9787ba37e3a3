// The one place where etcd's errors become StorageErrors. The etcd3 client's
// own error classes (chosen from the gRPC status code, or from the message for
// the few it knows) decide first; etcd gives several conditions the same code
// (OutOfRange for both compacted and future revisions, ResourceExhausted for a
// full database, a busy server and an oversized reply), so its stable message
// text tells those apart. Errors that reach us uncast (a raw watch stream)
// fall back to the message alone.
import {
  ClientClosedError,
  EtcdLeaseInvalidError,
  GRPCDeadlineExceededError,
  GRPCInvalidArgumentError,
  GRPCOutOfRangeError,
  GRPCResourceExhastedError,
  GRPCUnavailableError,
} from 'etcd3';
import { StorageError, type StorageErrorReason } from './storage-errors.js';

type ErrorClass = abstract new (...args: never[]) => Error;

interface EtcdErrorRule {
  reason: StorageErrorReason;
  classes: ErrorClass[];
  /** Required on top of the class; the only test for errors the client did not cast. A rule with no classes matches on text alone. */
  message?: RegExp;
}

/** etcd 3.4's texts (server/etcdserver/api/v3rpc/rpctypes) and grpc-js's for an oversized reply. */
const COMPACTED_TEXT = /required revision has been compacted/;
const FUTURE_REVISION_TEXT = /required revision is a future revision/;
const LEASE_NOT_FOUND_TEXT = /requested lease not found/;
const REQUEST_TOO_LARGE_TEXT = /request is too large|larger than max/;
const NO_SPACE_TEXT = /database space exceeded/;
const TOO_MANY_REQUESTS_TEXT = /too many requests/;

/** First match wins. */
const RULES: EtcdErrorRule[] = [
  { reason: 'LeaseNotFound', classes: [EtcdLeaseInvalidError] },
  { reason: 'LeaseNotFound', classes: [], message: LEASE_NOT_FOUND_TEXT },
  { reason: 'Compacted', classes: [GRPCOutOfRangeError], message: COMPACTED_TEXT },
  { reason: 'FutureRevision', classes: [GRPCOutOfRangeError], message: FUTURE_REVISION_TEXT },
  { reason: 'TooLarge', classes: [GRPCInvalidArgumentError, GRPCResourceExhastedError], message: REQUEST_TOO_LARGE_TEXT },
  { reason: 'NoSpace', classes: [GRPCResourceExhastedError], message: NO_SPACE_TEXT },
  { reason: 'Unavailable', classes: [GRPCResourceExhastedError], message: TOO_MANY_REQUESTS_TEXT },
  { reason: 'Unavailable', classes: [GRPCUnavailableError, GRPCDeadlineExceededError, ClientClosedError] },
];

function matchesClass(err: Error, rule: EtcdErrorRule): boolean {
  return rule.classes.some((cls) => err instanceof cls) && (!rule.message || rule.message.test(err.message));
}

function matchesText(err: Error, rule: EtcdErrorRule): boolean {
  return rule.message !== undefined && rule.message.test(err.message);
}

function reasonOf(err: Error): StorageErrorReason {
  const rule = RULES.find((r) => matchesClass(err, r)) ?? RULES.find((r) => matchesText(err, r));
  return rule?.reason ?? 'Internal';
}

/** The StorageError for anything an etcd call threw. */
export function fromEtcdError(err: unknown): StorageError {
  if (err instanceof StorageError) return err;
  if (!(err instanceof Error)) return new StorageError('Internal', `etcd failed: ${String(err)}`, { cause: err });
  return new StorageError(reasonOf(err), err.message, { cause: err });
}
