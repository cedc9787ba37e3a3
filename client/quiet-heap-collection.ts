// Full collections for a control-plane process that has gone quiet after a
// burst. V8's memory reducer shrinks the heap only once allocation falls
// below about 1 KB per ms, and a controller-manager watching 10,000 pods on
// 1,000 nodes keeps allocating a little more than that while it has nothing
// to do: after the burst it sat on 97 MiB of old space for 37 MiB of live
// objects, because nothing ever started a full collection. Go's runtime,
// which kube-controller-manager runs on, forces one when none ran for two
// minutes; this does that job for our processes, and only while it pays:
// once no full collection has run for `quietMs` and the heap holds at least
// `minSlackBytes` beyond its live objects, it runs up to `rounds` collections
// `roundGapMs` apart (V8 returns emptied pages only after sweeping them, so
// the second collection is the one that shrinks the heap). A full collection
// the process runs by itself starts the wait again; a heap that stays where
// it is costs nothing more.
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { constants, PerformanceObserver, type NodeGCPerformanceDetail, type PerformanceEntry } from 'node:perf_hooks';
import type { CancelTimer, Clock } from './clock.js';

export interface QuietCollectionLimits {
  /** How long after the last full collection the heap is looked at. */
  quietMs: number;
  /** Heap held beyond live objects below which nothing is done. */
  minSlackBytes: number;
  /** Forced collections after one quiet period. */
  rounds: number;
  /** Between those collections, for the sweeper to free what the previous one found dead. */
  roundGapMs: number;
}

export const QUIET_COLLECTION: QuietCollectionLimits = {
  quietMs: 30_000,
  minSlackBytes: 16 * 1024 * 1024,
  rounds: 2,
  roundGapMs: 5_000,
};

/** What the scheduling below needs of the heap, so it is testable without V8. */
export interface HeapAccess {
  /** Bytes the heap holds from the system beyond its live objects. */
  slackBytes(): number;
  /** One full collection, now. */
  collect(): void;
  /** Calls `each` after every full collection the process ran by itself; answers how to stop. */
  onOwnFullCollection(each: () => void): () => void;
}

/** A 'gc' entry carries its kind and flags in `detail`, which the entry's declared type leaves out. */
type GcEntry = PerformanceEntry & { readonly detail?: NodeGCPerformanceDetail };

function isOwnFullCollection(entry: GcEntry): boolean {
  const detail = entry.detail;
  if (!detail) return false;
  return detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR && (detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) === 0;
}

/**
 * V8's `gc()`: the global one when node was started with --expose-gc, or one
 * from a fresh context after turning the flag on (V8 installs it in contexts
 * created after that).
 */
function exposedCollector(): () => void {
  const global = (globalThis as { gc?: unknown }).gc;
  if (typeof global === 'function') return global as () => void;
  setFlagsFromString('--expose-gc');
  const fromContext: unknown = runInNewContext('gc');
  if (typeof fromContext !== 'function') throw new Error('V8 did not expose gc() after --expose-gc');
  return fromContext as () => void;
}

/** The running process's V8 heap. */
export function v8Heap(): HeapAccess {
  let collector: (() => void) | undefined;
  return {
    slackBytes() {
      const stats = getHeapStatistics();
      return stats.total_heap_size - stats.used_heap_size;
    },
    collect() {
      collector ??= exposedCollector();
      collector();
    },
    onOwnFullCollection(each) {
      const observer = new PerformanceObserver((list) => {
        if (list.getEntries().some(isOwnFullCollection)) each();
      });
      observer.observe({ entryTypes: ['gc'] });
      return () => observer.disconnect();
    },
  };
}

export interface QuietCollection {
  stop(): void;
}

/** Starts watching `heap`; collects as the header says until stopped. */
export function startQuietHeapCollection(clock: Clock, heap: HeapAccess = v8Heap(), limits: QuietCollectionLimits = QUIET_COLLECTION): QuietCollection {
  let cancel: CancelTimer | undefined;
  let rounds = 0;
  const step = (): void => {
    cancel = undefined;
    if (rounds >= limits.rounds || heap.slackBytes() < limits.minSlackBytes) return;
    rounds++;
    heap.collect();
    cancel = clock.after(limits.roundGapMs, step);
  };
  const restart = (): void => {
    cancel?.();
    rounds = 0;
    cancel = clock.after(limits.quietMs, step);
  };
  const unsubscribe = heap.onOwnFullCollection(restart);
  restart();
  return {
    stop() {
      unsubscribe();
      cancel?.();
      cancel = undefined;
    },
  };
}
