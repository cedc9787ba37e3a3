import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WriteFence } from './write-fence.js';
import { ManualClock } from '../../testkit/fakes/manual-clock.js';

test('waits until the cache has seen the written resourceVersion', () => {
  const fence = new WriteFence(new ManualClock());
  fence.wrote('ns/a', '10', '8');
  assert.equal(fence.waiting(['ns/a', 'ns/b']), true);
  fence.observed('ns/a', '9');
  assert.equal(fence.waiting(['ns/a']), true);
  fence.observed('ns/a', '11');
  assert.equal(fence.waiting(['ns/a']), false);
});

test('a deleted object and an expired write stop the wait', () => {
  const clock = new ManualClock();
  const fence = new WriteFence(clock);
  fence.wrote('ns/a', '10', undefined);
  fence.observed('ns/a', undefined);
  assert.equal(fence.waiting(['ns/a']), false);
  fence.wrote('ns/b', '5', undefined);
  clock.advance(60_000);
  assert.equal(fence.waiting(['ns/b']), false);
});

test('a write whose event the cache already holds is not waited for', () => {
  const fence = new WriteFence(new ManualClock());
  fence.wrote('ns/a', '10', '10');
  assert.equal(fence.waiting(['ns/a']), false);
});
