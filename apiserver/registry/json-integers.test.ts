import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findUnsafeInteger } from './json-integers.js';

test('integers past 2^53 are found with their path; safe ones, floats and strings are not', () => {
  assert.equal(findUnsafeInteger('{"spec":{"replicas":9007199254740991}}'), undefined);
  assert.deepEqual(findUnsafeInteger('{"spec":{"replicas":9007199254740992}}'), { literal: '9007199254740992', path: 'spec.replicas' });
  assert.deepEqual(findUnsafeInteger('{"a":"99999999999999999999","b":[1,{"c":-99999999999999999999}]}'), {
    literal: '-99999999999999999999',
    path: 'b[1].c',
  });
  assert.equal(findUnsafeInteger('{"a":1e300,"b":12345678901234567890.5,"c":"\\"99999999999999999999"}'), undefined);
  assert.deepEqual(findUnsafeInteger('{"x\\"y":{"k":[0,0,0,123456789012345678]}}'), { literal: '123456789012345678', path: 'x"y.k[3]' });
  assert.deepEqual(findUnsafeInteger('99999999999999999999'), { literal: '99999999999999999999', path: '' });
});
