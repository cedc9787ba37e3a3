// An ObjectStore in memory with etcd's semantics, for tests that exercise the
// registry and watches without an etcd: one revision counter bumped by every
// write that changes something, create and mod revisions per key, guarded
// writes that answer the key as it is when they fail, leases that expire on an
// injected clock (their keys go in one revision, as etcd revokes them), and
// history that compaction cuts and watches replay and past reads rewind. Watchers hear changes on a
// later microtask, never inside the write, as they would from etcd.
import {
  NO_LEASE,
  type ObjectStore,
  type PrefixState,
  type RangeOptions,
  type RangeResult,
  type RawChange,
  type SideKeys,
  type StoredValue,
  type StoreWatch,
  type WatchHandlers,
  type WriteGuard,
  type WriteResult,
  type ValueBytes,
  valueBytes,
} from './object-store.js';
import { StorageError } from './storage-errors.js';

/** etcd's revision before its first write. */
export const INITIAL_REVISION = 1;

/** What one write did to one key, kept so a read at an older revision can undo it. */
interface UndoEntry {
  revision: number;
  key: string;
  /** The key before the write; absent when the write created it. */
  before?: StoredValue;
}

interface MemoryWatcher {
  prefix: string;
  handlers: WatchHandlers;
  live: boolean;
  cancelled: boolean;
}

export class MemoryStore implements ObjectStore {
  private revision = INITIAL_REVISION;
  private compactedTo = 0;
  private closed = false;
  private nextLeaseId = 1;
  private readonly keys = new Map<string, StoredValue>();
  /** Lease id to the time it expires, in the clock's milliseconds. */
  private readonly leases = new Map<string, number>();
  /** Every change after the compacted revision, in revision order. */
  private history: RawChange[] = [];
  /** The same changes as `history`, with whole previous values. */
  private undo: UndoEntry[] = [];
  private readonly watchers = new Set<MemoryWatcher>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<StoredValue | undefined> {
    this.begin();
    const kv = this.keys.get(key);
    return kv ? { ...kv } : undefined;
  }

  async range(prefix: string, options: RangeOptions = {}): Promise<RangeResult> {
    this.begin();
    const { revision = 0, from = prefix, limit = 0 } = options;
    const at = revision > 0 ? revision : this.revision;
    const start = Buffer.from(from);
    const inRange = [...this.keysAt(at).values()].filter((kv) => kv.key.startsWith(prefix) && Buffer.compare(Buffer.from(kv.key), start) >= 0);
    inRange.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
    const items = (limit > 0 ? inRange.slice(0, limit) : inRange).map((kv) => ({ ...kv }));
    return { items, revision: at, more: items.length < inRange.length, count: inRange.length };
  }

  async prefixState(prefix: string): Promise<PrefixState> {
    this.begin();
    let newestModRevision = 0;
    let count = 0;
    for (const kv of this.keys.values()) {
      if (!kv.key.startsWith(prefix)) continue;
      count++;
      newestModRevision = Math.max(newestModRevision, kv.modRevision);
    }
    return { revision: this.revision, newestModRevision, count };
  }

  async currentRevision(): Promise<number> {
    this.begin();
    return this.revision;
  }

  async assertRevisionAvailable(_prefix: string, revision: number): Promise<void> {
    this.begin();
    if (revision > this.revision) return;
    if (revision < this.compactedTo) throw compactedError();
  }

  async create(key: string, value: ValueBytes, lease = NO_LEASE, guard?: WriteGuard, side?: SideKeys): Promise<WriteResult> {
    this.begin();
    const guardHolds = !guard || this.modRevisionOf(guard.key) === guard.modRevision;
    if (this.keys.has(key) || !guardHolds || !this.sideHolds(side)) return this.failure(key);
    return this.put(key, value, lease, side);
  }

  async update(key: string, value: ValueBytes, modRevision: number, lease = NO_LEASE, side?: SideKeys): Promise<WriteResult> {
    this.begin();
    if (this.modRevisionOf(key) !== modRevision || !this.sideHolds(side)) return this.failure(key);
    return this.put(key, value, lease, side);
  }

  async delete(key: string, modRevision: number, side?: SideKeys): Promise<WriteResult> {
    this.begin();
    if (this.modRevisionOf(key) !== modRevision || !this.sideHolds(side)) return this.failure(key);
    const deleted = [key, ...(side?.release ?? [])].filter((k) => this.keys.has(k));
    const written = (side?.claim ?? []).map((c) => ({ key: c.key, value: valueBytes(c.value), lease: NO_LEASE }));
    // Deleting an absent key changes nothing, so etcd does not count a revision for it.
    if (deleted.length === 0 && written.length === 0) return { ok: true, revision: this.revision };
    this.commit(deleted, written);
    return { ok: true, revision: this.revision };
  }

  async grantLease(ttlSeconds: number): Promise<string> {
    this.begin();
    const id = String(this.nextLeaseId++);
    this.leases.set(id, this.now() + ttlSeconds * 1000);
    return id;
  }

  async compact(revision: number): Promise<void> {
    this.begin();
    if (revision <= this.compactedTo) throw compactedError();
    if (revision > this.revision) throw new StorageError('FutureRevision', `revision ${revision} is after the current ${this.revision}`);
    this.compactedTo = revision;
    this.history = this.history.filter((change) => change.revision >= revision);
    this.undo = this.undo.filter((entry) => entry.revision > revision);
  }

  async healthy(): Promise<boolean> {
    return !this.closed;
  }

  async watchPrefix(prefix: string, startRevision: number, handlers: WatchHandlers): Promise<StoreWatch> {
    this.begin();
    const watcher: MemoryWatcher = { prefix, handlers, live: false, cancelled: false };
    this.watchers.add(watcher);
    const from = startRevision > 0 ? startRevision : this.revision + 1;
    // Replayed on a later microtask, like live changes: whatever is written meanwhile is in the history by then.
    queueMicrotask(() => this.replay(watcher, from));
    return {
      cancel: () => {
        watcher.cancelled = true;
        this.watchers.delete(watcher);
      },
    };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const watcher of [...this.watchers]) this.endWatch(watcher, () => watcher.handlers.onError(unavailableError()));
  }

  /** Runs before every call: a closed store is unreachable, and expired leases take their keys first. */
  private begin(): void {
    if (this.closed) throw unavailableError();
    const now = this.now();
    for (const [id, expiresAt] of this.leases) {
      if (expiresAt > now) continue;
      this.leases.delete(id);
      const attached = [...this.keys.values()].filter((kv) => kv.lease === id).map((kv) => kv.key);
      if (attached.length > 0) this.commit(attached);
    }
  }

  /** Every key as it was at `revision`: the current keys with every later write undone, newest first. */
  private keysAt(revision: number): Map<string, StoredValue> {
    if (revision > this.revision) throw new StorageError('FutureRevision', 'required revision is a future revision');
    if (revision < this.compactedTo) throw compactedError();
    const keys = new Map(this.keys);
    for (let i = this.undo.length - 1; i >= 0 && this.undo[i].revision > revision; i--) {
      const { key, before } = this.undo[i];
      if (before) keys.set(key, before);
      else keys.delete(key);
    }
    return keys;
  }

  private modRevisionOf(key: string): number {
    return this.keys.get(key)?.modRevision ?? 0;
  }

  private failure(key: string): WriteResult {
    const current = this.keys.get(key);
    return { ok: false, current: current ? { ...current } : undefined };
  }

  private sideHolds(side: SideKeys | undefined): boolean {
    return (side?.claim ?? []).every((c) => this.modRevisionOf(c.key) === c.modRevision);
  }

  private put(key: string, value: ValueBytes, lease: string, side?: SideKeys): WriteResult {
    // etcd checks the lease only on the branch a transaction takes, so a failed compare never reports it.
    if (lease !== NO_LEASE && !this.leases.has(lease)) throw new StorageError('LeaseNotFound', `lease ${lease} not found`);
    const claimed = (side?.claim ?? []).map((c) => ({ key: c.key, value: valueBytes(c.value), lease: NO_LEASE }));
    const released = (side?.release ?? []).filter((k) => this.keys.has(k));
    this.commit(released, [{ key, value: valueBytes(value), lease }, ...claimed]);
    return { ok: true, revision: this.revision };
  }

  /** One revision: deletes `deleted`, then puts `written`, and tells the watchers. */
  private commit(deleted: string[], written: { key: string; value: Buffer; lease: string }[] = []): void {
    const revision = ++this.revision;
    const changes: RawChange[] = [];
    for (const key of deleted) {
      changes.push({ type: 'delete', key, revision, prev: this.prevOf(key) });
      this.undo.push({ revision, key, before: this.keys.get(key) });
      this.keys.delete(key);
    }
    for (const one of written) {
      this.undo.push({ revision, key: one.key, before: this.keys.get(one.key) });
      const createRevision = this.keys.get(one.key)?.createRevision ?? revision;
      changes.push({ type: 'put', key: one.key, revision, value: one.value, prev: this.prevOf(one.key) });
      this.keys.set(one.key, { ...one, modRevision: revision, createRevision });
    }
    this.history.push(...changes);
    for (const watcher of this.watchers) {
      if (watcher.live) this.send(watcher, changes);
    }
  }

  private prevOf(key: string): RawChange['prev'] {
    const kv = this.keys.get(key);
    return kv ? { value: kv.value, modRevision: kv.modRevision } : undefined;
  }

  private replay(watcher: MemoryWatcher, from: number): void {
    if (watcher.cancelled) return;
    if (from < this.compactedTo) {
      const compactedTo = this.compactedTo;
      this.endWatch(watcher, () => watcher.handlers.onCompacted(compactedTo));
      return;
    }
    watcher.live = true;
    const past = this.history.filter((change) => change.revision >= from);
    if (past.length > 0) this.deliver(watcher, past, this.revision);
  }

  /** Sends one revision's changes on a later microtask, so no watcher runs inside a write. */
  private send(watcher: MemoryWatcher, changes: RawChange[]): void {
    const revision = this.revision;
    queueMicrotask(() => this.deliver(watcher, changes, revision));
  }

  private deliver(watcher: MemoryWatcher, changes: RawChange[], revision: number): void {
    const mine = changes.filter((change) => change.key.startsWith(watcher.prefix));
    if (!watcher.cancelled && mine.length > 0) watcher.handlers.onChanges(mine, revision);
  }

  private endWatch(watcher: MemoryWatcher, report: () => void): void {
    watcher.cancelled = true;
    this.watchers.delete(watcher);
    report();
  }
}

function compactedError(): StorageError {
  return new StorageError('Compacted', 'required revision has been compacted');
}

function unavailableError(): StorageError {
  return new StorageError('Unavailable', 'the store is closed');
}
