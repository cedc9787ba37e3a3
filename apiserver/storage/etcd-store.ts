// The apiserver's only door to etcd: ranges, guarded writes (transactions on
// mod revision), leases, compaction and watches, over the raw etcd3 RPC clients
// so every reply carries the revisions the API exposes as resourceVersion.
// Every failure leaves as a StorageError (etcd-errors.ts).
import { Etcd3, type IKeyValue, type IRangeResponse, type ITxnResponse } from 'etcd3';
import { fromEtcdError } from './etcd-errors.js';
import type { EtcdCredentials } from './etcd-tls.js';
import { openEtcdWatch } from './etcd-watch.js';
import { prefixEnd } from './prefix-end.js';
import {
  NO_LEASE,
  type ObjectStore,
  type PrefixState,
  type RangeOptions,
  type RangeResult,
  type SideKeys,
  type StoredValue,
  type StoreWatch,
  type WatchHandlers,
  type WriteGuard,
  type WriteResult,
  type ValueBytes,
  valueBytes,
} from './object-store.js';
import { isStorageError } from './storage-errors.js';

/** Deadline of one etcd request; a hung etcd must not hang an API call forever. */
export const ETCD_REQUEST_TIMEOUT_MS = 10_000;
/** How long a health probe waits for etcd before calling it unhealthy. */
export const ETCD_HEALTH_TIMEOUT_MS = 2_000;
/** A full list of a big resource is one reply; grpc-js's 4 MiB default would refuse it. */
export const ETCD_MAX_REPLY_BYTES = 512 * 1024 * 1024;

function toStored(kv: IKeyValue): StoredValue {
  return {
    key: kv.key.toString(),
    value: kv.value,
    modRevision: Number(kv.mod_revision),
    createRevision: Number(kv.create_revision),
    lease: String(kv.lease ?? NO_LEASE),
  };
}

function deadline(ms = ETCD_REQUEST_TIMEOUT_MS): { deadline: number } {
  return { deadline: Date.now() + ms };
}

export class EtcdStore implements ObjectStore {
  private readonly client: Etcd3;

  /** Without credentials: plaintext to http:// URLs, TLS with the system's roots to https:// ones. */
  constructor(endpoints: string[], credentials?: EtcdCredentials) {
    this.client = new Etcd3({
      hosts: endpoints,
      ...(credentials ? { credentials } : {}),
      grpcOptions: { 'grpc.max_receive_message_length': ETCD_MAX_REPLY_BYTES },
    });
  }

  close(): void {
    this.client.close();
  }

  get(key: string): Promise<StoredValue | undefined> {
    return this.call(async () => {
      const res = await this.client.kv.range({ key: Buffer.from(key) }, deadline());
      return res.kvs.length > 0 ? toStored(res.kvs[0]) : undefined;
    });
  }

  range(prefix: string, options: RangeOptions = {}): Promise<RangeResult> {
    const { revision = 0, from = prefix, limit = 0 } = options;
    return this.call(async () => {
      const res: IRangeResponse = await this.client.kv.range(
        { key: Buffer.from(from), range_end: prefixEnd(prefix), revision, limit },
        deadline(),
      );
      return {
        items: res.kvs.map(toStored),
        revision: revision > 0 ? revision : Number(res.header.revision),
        more: Boolean(res.more),
        count: Number(res.count),
      };
    });
  }

  /**
   * One read-only transaction of two ranges: the key with the newest mod revision (etcd sorts
   * the prefix's index and returns one key, no values) and the number of keys.
   */
  prefixState(prefix: string): Promise<PrefixState> {
    const key = Buffer.from(prefix);
    const rangeEnd = prefixEnd(prefix);
    return this.call(async () => {
      const res = await this.client.kv.txn(
        {
          compare: [],
          success: [
            { request_range: { key, range_end: rangeEnd, sort_target: 'Mod', sort_order: 'Descend', limit: 1, keys_only: true } },
            { request_range: { key, range_end: rangeEnd, count_only: true } },
          ],
          failure: [],
        },
        deadline(),
      );
      const newest = res.responses[0]?.response_range?.kvs[0];
      return {
        revision: Number(res.header.revision),
        newestModRevision: newest ? Number(newest.mod_revision) : 0,
        count: Number(res.responses[1]?.response_range?.count ?? 0),
      };
    });
  }

  currentRevision(): Promise<number> {
    return this.call(async () => {
      const res = await this.client.kv.range({ key: Buffer.from([0]), limit: 1, count_only: true }, deadline());
      return Number(res.header.revision);
    });
  }

  async assertRevisionAvailable(prefix: string, revision: number): Promise<void> {
    try {
      await this.call(() =>
        this.client.kv.range({ key: Buffer.from(prefix), range_end: prefixEnd(prefix), revision, limit: 1, count_only: true }, deadline()),
      );
    } catch (err) {
      if (isStorageError(err, 'FutureRevision')) return;
      throw err;
    }
  }

  /** A failure with no `current` means the key exists no more or the guard moved. */
  create(key: string, value: ValueBytes, lease = NO_LEASE, guard?: WriteGuard, side?: SideKeys): Promise<WriteResult> {
    const k = Buffer.from(key);
    const guards = guard ? [modEquals(guard.key, guard.modRevision)] : [];
    return this.txn({
      compare: [{ key: k, target: 'Version', result: 'Equal', version: 0 }, ...guards, ...sideCompares(side)],
      success: [{ request_put: { key: k, value: valueBytes(value), lease } }, ...sideWrites(side)],
      failure: [{ request_range: { key: k } }],
    });
  }

  update(key: string, value: ValueBytes, modRevision: number, lease = NO_LEASE, side?: SideKeys): Promise<WriteResult> {
    const k = Buffer.from(key);
    return this.txn({
      compare: [modEquals(key, modRevision), ...sideCompares(side)],
      success: [{ request_put: { key: k, value: valueBytes(value), lease } }, ...sideWrites(side)],
      failure: [{ request_range: { key: k } }],
    });
  }

  delete(key: string, modRevision: number, side?: SideKeys): Promise<WriteResult> {
    const k = Buffer.from(key);
    return this.txn({
      compare: [modEquals(key, modRevision), ...sideCompares(side)],
      success: [{ request_delete_range: { key: k } }, ...sideWrites(side)],
      failure: [{ request_range: { key: k } }],
    });
  }

  grantLease(ttlSeconds: number): Promise<string> {
    return this.call(async () => String((await this.client.leaseClient.leaseGrant({ TTL: ttlSeconds, ID: 0 }, deadline())).ID));
  }

  async compact(revision: number): Promise<void> {
    await this.call(() => this.client.kv.compact({ revision }, deadline()));
  }

  async healthy(): Promise<boolean> {
    try {
      await this.client.kv.range({ key: Buffer.from('health'), limit: 1, count_only: true }, deadline(ETCD_HEALTH_TIMEOUT_MS));
      return true;
    } catch {
      return false;
    }
  }

  watchPrefix(prefix: string, startRevision: number, handlers: WatchHandlers): Promise<StoreWatch> {
    return this.call(() =>
      openEtcdWatch(this.client, prefix, startRevision, {
        onChanges: (changes, revision) => handlers.onChanges(changes, revision),
        onCompacted: (compactRevision) => handlers.onCompacted(compactRevision),
        onError: (err) => handlers.onError(fromEtcdError(err)),
      }),
    );
  }

  private txn(request: Parameters<Etcd3['kv']['txn']>[0]): Promise<WriteResult> {
    return this.call(async () => writeResult(await this.client.kv.txn(request, deadline())));
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw fromEtcdError(err);
    }
  }
}

function modEquals(key: string, modRevision: number) {
  return { key: Buffer.from(key), target: 'Mod' as const, result: 'Equal' as const, mod_revision: modRevision };
}

function sideCompares(side: SideKeys | undefined) {
  return (side?.claim ?? []).map((c) => modEquals(c.key, c.modRevision));
}

function sideWrites(side: SideKeys | undefined) {
  return [
    ...(side?.claim ?? []).map((c) => ({ request_put: { key: Buffer.from(c.key), value: valueBytes(c.value) } })),
    ...(side?.release ?? []).map((key) => ({ request_delete_range: { key: Buffer.from(key) } })),
  ];
}

function writeResult(res: ITxnResponse): WriteResult {
  if (res.succeeded) return { ok: true, revision: Number(res.header.revision) };
  const kvs = res.responses[0]?.response_range?.kvs ?? [];
  return { ok: false, current: kvs.length > 0 ? toStored(kvs[0]) : undefined };
}
