import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyedHeap } from './heap.js';

interface Item {
  key: string;
  v: number;
}

function heap() {
  return new KeyedHeap<Item>((i) => i.key, (a, b) => a.v < b.v);
}

test('pops in order, with updates and deletes in between', () => {
  const h = heap();
  const values = [5, 3, 9, 1, 7, 2, 8, 6, 4, 0];
  values.forEach((v, i) => h.addOrUpdate({ key: `k${i}`, v }));
  h.addOrUpdate({ key: 'k2', v: -1 }); // 9 -> -1
  h.delete('k3'); // drop 1
  const out: number[] = [];
  for (let item = h.pop(); item; item = h.pop()) out.push(item.v);
  assert.deepEqual(out, [-1, 0, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(h.size, 0);
});

test('has/get by key', () => {
  const h = heap();
  h.addOrUpdate({ key: 'a', v: 1 });
  assert.equal(h.has('a'), true);
  assert.deepEqual(h.get('a'), { key: 'a', v: 1 });
  assert.equal(h.delete('missing'), undefined);
});
