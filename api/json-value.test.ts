import { describe, it, test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneJson, deepEqual, describeType, getOwn, hasOwn, isPlainObject, isPrimitive, serializedEqual, setOwn } from './json-value.js';

test('isPlainObject accepts JSON maps only', () => {
  assert.equal(isPlainObject({}), true);
  assert.equal(isPlainObject(Object.create(null)), true);
  assert.equal(isPlainObject(JSON.parse('{"__proto__":1}')), true);
  for (const v of [null, undefined, [], 'x', 1, true, new Date(), new Map()]) assert.equal(isPlainObject(v), false, String(v));
});

test('isPrimitive accepts JSON scalars only', () => {
  for (const v of ['', 'x', 0, 1.5, true, false, null]) assert.equal(isPrimitive(v), true, String(v));
  for (const v of [undefined, {}, [], () => 1]) assert.equal(isPrimitive(v), false, String(v));
});

test('deepEqual compares JSON values structurally, ignoring member order', () => {
  assert.equal(deepEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }), true);
  assert.equal(deepEqual([1, 2], [2, 1]), false);
  assert.equal(deepEqual({ a: 1 }, { a: 1, b: undefined }), false);
  assert.equal(deepEqual({ a: undefined }, { b: undefined }), false);
  assert.equal(deepEqual(1, '1'), false);
  assert.equal(deepEqual(null, {}), false);
  assert.equal(deepEqual([], {}), false);
  assert.equal(deepEqual({}, []), false);
});

test('own-member helpers never touch the prototype', () => {
  const obj: Record<string, unknown> = {};
  assert.equal(hasOwn(obj, 'toString'), false);
  assert.equal(getOwn(obj, 'toString'), undefined);
  setOwn(obj, '__proto__', { polluted: true });
  assert.equal(hasOwn(obj, '__proto__'), true);
  assert.deepEqual(getOwn(obj, '__proto__'), { polluted: true });
  assert.equal(Object.getPrototypeOf(obj), Object.prototype);
  assert.deepEqual(Object.keys(obj), ['__proto__']);
});

test('cloneJson copies deeply and keeps undefined', () => {
  const value = { a: [{ b: 1 }] };
  const copy = cloneJson(value);
  copy.a[0]!.b = 2;
  assert.equal(value.a[0]!.b, 1);
  assert.equal(cloneJson(undefined), undefined);
});

test('describeType names JSON types as messages show them', () => {
  assert.deepEqual([null, [], {}, 'x', 1, true].map(describeType), ['null', 'list', 'map', 'string', 'number', 'boolean']);
});

describe('serializedEqual', () => {
  it('ignores key order and undefined members', () => {
    assert.equal(serializedEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), true);
    assert.equal(serializedEqual({ a: 1, x: undefined }, { a: 1 }), true);
  });

  it('sees differences in values, lengths and types', () => {
    assert.equal(serializedEqual({ a: [1, 2] }, { a: [2, 1] }), false);
    assert.equal(serializedEqual({ a: [1] }, { a: [1, 1] }), false);
    assert.equal(serializedEqual({ a: {} }, { a: [] }), false);
    assert.equal(serializedEqual({ a: null }, { a: {} }), false);
    assert.equal(serializedEqual({ a: 1 }, { b: 1 }), false);
  });
});

