import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSubsequence, orderMergedList } from './element-order.js';

const id = (v: unknown): unknown => v;

test('named elements follow the wanted order, live-only ones keep their live place', () => {
  assert.deepEqual(orderMergedList(['a', 'b', 'c'], ['c', 'a', 'b'], ['a', 'b', 'c'], id), ['c', 'a', 'b']);
  assert.deepEqual(orderMergedList(['a', 'b', 'c'], ['b'], ['a', 'b', 'c'], id), ['a', 'b', 'c']);
  assert.deepEqual(orderMergedList(['a', 'x', 'b'], ['b', 'a'], ['a', 'x', 'b'], id), ['x', 'b', 'a']);
});

test('a new element goes before the live-only elements it cannot be compared with', () => {
  assert.deepEqual(orderMergedList(['a', 'new'], ['new'], ['a'], id), ['new', 'a']);
  assert.deepEqual(orderMergedList(['a', 'b', 'new'], ['a', 'new'], ['a', 'b'], id), ['a', 'new', 'b']);
});

test('identities come from the identity function; elements without one are live-only and go last', () => {
  const merged = [{ k: 1, v: 'x' }, { v: 'no key' }, { k: 2 }];
  const out = orderMergedList(merged, [2, 1], merged, (e) => (e as { k?: number }).k);
  assert.deepEqual(out, [{ k: 2 }, { k: 1, v: 'x' }, { v: 'no key' }]);
});

test('isSubsequence checks relative order', () => {
  assert.equal(isSubsequence([], ['a']), true);
  assert.equal(isSubsequence(['a', 'c'], ['a', 'b', 'c']), true);
  assert.equal(isSubsequence(['c', 'a'], ['a', 'b', 'c']), false);
  assert.equal(isSubsequence(['d'], ['a']), false);
});
