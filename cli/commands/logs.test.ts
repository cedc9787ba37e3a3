import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTail } from './logs.js';

test('--tail: a count, or every line when negative or absent', () => {
  assert.equal(parseTail('0'), 0);
  assert.equal(parseTail('25'), 25);
  assert.equal(parseTail('-1'), undefined);
  assert.equal(parseTail(undefined), undefined);
  assert.throws(() => parseTail('ten'), /invalid argument "ten" for "--tail" flag/);
});
