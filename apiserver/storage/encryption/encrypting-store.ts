// An ObjectStore that keeps the values of the configured resources encrypted
// in the store beneath it and plain for everything above it, so get, range
// (and so paging), guarded writes, conflicts and watches work unchanged.
// Values of other resources pass through untouched.
import type {
  ObjectStore,
  PrefixState,
  RangeOptions,
  RangeResult,
  RawChange,
  SideKeys,
  StoredValue,
  StoreWatch,
  WatchHandlers,
  WriteGuard,
  ValueBytes,
  WriteResult,
} from '../object-store.js';
import { StorageError } from '../storage-errors.js';
import { decryptValue, encryptValue, type KeyTransformers } from './key-transformers.js';
import { DecryptError } from './value-transformer.js';

export class EncryptingStore implements ObjectStore {
  constructor(
    private readonly inner: ObjectStore,
    private readonly transformers: KeyTransformers,
  ) {}

  async get(key: string): Promise<StoredValue | undefined> {
    const kv = await this.inner.get(key);
    return kv && this.readable(kv);
  }

  async range(prefix: string, options?: RangeOptions): Promise<RangeResult> {
    const result = await this.inner.range(prefix, options);
    return { ...result, items: result.items.map((kv) => this.readable(kv)) };
  }

  prefixState(prefix: string): Promise<PrefixState> {
    return this.inner.prefixState(prefix);
  }

  currentRevision(): Promise<number> {
    return this.inner.currentRevision();
  }

  assertRevisionAvailable(prefix: string, revision: number): Promise<void> {
    return this.inner.assertRevisionAvailable(prefix, revision);
  }

  async create(key: string, value: ValueBytes, lease?: string, guard?: WriteGuard, side?: SideKeys): Promise<WriteResult> {
    return this.readableResult(await this.inner.create(key, this.storable(key, value), lease, guard, this.storableSide(side)));
  }

  async update(key: string, value: ValueBytes, modRevision: number, lease?: string, side?: SideKeys): Promise<WriteResult> {
    return this.readableResult(await this.inner.update(key, this.storable(key, value), modRevision, lease, this.storableSide(side)));
  }

  async delete(key: string, modRevision: number, side?: SideKeys): Promise<WriteResult> {
    return this.readableResult(await this.inner.delete(key, modRevision, this.storableSide(side)));
  }

  grantLease(ttlSeconds: number): Promise<string> {
    return this.inner.grantLease(ttlSeconds);
  }

  compact(revision: number): Promise<void> {
    return this.inner.compact(revision);
  }

  healthy(): Promise<boolean> {
    return this.inner.healthy();
  }

  watchPrefix(prefix: string, startRevision: number, handlers: WatchHandlers): Promise<StoreWatch> {
    let broken = false;
    return this.inner.watchPrefix(prefix, startRevision, {
      onChanges: (changes, revision) => {
        if (broken) return;
        let plain: RawChange[];
        try {
          plain = changes.map((change) => this.readableChange(change));
        } catch (err) {
          // A value nobody can read ends the watch, as a broken stream would; the watcher re-lists and sees the error.
          broken = true;
          handlers.onError(err as Error);
          return;
        }
        handlers.onChanges(plain, revision);
      },
      onCompacted: (compactRevision) => handlers.onCompacted(compactRevision),
      onError: (err) => handlers.onError(err),
    });
  }

  close(): void {
    this.inner.close();
  }

  private storable(key: string, value: ValueBytes): string | Buffer {
    const chain = this.transformers.chainFor(key);
    return chain ? encryptValue(chain, Buffer.from(value), key) : value;
  }

  private storableSide(side: SideKeys | undefined): SideKeys | undefined {
    return side && { ...side, claim: side.claim.map((c) => ({ ...c, value: this.storable(c.key, c.value) })) };
  }

  private plain(key: string, value: Buffer): Buffer {
    const chain = this.transformers.chainFor(key);
    if (!chain) return value;
    try {
      return decryptValue(chain, value, key);
    } catch (err) {
      if (err instanceof DecryptError) throw new StorageError('Internal', `unable to transform key ${err.message}`, { cause: err });
      throw err;
    }
  }

  private readable(kv: StoredValue): StoredValue {
    return { ...kv, value: this.plain(kv.key, kv.value) };
  }

  private readableResult(result: WriteResult): WriteResult {
    return result.ok || !result.current ? result : { ok: false, current: this.readable(result.current) };
  }

  private readableChange(change: RawChange): RawChange {
    return {
      ...change,
      value: change.value && this.plain(change.key, change.value),
      prev: change.prev && { ...change.prev, value: this.plain(change.key, change.prev.value) },
    };
  }
}
