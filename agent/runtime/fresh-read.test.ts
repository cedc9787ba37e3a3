import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FreshRead } from './fresh-read.js';

/** A read whose answers the test releases one at a time, counting how many started. */
function controlledRead(): { read: () => Promise<number>; started: () => number; finish: (err?: Error) => void } {
  const pending: { resolve: (n: number) => void; reject: (err: Error) => void }[] = [];
  let count = 0;
  return {
    read: () => {
      count++;
      const n = count;
      return new Promise<number>((resolve, reject) => pending.push({ resolve: () => resolve(n), reject }));
    },
    started: () => count,
    finish: (err) => {
      const p = pending.shift();
      if (!p) throw new Error('no read is under way');
      if (err) p.reject(err);
      else p.resolve(0);
    },
  };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('FreshRead', () => {
  it('serves callers of the same tick with one read', async () => {
    const r = controlledRead();
    const shared = new FreshRead(r.read);
    const answers = Promise.all([shared.get(), shared.get(), shared.get()]);
    await settle();
    assert.equal(r.started(), 1);
    r.finish();
    assert.deepEqual(await answers, [1, 1, 1]);
  });

  it('never answers a caller with a read that started before it asked', async () => {
    const r = controlledRead();
    const shared = new FreshRead(r.read);
    const first = shared.get();
    await settle();
    const late = [shared.get(), shared.get()];
    await settle();
    assert.equal(r.started(), 1, 'the late callers wait instead of starting a read beside the running one');
    r.finish();
    assert.equal(await first, 1);
    await settle();
    assert.equal(r.started(), 2, 'the late callers share one read, started when the first ended');
    r.finish();
    assert.deepEqual(await Promise.all(late), [2, 2]);
  });

  it('passes a failed read to its callers only, and reads again for the next', async () => {
    const r = controlledRead();
    const shared = new FreshRead(r.read);
    const failed = shared.get();
    await settle();
    r.finish(new Error('engine down'));
    await assert.rejects(failed, /engine down/);
    const next = shared.get();
    await settle();
    r.finish();
    assert.equal(await next, 2);
  });
});
