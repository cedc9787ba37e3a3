// The apiserver's only door to etcd: ranges, guarded writes (transactions on
// mod revision), leases and compaction, over the raw etcd3 RPC clients so
// every reply carries the revisions the API exposes as resourceVersion.
import { Etcd3, type IKeyValue, type IRangeResponse, type ITxnResponse } from 'etcd3';

/** Deadline of one etcd request; a hung etcd must not hang an API call forever. */
export const ETCD_REQUEST_TIMEOUT_MS = 10_000;
/** How long a health probe waits for etcd before calling it unhealthy. */
export const ETCD_HEALTH_TIMEOUT_MS = 2_000;

export interface StoredValue {
  key: string;
  value: Buffer;
  modRevision: number;
  createRevision: number;
  /** The etcd lease id ("0" when none). */
  lease: string;
}

export interface RangeResult {
  items: StoredValue[];
  /** The store's revision when the range was read. */
  revision: number;
}

export type WriteResult = { ok: true; revision: number } | { ok: false; current?: StoredValue };

export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i] += 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

function toStored(kv: IKeyValue): StoredValue {
  return {
    key: kv.key.toString(),
    value: kv.value,
    modRevision: Number(kv.mod_revision),
    createRevision: Number(kv.create_revision),
    lease: String(kv.lease ?? '0'),
  };
}

function deadline(ms = ETCD_REQUEST_TIMEOUT_MS): { deadline: number } {
  return { deadline: Date.now() + ms };
}

export function isCompactedError(err: unknown): boolean {
  return err instanceof Error && /required revision has been compacted/.test(err.message);
}

export function isFutureRevisionError(err: unknown): boolean {
  return err instanceof Error && /required revision is a future revision/.test(err.message);
}

export class EtcdStore {
  readonly client: Etcd3;

  constructor(endpoints: string[]) {
    this.client = new Etcd3({
      hosts: endpoints,
      grpcOptions: { 'grpc.max_receive_message_length': 512 * 1024 * 1024 },
    });
  }

  close(): void {
    this.client.close();
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const res = await this.client.kv.range({ key: Buffer.from(key) }, deadline());
    return res.kvs.length > 0 ? toStored(res.kvs[0]) : undefined;
  }

  async range(prefix: string): Promise<RangeResult> {
    const res: IRangeResponse = await this.client.kv.range({ key: Buffer.from(prefix), range_end: prefixEnd(prefix) }, deadline());
    return { items: res.kvs.map(toStored), revision: Number(res.header.revision) };
  }

  /** The current revision of the whole store. */
  async currentRevision(): Promise<number> {
    const res = await this.client.kv.range({ key: Buffer.from([0]), limit: 1, count_only: true }, deadline());
    return Number(res.header.revision);
  }

  /** Throws the compaction error when history after `revision` is gone. */
  async assertRevisionAvailable(prefix: string, revision: number): Promise<void> {
    try {
      await this.client.kv.range(
        { key: Buffer.from(prefix), range_end: prefixEnd(prefix), revision, limit: 1, count_only: true },
        deadline(),
      );
    } catch (err) {
      if (isFutureRevisionError(err)) return;
      throw err;
    }
  }

  /**
   * Puts the key only if it does not exist and, when a guard is given, the guard key's mod
   * revision is still the one the caller checked. A failure with no `current` means the guard moved.
   */
  async create(key: string, value: string, lease = '0', guard?: { key: string; modRevision: number }): Promise<WriteResult> {
    const k = Buffer.from(key);
    const guards = guard ? [{ key: Buffer.from(guard.key), target: 'Mod' as const, result: 'Equal' as const, mod_revision: guard.modRevision }] : [];
    const res: ITxnResponse = await this.client.kv.txn(
      {
        compare: [{ key: k, target: 'Version', result: 'Equal', version: 0 }, ...guards],
        success: [{ request_put: { key: k, value: Buffer.from(value), lease } }],
        failure: [{ request_range: { key: k } }],
      },
      deadline(),
    );
    return this.writeResult(res);
  }

  /** Puts the key only if its mod revision is still `modRevision`. */
  async update(key: string, value: string, modRevision: number, lease = '0'): Promise<WriteResult> {
    const k = Buffer.from(key);
    const res = await this.client.kv.txn(
      {
        compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: modRevision }],
        success: [{ request_put: { key: k, value: Buffer.from(value), lease } }],
        failure: [{ request_range: { key: k } }],
      },
      deadline(),
    );
    return this.writeResult(res);
  }

  /** Deletes the key only if its mod revision is still `modRevision`. */
  async delete(key: string, modRevision: number): Promise<WriteResult> {
    const k = Buffer.from(key);
    const res = await this.client.kv.txn(
      {
        compare: [{ key: k, target: 'Mod', result: 'Equal', mod_revision: modRevision }],
        success: [{ request_delete_range: { key: k } }],
        failure: [{ request_range: { key: k } }],
      },
      deadline(),
    );
    return this.writeResult(res);
  }

  async grantLease(ttlSeconds: number): Promise<string> {
    const res = await this.client.leaseClient.leaseGrant({ TTL: ttlSeconds, ID: 0 }, deadline());
    return String(res.ID);
  }

  async compact(revision: number): Promise<void> {
    await this.client.kv.compact({ revision }, deadline());
  }

  async healthy(): Promise<boolean> {
    try {
      await this.client.kv.range({ key: Buffer.from('health'), limit: 1, count_only: true }, deadline(ETCD_HEALTH_TIMEOUT_MS));
      return true;
    } catch {
      return false;
    }
  }

  private writeResult(res: ITxnResponse): WriteResult {
    if (res.succeeded) return { ok: true, revision: Number(res.header.revision) };
    const kvs = res.responses[0]?.response_range?.kvs ?? [];
    return { ok: false, current: kvs.length > 0 ? toStored(kvs[0]) : undefined };
  }
}
