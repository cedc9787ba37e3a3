// What the apiserver needs from its storage: a versioned key-value store with
// etcd's semantics. One global revision counts every write; a key's mod
// revision is the revision of its last write and is what the API exposes as
// resourceVersion. Writes are guarded transactions, history can be compacted,
// and prefixes can be watched from a past revision. Failures are StorageErrors
// (storage-errors.ts), never a backend's own error types.

export interface StoredValue {
  key: string;
  value: Buffer;
  modRevision: number;
  createRevision: number;
  /** The lease id ("0" when none). */
  lease: string;
}

/** Which part of a prefix to read, and as of when. */
export interface RangeOptions {
  /** Read the store as it was at this revision; absent or 0 reads the current state. */
  revision?: number;
  /** The first key to read (inclusive), at or after the prefix; absent reads from the prefix on. */
  from?: string;
  /** At most this many keys; absent or 0 reads them all. */
  limit?: number;
}

export interface RangeResult {
  items: StoredValue[];
  /** The revision the range reflects: the one asked for, else the store's revision when it was read. */
  revision: number;
  /** Keys were left out by the limit. */
  more: boolean;
  /** How many keys the range holds from `from` on, read or not. */
  count: number;
}

/**
 * What a prefix holds now, cheaply: enough to tell whether a copy of it kept by
 * a watch has seen every change (no key newer than the copy, and as many keys).
 */
export interface PrefixState {
  /** The store's revision when it was read. */
  revision: number;
  /** The highest mod revision of a key under the prefix; 0 when it is empty. */
  newestModRevision: number;
  /** How many keys the prefix holds. */
  count: number;
}

/** A failed write carries the key as it now is (absent when it does not exist or a guard moved). */
export type WriteResult = { ok: true; revision: number } | { ok: false; current?: StoredValue };

/** Another key whose mod revision must still be the one the caller read (0: the key must be absent). */
export interface WriteGuard {
  key: string;
  modRevision: number;
}

/**
 * Keys written and deleted in the same transaction as an object, for state that
 * must never disagree with it (a Service's allocated ClusterIPs and NodePorts).
 */
export interface SideKeys {
  /** Put with the object; each only if its mod revision is still `modRevision` (0: absent). */
  claim: { key: string; value: ValueBytes; modRevision: number }[];
  /** Deleted with the object, whatever they hold. */
  release: string[];
}

/** What a write puts: text, or bytes (an encrypted value). */
export type ValueBytes = string | Buffer;

export function valueBytes(value: ValueBytes): Buffer {
  return typeof value === 'string' ? Buffer.from(value) : value;
}

/** The lease id that means "no lease". */
export const NO_LEASE = '0';

export interface RawChange {
  type: 'put' | 'delete';
  key: string;
  /** The revision of this change (the delete revision for deletes). */
  revision: number;
  value?: Buffer;
  prev?: { value: Buffer; modRevision: number };
}

export interface WatchHandlers {
  /** Changes in revision order; `revision` is the store's revision when they were sent (an empty list is a progress report). */
  onChanges(changes: RawChange[], revision: number): void;
  /** History from the start revision was compacted away; the watch is over. */
  onCompacted(compactRevision: number): void;
  /** The watch broke; it is over. */
  onError(err: Error): void;
}

export interface StoreWatch {
  cancel(): void;
}

export interface ObjectStore {
  get(key: string): Promise<StoredValue | undefined>;
  /**
   * The keys under `prefix`, in key order. Throws StorageError 'Compacted' for a
   * revision history no longer holds and 'FutureRevision' for one not reached yet.
   */
  range(prefix: string, options?: RangeOptions): Promise<RangeResult>;
  /** The newest mod revision and the number of keys under `prefix`, at one revision, without the values. */
  prefixState(prefix: string): Promise<PrefixState>;
  /** The current revision of the whole store. */
  currentRevision(): Promise<number>;
  /** Throws StorageError 'Compacted' when history from `revision` on is gone; a future revision is fine. */
  assertRevisionAvailable(prefix: string, revision: number): Promise<void>;
  /** Puts the key only if it is absent and the guard, when given, still holds; side keys in the same transaction. */
  create(key: string, value: ValueBytes, lease?: string, guard?: WriteGuard, side?: SideKeys): Promise<WriteResult>;
  /** Puts the key only if its mod revision is still `modRevision`; side keys in the same transaction. */
  update(key: string, value: ValueBytes, modRevision: number, lease?: string, side?: SideKeys): Promise<WriteResult>;
  /** Deletes the key only if its mod revision is still `modRevision`; side keys in the same transaction. */
  delete(key: string, modRevision: number, side?: SideKeys): Promise<WriteResult>;
  /** A lease whose keys are deleted once `ttlSeconds` passed. */
  grantLease(ttlSeconds: number): Promise<string>;
  /** Forgets history before `revision`; throws 'Compacted' when it already was. */
  compact(revision: number): Promise<void>;
  healthy(): Promise<boolean>;
  /** Watches every key under `prefix` from `startRevision` (inclusive), with previous values. */
  watchPrefix(prefix: string, startRevision: number, handlers: WatchHandlers): Promise<StoreWatch>;
  close(): void;
}
