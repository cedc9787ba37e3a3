// One etcd watch on one key range, on its own gRPC stream, reporting raw
// changes in revision order. It does not reconnect: its owner decides whether
// to resume from the last revision it saw or to give up.
import type { Etcd3, IKeyValue, IWatchResponse } from 'etcd3';
import { prefixEnd } from './prefix-end.js';
import type { RawChange, StoreWatch, WatchHandlers } from './object-store.js';

interface WatchStream {
  on(event: 'data', fn: (res: IWatchResponse) => void): unknown;
  on(event: 'error', fn: (err: Error) => void): unknown;
  on(event: 'end', fn: () => void): unknown;
  write(req: unknown): unknown;
  end(): void;
  cancel(): void;
}

/** etcd3's proto loader renders the event type enum as its name: `Put` or `Delete`. */
function isDelete(type: string): boolean {
  return type.toUpperCase() === 'DELETE' || type === '1';
}

function toChange(type: string, kv: IKeyValue, prev: IKeyValue | undefined): RawChange {
  return {
    type: isDelete(type) ? 'delete' : 'put',
    key: kv.key.toString(),
    revision: Number(kv.mod_revision),
    value: isDelete(type) ? undefined : kv.value,
    prev: prev ? { value: prev.value, modRevision: Number(prev.mod_revision) } : undefined,
  };
}

/** Watches every key under `prefix` from `startRevision` (inclusive), with previous values. */
export async function openEtcdWatch(client: Etcd3, prefix: string, startRevision: number, handlers: WatchHandlers): Promise<StoreWatch> {
  const stream = (await client.watchClient.watch()) as unknown as WatchStream;
  let over = false;
  const finish = (report: () => void): void => {
    if (over) return;
    over = true;
    closeStream(stream);
    report();
  };
  stream.on('data', (res) => {
    if (over) return;
    if (res.canceled) {
      const compactRevision = Number(res.compact_revision ?? 0);
      if (compactRevision > 0) finish(() => handlers.onCompacted(compactRevision));
      else finish(() => handlers.onError(new Error(`etcd cancelled the watch: ${String((res as { cancel_reason?: string }).cancel_reason ?? '')}`)));
      return;
    }
    if (res.created) return;
    const changes = (res.events ?? []).map((ev) => toChange(String(ev.type), ev.kv, ev.prev_kv ?? undefined));
    handlers.onChanges(changes, Number(res.header.revision));
  });
  stream.on('error', (err) => finish(() => handlers.onError(err)));
  stream.on('end', () => finish(() => handlers.onError(new Error('etcd watch stream ended'))));
  stream.write({
    create_request: {
      key: Buffer.from(prefix),
      range_end: prefixEnd(prefix),
      start_revision: startRevision,
      prev_kv: true,
      progress_notify: true,
    },
  });
  return {
    cancel: () => {
      over = true;
      closeStream(stream);
    },
  };
}

function closeStream(stream: WatchStream): void {
  try {
    // Half-close first so the pool does not count our own cancel as a failed host.
    stream.end();
    stream.cancel();
  } catch {
    // already closed
  }
}
