// The failures a store reports, whatever its backend, so callers branch on a
// reason and never on a backend's error text.

export type StorageErrorReason =
  /** The revision asked for is older than the store's compacted history. */
  | 'Compacted'
  /** The revision asked for is newer than the store's current revision. */
  | 'FutureRevision'
  /** The write named a lease that expired or never existed. */
  | 'LeaseNotFound'
  /** The store cannot be reached or did not answer in time; retrying may help. */
  | 'Unavailable'
  /** The request or reply exceeds the store's size limits. */
  | 'TooLarge'
  /** The store is full. */
  | 'NoSpace'
  /** Anything else; `cause` holds the backend's error. */
  | 'Internal';

export class StorageError extends Error {
  override readonly name = 'StorageError';

  constructor(
    readonly reason: StorageErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isStorageError(err: unknown, reason?: StorageErrorReason): err is StorageError {
  return err instanceof StorageError && (reason === undefined || err.reason === reason);
}
