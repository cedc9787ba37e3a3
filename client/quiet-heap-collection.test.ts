import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { constants, PerformanceObserver, type NodeGCPerformanceDetail, type PerformanceEntry } from 'node:perf_hooks';
import { ManualClock } from '../testkit/fakes/manual-clock.js';
import { QUIET_COLLECTION, startQuietHeapCollection, v8Heap, type HeapAccess } from './quiet-heap-collection.js';

const MIB = 1024 * 1024;

/** A heap whose slack a test sets, counting forced collections; `ownFullCollection` plays one V8 ran by itself. */
class FakeHeap implements HeapAccess {
  slack = 0;
  collections = 0;
  private listeners: Array<() => void> = [];

  slackBytes(): number {
    return this.slack;
  }

  collect(): void {
    this.collections++;
  }

  onOwnFullCollection(each: () => void): () => void {
    this.listeners.push(each);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== each);
    };
  }

  ownFullCollection(): void {
    for (const listener of this.listeners) listener();
  }
}

describe('startQuietHeapCollection', () => {
  it('collects a few rounds once quiet with slack, then nothing until the process collects by itself again', () => {
    const clock = new ManualClock();
    const heap = new FakeHeap();
    heap.slack = 60 * MIB;
    const quiet = startQuietHeapCollection(clock, heap);
    clock.advance(QUIET_COLLECTION.quietMs - 1);
    assert.equal(heap.collections, 0);
    clock.advance(1);
    assert.equal(heap.collections, 1);
    clock.advance(10 * 60_000);
    assert.equal(heap.collections, QUIET_COLLECTION.rounds);
    assert.equal(clock.pending, 0, 'an idle heap that stays put schedules nothing');

    heap.ownFullCollection();
    clock.advance(QUIET_COLLECTION.quietMs);
    assert.equal(heap.collections, QUIET_COLLECTION.rounds + 1);
    quiet.stop();
  });

  it('leaves a heap with little slack alone', () => {
    const clock = new ManualClock();
    const heap = new FakeHeap();
    heap.slack = QUIET_COLLECTION.minSlackBytes - 1;
    const quiet = startQuietHeapCollection(clock, heap);
    clock.advance(10 * 60_000);
    assert.equal(heap.collections, 0);
    quiet.stop();
  });

  it('waits while the process keeps collecting by itself', () => {
    const clock = new ManualClock();
    const heap = new FakeHeap();
    heap.slack = 60 * MIB;
    const quiet = startQuietHeapCollection(clock, heap);
    for (let i = 0; i < 10; i++) {
      clock.advance(QUIET_COLLECTION.quietMs / 2);
      heap.ownFullCollection();
    }
    assert.equal(heap.collections, 0);
    quiet.stop();
    clock.advance(10 * 60_000);
    assert.equal(heap.collections, 0, 'nothing after stop');
  });
});

describe('v8Heap', () => {
  it('runs a real full collection, which frees unreachable objects and is not reported as the process\'s own', async () => {
    // Garbage made before anything observes, so no collection of the process's own falls in the window.
    let garbage: unknown[] | undefined = Array.from({ length: 200_000 }, (_, i) => ({ i, text: `object ${i}` }));
    assert.equal(garbage.length, 200_000);
    garbage = undefined;
    const heap = v8Heap();
    let own = 0;
    const unsubscribe = heap.onOwnFullCollection(() => own++);
    // What the filter rests on: a forced collection is reported as a major one, flagged forced.
    const forced: number[] = [];
    const raw = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const detail = (entry as PerformanceEntry & { detail?: NodeGCPerformanceDetail }).detail;
        if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) forced.push(detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED);
      }
    });
    raw.observe({ entryTypes: ['gc'] });
    const before = process.memoryUsage().heapUsed;
    heap.collect();
    const after = process.memoryUsage().heapUsed;
    assert.ok(after < before - 5 * MIB, `heap used ${before} -> ${after}`);
    // GC entries reach observers on a later turn.
    await new Promise((resolve) => setTimeout(resolve, 50));
    unsubscribe();
    raw.disconnect();
    assert.ok(forced.length >= 1 && forced.every((flag) => flag !== 0), `major collections seen: ${forced.length}`);
    assert.equal(own, 0);
    assert.ok(heap.slackBytes() >= 0);
  });
});
