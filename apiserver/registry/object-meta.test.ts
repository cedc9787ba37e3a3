import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deepEqual } from './deep-equal.js';
import { generateName, MAX_GENERATE_NAME_BASE, rfc3339 } from './object-meta.js';

describe('generateName', () => {
  it('appends five characters from the Kubernetes alphabet', () => {
    assert.match(generateName('web-'), /^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('cuts a long base so the name stays a DNS label', () => {
    const name = generateName('x'.repeat(80));
    assert.equal(name.length, MAX_GENERATE_NAME_BASE + 5);
    assert.ok(name.length <= 63);
  });
});

describe('rfc3339', () => {
  it('renders whole seconds in UTC', () => {
    assert.equal(rfc3339(Date.parse('2026-01-02T03:04:05.987Z')), '2026-01-02T03:04:05Z');
  });
});

describe('deepEqual', () => {
  it('ignores key order and undefined members', () => {
    assert.equal(deepEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), true);
    assert.equal(deepEqual({ a: 1, x: undefined }, { a: 1 }), true);
  });

  it('sees differences in values, lengths and types', () => {
    assert.equal(deepEqual({ a: [1, 2] }, { a: [2, 1] }), false);
    assert.equal(deepEqual({ a: [1] }, { a: [1, 1] }), false);
    assert.equal(deepEqual({ a: {} }, { a: [] }), false);
    assert.equal(deepEqual({ a: null }, { a: {} }), false);
    assert.equal(deepEqual({ a: 1 }, { b: 1 }), false);
  });
});
