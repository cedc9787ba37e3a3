import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArrayIndex, parseJsonPointer } from './json-pointer.js';

test('parses RFC 6901 pointers with escapes', () => {
  assert.deepEqual(parseJsonPointer(''), { ok: true, tokens: [] });
  assert.deepEqual(parseJsonPointer('/'), { ok: true, tokens: [''] });
  assert.deepEqual(parseJsonPointer('/a/b'), { ok: true, tokens: ['a', 'b'] });
  assert.deepEqual(parseJsonPointer('/a~1b/m~0n'), { ok: true, tokens: ['a/b', 'm~n'] });
  // "~01" is "~1" literally, not "/": ~1 is decoded before ~0 would be wrong.
  assert.deepEqual(parseJsonPointer('/~01'), { ok: true, tokens: ['~1'] });
  assert.deepEqual(parseJsonPointer('/a//b'), { ok: true, tokens: ['a', '', 'b'] });
});

test('refuses pointers without a leading slash and bad escapes', () => {
  assert.equal(parseJsonPointer('a/b').ok, false);
  assert.equal(parseJsonPointer('/a~').ok, false);
  assert.equal(parseJsonPointer('/a~2').ok, false);
});

test('array indices are decimal without leading zeros', () => {
  assert.equal(parseArrayIndex('0'), 0);
  assert.equal(parseArrayIndex('12'), 12);
  for (const bad of ['01', '-1', '1.0', '', '-', ' 1', '1e2']) assert.equal(parseArrayIndex(bad), undefined, bad);
});
